import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { assets, assetVersions, auditLog } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { importCsv, previewCsvImport, reviewOf, SHOWN_CHANGES, type CsvImport } from "./csv-import.server";
import { ingestInventory, type IngestOutcome } from "./ingest.server";
import { IngestRequest } from "./ingest-schema";
import type { AssetKind } from "./kinds";
import { translator } from "../i18n/i18n";
import { isMessageKey, messageText } from "../i18n/keys";

let database: TestDatabase;
let orgId: string;
let tenantSlug: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  tenantSlug = (await createTenant(database.db, orgId)).slug;
  await ingest({
    source: "dcim",
    mode: "upsert",
    assets: [
      { kind: "site", external_id: "par2", name: "Paris North", country: "FR", attributes: {} },
      { kind: "hall", external_id: "par2-h1", name: "Hall 1", parent: "par2", attributes: {} },
    ],
  });
});
afterAll(() => database?.destroy());

function ingest(body: unknown) {
  const request = IngestRequest.parse(body);
  return withScope(database.db, { organizationId: orgId }, (tx) =>
    ingestInventory(tx, { organizationId: orgId, actor: systemActor, request }),
  );
}

const input = (source: string, csv: string, kind: AssetKind = "rack"): CsvImport => ({
  organizationId: orgId,
  actor: systemActor,
  kind,
  source,
  mode: "upsert",
  csv,
});
const preview = (source: string, csv: string, kind?: AssetKind) => previewCsvImport(database.db, input(source, csv, kind));
const confirm = (source: string, csv: string, fingerprint: string, kind?: AssetKind) =>
  withScope(database.db, { organizationId: orgId }, (tx) =>
    importCsv(tx, { ...input(source, csv, kind), expectedFingerprint: fingerprint }),
  );

