import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope, type Tx } from "../../db/connection.server";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { IngestRequest } from "../inventory/ingest-schema";
import { ingestInventory } from "../inventory/ingest.server";
import { grantException, posture, revokeException } from "../policy-engine/findings.server";
import { processOrganization } from "../policy-engine/runs.server";
import { siteCards } from "./sites.server";

/**
 * The dashboard's posture and site cards are counted once per findings version (and inventory version): they must
 * still follow every write of a finding, an exception, a permit or an asset, whoever makes it.
 */
describe("the dashboard's findings counts", () => {
  let database: TestDatabase;
  let org = "";
  let tenant = { id: "", slug: "" };
  const site = (id: string) => ({ kind: "site", external_id: id, name: id, country: "FR", attributes: {} });
  const volume = (id: string, parent: string) => ({
    kind: "storage_volume",
    external_id: id,
    name: id,
    parent,
    tenant: tenant.slug,
    attributes: { encrypted_at_rest: false },
  });
  const inScope = <T>(work: (tx: Tx) => Promise<T>) => withScope(database.db, { organizationId: org }, work);
  async function ingest(assets: Record<string, unknown>[]) {
    const outcome = await inScope((tx) =>
      ingestInventory(tx, {
        organizationId: org,
        actor: systemActor,
        request: IngestRequest.parse({ source: "dcim", mode: "upsert", assets }),
      }),
    );
    expect(outcome.ok).toBe(true);
  }
  const live = async (siteName: string) => {
    const card = (await inScope((tx) => siteCards(tx, { organizationId: org, includeFindings: true }))).find((c) => c.name === siteName)!;
    return Object.values(card.findings!).reduce((a, b) => a + b, 0);
  };
  const seen = () => inScope((tx) => posture(tx, { organizationId: org }));
  const accepted = async () => (await seen()).bySeverity.filter((r) => r.status === "accepted").reduce((a, r) => a + r.n, 0);
  const idOf = async (table: "assets" | "findings", where: ReturnType<typeof sql>) =>
    rowsOf<{ id: string }>(await database.db.execute(sql`select id from ${sql.raw(table)} where organization_id = ${org} and ${where}`))[0]!
      .id;

  beforeAll(async () => {
    database = await createTestDatabase();
    org = (await createOrganization(database.db)).id;
    tenant = (await createTenant(database.db, org, "North AI"))!;
    await ingest([site("Nord"), site("Sud"), volume("v1", "Nord"), volume("v2", "Nord")]);
    await processOrganization(database.db, org);
  });
  afterAll(() => database?.destroy());

  it("follow an asset moved to another site, before any run", async () => {
    const nord = await live("Nord");
    expect(nord).toBeGreaterThanOrEqual(2);
    expect(await live("Nord")).toBe(nord);
    const sud = await live("Sud");
    await ingest([volume("v2", "Sud")]);
    expect(await live("Sud")).toBeGreaterThan(sud);
    expect(await live("Nord")).toBeLessThan(nord);
  });

  it("follow an exception granted, then revoked", async () => {
    const finding = await idOf("findings", sql`status = 'open' and resource_name = 'v1' and policy_id like '%encrypted-at-rest'`);
    expect(await accepted()).toBe(0);
    const granted = await inScope((tx) =>
      grantException(tx, {
        organizationId: org,
        actor: systemActor,
        findingIds: [finding],
        justification: "Encrypted at the array",
        expiresOn: "2099-01-01",
      }),
    );
    expect(granted.granted).toEqual([finding]);
    expect(await accepted()).toBe(1);
    await inScope((tx) => revokeException(tx, { organizationId: org, actor: systemActor, findingId: finding, reason: "Array replaced" }));
    expect(await accepted()).toBe(0);
  });

  it("follow a finding on a permit moved to another site, written by any hand", async () => {
    const [nord, sud] = [await idOf("assets", sql`name = 'Nord'`), await idOf("assets", sql`name = 'Sud'`)];
    const permit = rowsOf<{ id: string }>(
      await database.db.execute(sql`
        insert into permits (organization_id, site_id, type, authority, reference, status)
        values (${org}, ${nord}, 'icpe', 'Préfecture', 'ICPE-1', 'granted') returning id`),
    )[0]!.id;
    const run = rowsOf<{ id: string }>(
      await database.db.execute(sql`select id from evaluation_runs where organization_id = ${org} limit 1`),
    )[0]!.id;
    const before = { nord: await live("Nord"), sud: await live("Sud") };
    await database.db.execute(sql`
      insert into findings (organization_id, policy_id, resource_type, resource_id, resource_kind, resource_name, severity, status, message, evidence,
                            first_seen_at, last_seen_at, opened_run_id, last_run_id)
      values (${org}, 'test.permit', 'permit', ${permit}, 'permit', 'ICPE-1', 'high', 'open', '{"en":"x","fr":"x"}', '{}', now(), now(), ${run}, ${run})`);
    expect(await live("Nord")).toBe(before.nord + 1);
    await database.db.execute(sql`update permits set site_id = ${sud} where id = ${permit}`);
    expect({ nord: await live("Nord"), sud: await live("Sud") }).toEqual({ nord: before.nord, sud: before.sud + 1 });
  });

  it("name a tenant as it is now", async () => {
    expect((await seen()).byTenant.map((t) => t.tenantName)).toContain("North AI");
    await database.db.execute(sql`update tenants set legal_name = 'North AI SAS' where id = ${tenant.id}`);
    expect((await seen()).byTenant.map((t) => t.tenantName)).toContain("North AI SAS");
  });
});
