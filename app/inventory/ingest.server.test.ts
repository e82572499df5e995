import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { assets, assetVersions, auditLog, inventoryOutbox, powerReadings } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { ingestInventory } from "./ingest.server";
import { IngestRequest, ingestErrors } from "./ingest-schema";
import { getAssetAsOf, listAssetsAsOf, parentChain } from "./queries.server";

let database: TestDatabase;
let orgId: string;
let tenantSlug: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  tenantSlug = (await createTenant(database.db, orgId)).slug;
});
afterAll(() => database?.destroy());

function ingest(body: unknown, now?: Date) {
  const request = IngestRequest.parse(body);
  return withScope(database.db, { organizationId: orgId }, (tx) =>
    ingestInventory(tx, { organizationId: orgId, actor: systemActor, request, ...(now ? { now } : {}) }),
  );
}

const site = { kind: "site", external_id: "par1", name: "Paris-Saclay campus", country: "FR", attributes: { contracted_capacity_mw: 40 } };
const hall = { kind: "hall", external_id: "par1-h1", name: "Hall 1", parent: "par1", attributes: {} };
const rack = {
  kind: "rack",
  external_id: "par1-h1-r01",
  name: "R01",
  parent: "par1-h1",
  attributes: { power_budget_kw: 80, redundancy: "2N" },
};
const node = () => ({
  kind: "device",
  external_id: "gpu-0001",
  name: "gpu-0001",
  parent: "par1-h1-r01",
  tenant: tenantSlug,
  attributes: { role: "gpu_node", gpu_model: "H100 SXM", gpu_count: 8, power_draw_kw: 10.2 },
});
const cloud = {
  kind: "cloud_resource",
  external_id: "s3-archive",
  name: "Archive bucket",
  attributes: { provider: "aws", region_id: "eu-west-3" },
};

const liveAssets = () =>
  database.db
    .select()
    .from(assets)
    .where(and(eq(assets.organizationId, orgId), isNull(assets.deletedAt)));
const versionsOf = (assetId: string) =>
  database.db.select().from(assetVersions).where(eq(assetVersions.assetId, assetId)).orderBy(assetVersions.version);