function ok(outcome: IngestOutcome) {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.errors)}`);
  return outcome;
}
const rackOf = async (source: string, externalId: string) => {
  const [row] = await database.db
    .select()
    .from(assets)
    .where(and(eq(assets.organizationId, orgId), eq(assets.source, source), eq(assets.externalId, externalId)));
  return row!;
};

const HEADER = "external_id,name,parent,tenant,country,region,owner,tags,power_budget_kw,redundancy,units";

/** A source with one rack owned by the platform team, tagged, with an attribute only the API sent (cage). */
async function seedRack(source: string) {
  const csv = `${HEADER}\nr01,R01,par2-h1,${tenantSlug},,IDF,Platform team,gpu;prod,80,2N,48\n`;
  const first = ok((await preview(source, csv)).outcome);
  expect(first).toMatchObject({ created: 1, updated: 0, changes: [] });
  ok((await confirm(source, csv, first.fingerprint)).outcome);
  await ingest({
    source,
    mode: "upsert",
    assets: [
      {
        kind: "rack",
        external_id: "r01",
        name: "R01",
        parent: "par2-h1",
        tenant: tenantSlug,
        region: "IDF",
        owner: "Platform team",
        tags: ["gpu", "prod"],
        attributes: { power_budget_kw: 80, redundancy: "2N", units: 48, cage: "C1" },
      },
    ],
  });
  return rackOf(source, "r01");
}

describe("CSV import: empty cells keep, the clear marker erases", () => {
  it("changes one field and keeps the owner of an empty owner cell; the preview shows exactly that", async () => {
    const before = await seedRack("sheet-a");
    const csv = `${HEADER}\nr01,R01,,,,,,,100,,\n`;
    const { rows, outcome } = await preview("sheet-a", csv);
    const dry = ok(outcome);
    expect(rows).toBe(1);
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(dry.changes).toEqual([
      {
        kind: "rack",
        externalId: "r01",
        name: "R01",
        restored: false,
        fields: [{ field: "attributes.power_budget_kw", before: "80", after: "100" }],
      },
    ]);
    expect(reviewOf(dry)).toMatchObject({ clearCount: 0, clears: [] });
    // The preview wrote nothing.
    expect((await rackOf("sheet-a", "r01")).version).toBe(before.version);

    const auditBefore = (await database.db.select().from(auditLog)).length;
    const done = ok((await confirm("sheet-a", csv, dry.fingerprint)).outcome);
    expect(done).toMatchObject({ updated: 1 });
    const after = await rackOf("sheet-a", "r01");
    expect(after).toMatchObject({
      owner: "Platform team",
      tenantId: before.tenantId,
      parentId: before.parentId,
      region: "IDF",
      tags: ["gpu", "prod"],
      attributes: { power_budget_kw: 100, redundancy: "2N", units: 48, cage: "C1" },
      version: before.version + 1,
    });
    const versions = await database.db.select().from(assetVersions).where(eq(assetVersions.assetId, after.id));
    expect(versions.map((v) => [v.version, v.owner])).toEqual(expect.arrayContaining([[after.version, "Platform team"]]));
    const audit = await database.db.select().from(auditLog);
    expect(audit.slice(auditBefore).map((a) => [a.action, a.entityId])).toEqual([["inventory.ingest", "sheet-a"]]);
  });

  it("warns before writing about each value the clear marker erases, then erases exactly those", async () => {
    await seedRack("sheet-b");
    const csv = `${HEADER}\nr01,R01,,,,,(clear),(clear),,(clear),\n`;
    const dry = ok((await preview("sheet-b", csv)).outcome);
    const review = reviewOf(dry);
    expect(review.clearCount).toBe(3);
    expect(review.clears).toEqual([
      { externalId: "r01", name: "R01", field: "owner", before: "Platform team" },
      { externalId: "r01", name: "R01", field: "tags", before: "gpu; prod" },
      { externalId: "r01", name: "R01", field: "attributes.redundancy", before: "2N" },
    ]);
    expect((await rackOf("sheet-b", "r01")).owner).toBe("Platform team");

    ok((await confirm("sheet-b", csv, dry.fingerprint)).outcome);
    expect(await rackOf("sheet-b", "r01")).toMatchObject({
      owner: null,
      tags: [],
      region: "IDF",
      attributes: { power_budget_kw: 80, units: 48, cage: "C1" },
    });
  });

  it("counts an unchanged row and gives new rows only their filled cells (a clear on a new asset is no value)", async () => {
    await seedRack("sheet-c");
    const csv = `${HEADER}\nr01,R01,,,,,,,,,\nr02,R02,par2-h1,,,,(clear),,,,\n`;
    const dry = ok((await preview("sheet-c", csv)).outcome);
    expect(dry).toMatchObject({ created: 1, updated: 0, unchanged: 1, changes: [] });
    ok((await confirm("sheet-c", csv, dry.fingerprint)).outcome);
    expect(await rackOf("sheet-c", "r02")).toMatchObject({ owner: null, tags: [], attributes: {}, region: null });
  });

  it("writes nothing when the inventory changed after the preview, and the new preview shows the new state", async () => {
    await seedRack("sheet-d");
    const csv = `${HEADER}\nr01,R01,,,,,,,120,,\n`;
    const dry = ok((await preview("sheet-d", csv)).outcome);
    // Someone else changes the owner between the preview and the confirmation.
    const changed = await ingest({
      source: "sheet-d",
      mode: "upsert",
      assets: [
        { kind: "rack", external_id: "r01", name: "R01", parent: "par2-h1", owner: "Facilities", attributes: { power_budget_kw: 80 } },
      ],
    });
    expect(changed).toMatchObject({ ok: true, updated: 1 });
    const version = (await rackOf("sheet-d", "r01")).version;

    const { outcome } = await confirm("sheet-d", csv, dry.fingerprint);
    expect(outcome).toMatchObject({ ok: false, stale: true, errors: [{ code: "inventory.import.stale" }] });
    expect(await rackOf("sheet-d", "r01")).toMatchObject({ version, owner: "Facilities", attributes: { power_budget_kw: 80 } });

    const again = ok((await preview("sheet-d", csv)).outcome);
    expect(again.fingerprint).not.toBe(dry.fingerprint);
    expect(again.changes?.[0]?.fields).toEqual([{ field: "attributes.power_budget_kw", before: "80", after: "120" }]);
    ok((await confirm("sheet-d", csv, again.fingerprint)).outcome);
    expect(await rackOf("sheet-d", "r01")).toMatchObject({ owner: "Facilities", attributes: { power_budget_kw: 120 } });
  });

  it("confirms a preview of new assets although their ids are only drawn at the write", async () => {
    const csv = `${HEADER}\nr10,R10,par2-h1,,,,,,,,\n`;
    const dry = ok((await preview("sheet-e", csv)).outcome);
    expect(ok((await confirm("sheet-e", csv, dry.fingerprint)).outcome)).toMatchObject({ created: 1 });
  });

  it("refuses a clear marker on the name and an unknown tenant, in words the page translates", async () => {
    const { outcome } = await preview("sheet-f", `${HEADER}\nr01,(clear),par2-h1,,,,,,,,\nr02,R02,par2-h1,nobody,,,,,,,\n`);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toEqual([
      expect.objectContaining({ code: "inventory.import.clearRequired", params: expect.objectContaining({ line: 2, column: "name" }) }),
    ]);
    const tenantless = await preview("sheet-f", `${HEADER}\nr02,R02,par2-h1,nobody,,,,,,,\n`);
    expect(tenantless.outcome).toMatchObject({
      ok: false,
      errors: [{ index: 0, code: "inventory.import.noTenant", params: { tenant: "nobody" } }],
    });
  });

  it("says each refused row's problem in the reader's language, with its line and column, never in zod's English", async () => {
    const fr = translator("fr");
    const problems = async (csv: string, kind: AssetKind) => {
      const { outcome } = await preview("sheet-i", csv, kind);
      if (outcome.ok) throw new Error("accepted");
      for (const e of outcome.errors) expect(isMessageKey(e.code), e.code).toBe(true);
      return outcome.errors.map((e) => [e.params?.line, e.params?.column, messageText(fr, e.code, e.params)]);
    };
    // A yes/no column given something else.
    expect(await problems("external_id,name,cctv\ns1,S1,peut-être\n", "site")).toEqual([[2, "cctv", "Indiquez vrai ou faux."]]);
    // A date and time that is not one.
    expect(await problems("external_id,name,last_success_at\nb1,B1,hier\n", "backup")).toEqual([
      [2, "last_success_at", "Saisissez une date et une heure avec leur fuseau horaire, par exemple 2026-03-01T14:30:00Z."],
    ]);
    // A new device in a file without the required role column, and a value that is not one of the choices.
    expect(await problems("external_id,name,vendor\nn9,N9,Dell\n", "device")).toEqual([[2, "role", "Ce champ est obligatoire."]]);
    expect(await problems("external_id,name,role\nn9,N9,toaster\n", "device")).toEqual([
      [2, "role", "Choisissez l’une des valeurs autorisées."],
    ]);
    // A number below its bound names the bound.
    expect(await problems(`${HEADER}\nr77,R77,par2-h1,,,,,,-3,,\n`, "rack")).toEqual([
      [2, "power_budget_kw", "Saisissez un nombre strictement supérieur à 0."],
    ]);
    // An unknown kind of asset.
    expect(await problems(`${HEADER}\nr78,R78,,,,,,,,,\n`, "spaceship" as AssetKind)).toEqual([
      [undefined, undefined, "Choisissez le type d’actif que contient le fichier."],
    ]);
  });

  it("keeps a device's required role when its cell is empty, and lets a cloud resource's country follow its region", async () => {
    const devices = "external_id,name,parent,role,vendor\n";
    const seeded = ok((await preview("sheet-g", `${devices}n1,N1,par2-h1,gpu_node,Supermicro\n`, "device")).outcome);
    ok((await confirm("sheet-g", `${devices}n1,N1,par2-h1,gpu_node,Supermicro\n`, seeded.fingerprint, "device")).outcome);
    const renamed = ok((await preview("sheet-g", `${devices}n1,N1 bis,,,\n`, "device")).outcome);
    expect(renamed.changes?.[0]?.fields).toEqual([{ field: "name", before: "N1", after: "N1 bis" }]);

    const clouds = "external_id,name,provider,region_id\n";
    const first = ok((await preview("sheet-g", `${clouds}b1,Bucket,aws,eu-west-3\n`, "cloud_resource")).outcome);
    ok((await confirm("sheet-g", `${clouds}b1,Bucket,aws,eu-west-3\n`, first.fingerprint, "cloud_resource")).outcome);
    const moved = ok((await preview("sheet-g", `${clouds}b1,,,eu-central-1\n`, "cloud_resource")).outcome);
    expect(moved.changes?.[0]?.fields).toEqual([
      { field: "country", before: "FR", after: "DE" },
      { field: "region", before: "eu-west-3", after: "eu-central-1" },
      { field: "attributes.region_id", before: "eu-west-3", after: "eu-central-1" },
    ]);
  });

  it("lists the first updates in external id order and counts the rest", async () => {
    const count = SHOWN_CHANGES + 5;
    const ids = Array.from({ length: count }, (_, i) => `m${String(count - i).padStart(3, "0")}`);
    const seed = `${HEADER}\n${ids.map((id) => `${id},${id},par2-h1,,,,Ops,,80,,`).join("\n")}\n`;
    const first = ok((await preview("sheet-h", seed)).outcome);
    ok((await confirm("sheet-h", seed, first.fingerprint)).outcome);
    const update = `${HEADER}\n${ids.map((id) => `${id},${id},,,,,(clear),,90,,`).join("\n")}\n`;
    const review = reviewOf(ok((await preview("sheet-h", update)).outcome));
    expect(review.counts.updated).toBe(count);
    expect(review.changes).toHaveLength(SHOWN_CHANGES);
    expect(review.moreChanges).toBe(5);
    expect(review.changes.map((c) => c.externalId)).toEqual([...ids].sort().slice(0, SHOWN_CHANGES));
    expect(review.clearCount).toBe(count);
    expect(review.clears).toHaveLength(100);
  });
});
