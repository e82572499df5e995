import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import { assets, assetVersions, auditLog, tenants } from "../db/schema";
import { createApiToken } from "../app/auth/api-tokens.server";
import { IngestRequest } from "../app/inventory/ingest-schema";
import { ASSET_KINDS } from "../app/inventory/kinds";
import * as inventory from "../app/routes/api.v1.inventory";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, createTenant, systemActor, testContext } from "./factories";

let database: TestDatabase;
let secret: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const orgId = (await createOrganization(database.db)).id;
  const tenant = await createTenant(database.db, orgId);
  await database.db.update(tenants).set({ slug: "t1" });
  secret = (
    await withScope(database.db, { organizationId: orgId }, (tx) =>
      createApiToken(tx, { organizationId: orgId, actor: systemActor, name: "p", scopes: ["inventory:write"] }),
    )
  ).secret;
  expect(tenant.id).toBeTruthy();
});
afterAll(() => database?.destroy());

const ids = fc.constantFrom("a", "b", "c", "d", "site-1", "hall-1", "");
const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object());
const attributes = fc.oneof(
  fc.record(
    { role: fc.constantFrom("gpu_node", "server", "toaster"), gpu_count: fc.oneof(fc.integer({ min: -2, max: 16 }), junk) },
    { requiredKeys: [] },
  ),
  fc.record({ data_categories: fc.oneof(fc.constant(["personal"]), fc.constant([]), junk) }, { requiredKeys: [] }),
  fc.record(
    { provider: fc.constantFrom("aws", "gcp", "mars"), region_id: fc.constantFrom("eu-west-3", "nowhere", "") },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string({ maxLength: 5 }), junk, { maxKeys: 3 }),
  junk,
);
const asset = fc.record(
  {
    kind: fc.oneof(fc.constantFrom(...ASSET_KINDS), fc.string({ maxLength: 8 })),
    external_id: fc.oneof(ids, junk),
    name: fc.oneof(fc.string({ maxLength: 20 }), junk),
    parent: fc.oneof(ids, junk),
    tenant: fc.oneof(fc.constantFrom("t1", "nope"), junk),
    country: fc.oneof(fc.constantFrom("FR", "DE", "XX", "fr"), junk),
    attributes,
  },
  { requiredKeys: [] },
);
const validSites = fc.uniqueArray(
  fc.record({
    kind: fc.constant("site"),
    external_id: fc.constantFrom("s1", "s2", "s3", "s4"),
    name: fc.string({ minLength: 1, maxLength: 10 }).filter((n) => n.trim().length > 0),
    country: fc.constantFrom("FR", "DE"),
    attributes: fc.constant({}),
  }),
  { selector: (a) => a.external_id, maxLength: 4 },
);
const payload = fc.oneof(
  fc.record({ source: fc.constant("prop"), mode: fc.constantFrom("upsert", "snapshot"), assets: validSites }),
  fc.record(
    {
      source: fc.oneof(fc.constantFrom("prop", "Prop!", ""), junk),
      mode: fc.oneof(fc.constantFrom("upsert", "snapshot", "merge"), junk),
      assets: fc.oneof(fc.array(asset, { maxLength: 6 }), junk),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

async function totals() {
  const [a] = await database.db.select({ n: count() }).from(assets);
  const [v] = await database.db.select({ n: count() }).from(assetVersions);
  const [l] = await database.db.select({ n: count() }).from(auditLog);
  return { assets: a!.n, versions: v!.n, audit: l!.n };
}

describe("ingestion under random and malformed payloads", () => {
  it("the schema never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        expect(() => IngestRequest.safeParse(body)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("the endpoint never answers 500 and never writes part of a refused request", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const before = await totals();
        const request = new Request("http://localhost/api/v1/inventory", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}` },
          body: JSON.stringify(body) ?? "null",
        });
        const response = await inventory.action({ request, params: {}, context: testContext(database.db) });
        // 409: a snapshot that would delete all of the source without confirm_mass_delete.
        expect([200, 400, 409, 413, 422]).toContain(response.status);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const after = await totals();
        if (response.status !== 200) expect(after).toEqual(before);
        else expect(after.audit).toBe(before.audit + 1);
      }),
      { numRuns: 150 },
    );
    // Both paths were exercised: some payloads were accepted, some refused.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect((statuses.get(400) ?? 0) + (statuses.get(422) ?? 0)).toBeGreaterThan(0);
  });
});