describe("inventory ingestion", () => {
  const t0 = new Date("2026-03-01T00:00:00Z");
  const t1 = new Date("2026-04-01T00:00:00Z");
  const t2 = new Date("2026-05-01T00:00:00Z");

  it("creates assets with resolved parents, inherited locations and a first version each", async () => {
    const outcome = await ingest({ source: "dcim", mode: "snapshot", assets: [node(), rack, hall, site, cloud] }, t0);
    expect(outcome).toMatchObject({ ok: true, created: 5, updated: 0, unchanged: 0, deleted: 0 });
    const rows = await liveAssets();
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    const gpu = byId.get("gpu-0001")!;
    expect(gpu.country).toBeNull();
    expect(gpu.effectiveCountry).toBe("FR");
    expect(gpu.siteId).toBe(byId.get("par1")!.id);
    expect(byId.get("s3-archive")).toMatchObject({ country: "FR", region: "eu-west-3" });
    const chain = await withScope(database.db, { organizationId: orgId }, (tx) =>
      parentChain(tx, { organizationId: orgId, assetId: gpu.id }),
    );
    expect(chain.map((c) => c.name)).toEqual(["R01", "Hall 1", "Paris-Saclay campus"]);
    expect(await versionsOf(gpu.id)).toHaveLength(1);
  });

  it("changes nothing when the same payload comes again", async () => {
    const before = await database.db.select().from(assetVersions);
    const outcome = await ingest({ source: "dcim", mode: "snapshot", assets: [node(), rack, hall, site, cloud] }, t1);
    expect(outcome).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 5, deleted: 0 });
    expect(await database.db.select().from(assetVersions)).toHaveLength(before.length);
    const [outbox] = await database.db.select().from(inventoryOutbox).orderBy(inventoryOutbox.id).limit(1).offset(1);
    expect(outbox).toMatchObject({ hasChanges: false });
  });

  it("keeps the previous version with its validity interval when an asset changes", async () => {
    const changed = { ...node(), attributes: { ...node().attributes, gpu_model: "H200 SXM" } };
    const outcome = await ingest({ source: "dcim", mode: "upsert", assets: [changed] }, t1);
    expect(outcome).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 0 });
    const [gpu] = await database.db.select().from(assets).where(eq(assets.externalId, "gpu-0001"));
    expect(gpu?.version).toBe(2);
    const versions = await versionsOf(gpu!.id);
    expect(versions.map((v) => [v.version, v.validFrom.toISOString(), v.validTo?.toISOString() ?? null])).toEqual([
      [1, t0.toISOString(), t1.toISOString()],
      [2, t1.toISOString(), null],
    ]);
    const [, pending] = await database.db.select().from(inventoryOutbox).orderBy(inventoryOutbox.id).offset(1);
    expect(pending?.updatedIds).toEqual([gpu!.id]);
    const asOfMarch = await withScope(database.db, { organizationId: orgId }, (tx) =>
      getAssetAsOf(tx, { organizationId: orgId, assetId: gpu!.id, asOf: new Date("2026-03-15T00:00:00Z") }),
    );
    expect(asOfMarch?.attributes).toMatchObject({ gpu_model: "H100 SXM" });
  });

  it("marks the assets a snapshot leaves out as deleted, and the past still shows them", async () => {
    const outcome = await ingest({ source: "dcim", mode: "snapshot", assets: [site, hall] }, t2);
    expect(outcome).toMatchObject({ ok: true, deleted: 3, unchanged: 2 });
    expect((await liveAssets()).map((a) => a.externalId).sort()).toEqual(["par1", "par1-h1"]);
    const inApril = await withScope(database.db, { organizationId: orgId }, (tx) =>
      listAssetsAsOf(tx, { organizationId: orgId, asOf: new Date("2026-04-15T00:00:00Z"), filters: {}, limit: 100 }),
    );
    expect(inApril.map((v) => v.externalId).sort()).toEqual(["gpu-0001", "par1", "par1-h1", "par1-h1-r01", "s3-archive"]);
    const revived = await ingest({ source: "dcim", mode: "upsert", assets: [rack] }, new Date("2026-06-01T00:00:00Z"));
    expect(revived).toMatchObject({ ok: true, updated: 1 });
  });

  it("refuses the whole request on one bad asset, naming index and field, and writes nothing", async () => {
    const versionsBefore = (await database.db.select().from(assetVersions)).length;
    const auditBefore = (await database.db.select().from(auditLog)).length;
    const outcome = await ingest({
      source: "dcim",
      mode: "snapshot",
      assets: [
        { kind: "hall", external_id: "h9", name: "Hall 9", parent: "nowhere", attributes: {} },
        { ...node(), external_id: "gpu-x", tenant: "no-such-tenant" },
        { kind: "site", external_id: "par1", name: "Duplicate", attributes: {} },
        { kind: "site", external_id: "par1", name: "Duplicate", attributes: {} },
      ],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 0, path: "assets[0].parent", message: 'no site with external id "nowhere"' }),
        expect.objectContaining({
          index: 1,
          path: "assets[1].tenant",
          message: 'no tenant with identifier "no-such-tenant"',
          code: "inventory.import.noTenant",
          params: { tenant: "no-such-tenant" },
        }),
        expect.objectContaining({ index: 3, path: "assets[3].external_id" }),
      ]),
    );
    expect((await database.db.select().from(assetVersions)).length).toBe(versionsBefore);
    expect((await database.db.select().from(auditLog)).length).toBe(auditBefore);
    expect((await liveAssets()).map((a) => a.externalId).sort()).toEqual(["par1", "par1-h1", "par1-h1-r01"]);
  });

  it("validates attributes per kind and reports them by index and path", () => {
    const parsed = IngestRequest.safeParse({
      source: "dcim",
      mode: "upsert",
      assets: [
        { kind: "device", external_id: "d1", name: "d1", attributes: { role: "toaster" } },
        { kind: "site", external_id: "s1", name: "s1", country: "France", attributes: {} },
        { kind: "dataset", external_id: "ds", name: "ds", attributes: { data_categories: [] } },
      ],
    });
    expect(parsed.success).toBe(false);
    const paths = ingestErrors(parsed.error!).map((e) => e.path);
    expect(paths).toEqual(["assets[0].attributes.role", "assets[1].country", "assets[2].attributes.data_categories"]);
  });

  it("records power readings against feeds and sites, replacing a reading sent twice", async () => {
    const feed = { kind: "power_feed", external_id: "par1-feed-a", name: "Feed A", parent: "par1", attributes: { capacity_kw: 20000 } };
    const readings = [
      { asset: "par1-feed-a", measured_at: "2026-06-01T00:00:00Z", kw: 12000 },
      { asset: "par1", measured_at: "2026-06-01T00:00:00Z", kw: 24000 },
    ];
    expect(await ingest({ source: "bms", mode: "upsert", assets: [feed], power_readings: readings })).toMatchObject({
      ok: true,
      created: 1,
      readings: 2,
    });
    await ingest({ source: "bms", mode: "upsert", assets: [feed], power_readings: [{ ...readings[0]!, kw: 12500 }] });
    const rows = await database.db.select().from(powerReadings).orderBy(powerReadings.kw);
    expect(rows.map((r) => r.kw)).toEqual([12500, 24000]);
  });

  it("audits each ingest once, with its counts", async () => {
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.action, "inventory.ingest"));
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries[0]?.after).toMatchObject({ created: 5, mode: "snapshot", received: 5 });
  });

  it("moves everything stored below an asset whose location changes", async () => {
    await ingest({ source: "dcim", mode: "upsert", assets: [{ ...site, country: "BE" }] });
    const [storedRack] = await database.db.select().from(assets).where(eq(assets.externalId, "par1-h1-r01"));
    expect(storedRack?.effectiveCountry).toBe("BE");
    await ingest({ source: "dcim", mode: "upsert", assets: [site] });
    const [back] = await database.db.select().from(assets).where(eq(assets.externalId, "par1-h1-r01"));
    expect(back?.effectiveCountry).toBe("FR");
  });

  it("serialises concurrent snapshots of one source into a consistent inventory", async () => {
    // Each replaces the other's assets entirely, a mass deletion that both confirm.
    const a = {
      source: "race",
      mode: "snapshot",
      confirm_mass_delete: true,
      assets: Array.from({ length: 50 }, (_, i) => ({ kind: "site", external_id: `a${i}`, name: `A${i}`, attributes: {} })),
    };
    const b = {
      source: "race",
      mode: "snapshot",
      confirm_mass_delete: true,
      assets: Array.from({ length: 50 }, (_, i) => ({ kind: "site", external_id: `b${i}`, name: `B${i}`, attributes: {} })),
    };
    const results = await Promise.all([ingest(a), ingest(b)]);
    expect(results.every((r) => r.ok)).toBe(true);
    const live = (await liveAssets()).filter((r) => r.source === "race").map((r) => r.externalId[0]);
    // One snapshot won entirely: never a mixture of both, never an empty source.
    expect(live).toHaveLength(50);
    expect(new Set(live).size).toBe(1);
  });
});
