import { describe, expect, it } from "vitest";
import { translator } from "../i18n/i18n";
import { messageText } from "../i18n/keys";
import { IngestRequest } from "./ingest-schema";
import { ASSET_KINDS } from "./kinds";
import { csvTemplate, parseInventoryCsv } from "./csv.server";
import { mergePatch } from "./patch";

describe("inventory CSV", () => {
  it("gives every kind a template whose example row is a valid new asset", () => {
    for (const kind of ASSET_KINDS) {
      const { patches, errors } = parseInventoryCsv(kind, csvTemplate(kind));
      expect(errors).toEqual([]);
      const assets = patches.map((p) => mergePatch(p, undefined));
      const parsed = IngestRequest.safeParse({ source: "csv", mode: "upsert", assets });
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
  });

  it("reads numbers with a decimal comma, yes/no, lists and JSON cells", () => {
    const csv = '\uFEFFexternal_id,name,parent,role,gpu_count,power_draw_kw\r\nn1,Node 1,r1,gpu_node,8,"10,5"\r\n';
    const { patches } = parseInventoryCsv("device", csv);
    expect(patches[0]).toEqual({
      item: {
        kind: "device",
        external_id: "n1",
        name: "Node 1",
        parent: "r1",
        attributes: { role: "gpu_node", gpu_count: 8, power_draw_kw: 10.5 },
      },
      clear: [],
    });
    const site = parseInventoryCsv(
      "site",
      'external_id,name,cctv,access_control,coordinates\ns,S,oui,badge; guard,"{""lat"":1,""lon"":2}"\n',
    );
    expect(site.patches[0]?.item.attributes).toEqual({ cctv: true, access_control: ["badge", "guard"], coordinates: { lat: 1, lon: 2 } });
  });

  it("leaves empty cells out (kept on an existing asset) and lists the cells marked (clear), in any case", () => {
    const csv = "external_id,name,parent,tenant,owner,tags,vendor,serial,role\nn1,,,(clear), (CLEAR) ,;,,(Clear),\n";
    const { patches, errors } = parseInventoryCsv("device", csv);
    expect(errors).toEqual([]);
    // An empty name, parent, role, and a tags cell with no tag in it: nothing said, nothing changed.
    expect(patches[0]).toEqual({
      item: { kind: "device", external_id: "n1", attributes: {} },
      clear: ["tenant", "owner", "attributes.serial"],
    });
  });

  it("refuses the clear marker on the name, the external id and required attributes, naming the line and the column", () => {
    const csv = "external_id,name,role,vendor\nn1,(clear),gpu_node,\n(clear),N2,server,\nn3,N3,(clear),(clear)\n";
    const { errors } = parseInventoryCsv("device", csv);
    expect(errors).toEqual([
      {
        index: 0,
        path: "assets[0].name",
        message: "name is required and cannot be cleared",
        code: "inventory.import.clearRequired",
        params: { line: 2, column: "name", marker: "(clear)" },
      },
      expect.objectContaining({ index: 1, path: "assets[1].external_id", params: { line: 3, column: "external_id", marker: "(clear)" } }),
      expect.objectContaining({ index: 2, path: "assets[2].attributes.role", params: { line: 4, column: "role", marker: "(clear)" } }),
    ]);
  });

  it("names unknown columns, broken JSON cells and malformed files", () => {
    expect(parseInventoryCsv("hall", "external_id,name,colour\nh,H,blue\n").errors[0]).toMatchObject({
      path: "column colour",
      code: "inventory.import.unknownColumn",
      params: { column: "colour" },
    });
    expect(parseInventoryCsv("site", "external_id,name,coordinates\ns,S,{nope\n").errors).toEqual([
      {
        index: 0,
        path: "assets[0].attributes.coordinates",
        message: "is not valid JSON",
        code: "inventory.import.invalidJson",
        params: { line: 2, column: "coordinates" },
      },
    ]);
    expect(parseInventoryCsv("site", 'external_id,name\n"unterminated,S\n').errors[0]).toMatchObject({
      path: "file",
      code: "inventory.import.unreadableQuote",
      params: expect.objectContaining({ line: 2 }),
    });
    // It says where and what, in the reader's words, not csv-parse's English.
    const [unreadable] = parseInventoryCsv("site", 'external_id,name\n"unterminated,S\n').errors;
    expect(messageText(translator("fr"), unreadable!.code, unreadable!.params)).toBe(
      "Le fichier ne peut pas être lu comme un CSV : à la ligne 2, une cellule entre guillemets n’est pas fermée, ou des caractères suivent son guillemet fermant.",
    );
    expect(parseInventoryCsv("site", "external_id,name\ns,S,extra\n").errors[0]).toMatchObject({
      code: "inventory.import.unreadableCells",
      params: expect.objectContaining({ line: 2 }),
    });
  });
});
