import { describe, expect, it } from "vitest";
import { IngestRequest } from "./ingest-schema";
import { ASSET_KINDS } from "./kinds";
import { csvTemplate, parseInventoryCsv } from "./csv.server";

describe("inventory CSV", () => {
  it("gives every kind a template whose example row is a valid asset", () => {
    for (const kind of ASSET_KINDS) {
      const { assets, errors } = parseInventoryCsv(kind, csvTemplate(kind));
      expect(errors).toEqual([]);
      const parsed = IngestRequest.safeParse({ source: "csv", mode: "upsert", assets });
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
  });

  it("reads numbers with a decimal comma, yes/no, lists and JSON cells", () => {
    const csv = '\uFEFFexternal_id,name,parent,role,gpu_count,power_draw_kw\r\nn1,Node 1,r1,gpu_node,8,"10,5"\r\n';
    const { assets } = parseInventoryCsv("device", csv);
    expect(assets[0]).toEqual({
      kind: "device",
      external_id: "n1",
      name: "Node 1",
      parent: "r1",
      attributes: { role: "gpu_node", gpu_count: 8, power_draw_kw: 10.5 },
    });
    const site = parseInventoryCsv(
      "site",
      'external_id,name,cctv,access_control,coordinates\ns,S,oui,badge; guard,"{""lat"":1,""lon"":2}"\n',
    );
    expect(site.assets[0]?.attributes).toEqual({ cctv: true, access_control: ["badge", "guard"], coordinates: { lat: 1, lon: 2 } });
  });

  it("names unknown columns, broken JSON cells and malformed files", () => {
    expect(parseInventoryCsv("hall", "external_id,name,colour\nh,H,blue\n").errors[0]?.path).toBe("column colour");
    expect(parseInventoryCsv("site", "external_id,name,coordinates\ns,S,{nope\n").errors).toEqual([
      { index: 0, path: "line 2, coordinates", message: "is not valid JSON" },
    ]);
    expect(parseInventoryCsv("site", 'external_id,name\n"unterminated,S\n').errors[0]?.path).toBe("file");
  });
});
