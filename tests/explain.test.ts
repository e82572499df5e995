import { drizzle } from "drizzle-orm/postgres-js";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, type Db } from "../db/connection.server";
import * as schema from "../db/schema";
import { listAudit } from "../app/audit/audit.server";
import { assetHistory, childrenOf, filterChoices, listAssets, listAssetsAfter } from "../app/inventory/queries.server";
import { listFindings, listFindingsAfter } from "../app/policy-engine/findings.server";
import { listAttestations } from "../app/reports/attestations.server";
import { listReports } from "../app/reports/report-jobs.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, createTenant } from "./factories";

/**
 * At the scale (100,000 assets, 2,000 findings, 20,000 audit entries), the list queries the pages and the API
 * run must find their page through an index, never by reading a whole large table. The queries are the real ones,
 * captured from the list functions, explained under the application's role and row-level security.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
const LARGE_TABLES = new Set(["assets", "asset_versions", "findings", "audit_log", "policy_results", "finding_events"]);

let database: TestDatabase;
let client: postgres.Sql;
let logged: Db;
const captured: { query: string; params: unknown[] }[] = [];
let org = "";
let tenant = "";
let someAsset = "";

async function fill() {
  org = (await createOrganization(database.db)).id;
  tenant = (await createTenant(database.db, org)).id;
  await database.db.execute(sql`
    insert into assets (id, organization_id, tenant_id, kind, source, external_id, name, country, effective_country, content_hash, first_seen_at, last_seen_at)
    select gen_random_uuid(), ${org}, case when n % 3 = 0 then ${tenant}::uuid end,
      (array['site','hall','rack','device','storage_volume','dataset','backup','cloud_resource','data_transfer','power_feed'])[1 + n % 10],
      'bench', 'x-' || n, 'asset ' || lpad(n::text, 6, '0'), 'FR', (array['FR','DE','NL','IE'])[1 + n % 4], md5(n::text), now(), now()
    from generate_series(1, 100000) n`);
  await database.db.execute(sql`
    insert into asset_versions (organization_id, asset_id, version, tenant_id, kind, name, country, tags, attributes, valid_from)
    select organization_id, id, 1, tenant_id, kind, name, country, '[]', '{}', now() from assets where organization_id = ${org}`);
  const run = await database.db.execute(
    sql`insert into evaluation_runs (organization_id, trigger, scope, status, requested_by) values (${org}, 'manual', 'full', 'completed', 'test') returning id`,
  );
  const runId = (run as unknown as { id: string }[])[0]!.id;
  await database.db.execute(sql`
    insert into findings (organization_id, policy_id, resource_type, resource_id, resource_kind, resource_name, tenant_id, severity, status, message, evidence, first_seen_at, last_seen_at, opened_run_id, last_run_id)
    select ${org}, 'iso27001.a8-24.storage-encrypted-at-rest', 'asset', id, kind, name, tenant_id, (array['critical','high','medium','low'])[1 + (random() * 3)::int],
      case when random() < 0.2 then 'resolved' else 'open' end, '{"en":"x","fr":"x"}', '{}', now() - random() * interval '30 days', now(), ${runId}, ${runId}
    from assets where organization_id = ${org} and kind = 'storage_volume' limit 2000`);
  await database.db.execute(sql`
    insert into audit_log (id, organization_id, actor_label, action, entity_type, entity_id, after, created_at, prev_hash, hash)
    select gen_random_uuid(), ${org}, 'bench', 'asset.update', 'asset', gen_random_uuid()::text, '{}', now(), md5('p' || n), md5('h' || n)
    from generate_series(1, 20000) n`);
  await database.db.execute(sql`analyze`);
  const [asset] = (await database.db.execute(
    sql`select id from assets where organization_id = ${org} and kind = 'rack' limit 1`,
  )) as unknown as { id: string }[];
  someAsset = asset!.id;
}

beforeAll(async () => {
  if (!postgresUrl) return;
  database = await createTestDatabase();
  client = postgres(database.url!, { max: 2, onnotice: () => {} });
  logged = drizzle(client, {
    schema,
    casing: "snake_case",
    logger: { logQuery: (query, params) => captured.push({ query, params }) },
  }) as unknown as Db;
  await fill();
}, 120_000);
afterAll(async () => {
  await client?.end();
  await database?.destroy();
});

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };
function scans(node: PlanNode, out: { type: string; relation: string }[] = []) {
  if (node["Relation Name"]) out.push({ type: node["Node Type"], relation: node["Relation Name"] });
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

/** Runs `list` and explains every page query it sent (those with a LIMIT), as the application's role would run them. */
async function plansOf(list: (tx: Parameters<Parameters<typeof withScope>[2]>[0]) => Promise<unknown>) {
  captured.length = 0;
  await withScope(logged, { organizationId: org }, list);
  // Page queries: those with a LIMIT, but not the capped count (it reads at most COUNT_CAP rows by design).
  const pages = captured.filter((c) => /^select/i.test(c.query) && /\blimit\b/i.test(c.query) && !/^select count\(/i.test(c.query));
  expect(pages.length).toBeGreaterThan(0);
  const plans: { query: string; scans: { type: string; relation: string }[] }[] = [];
  for (const page of pages) {
    const [row] = await client.begin(async (tx) => {
      await tx`select set_config('app.organization_id', ${org}, true)`;
      await tx`set local role attest_app`;
      return tx.unsafe(`explain (format json) ${page.query}`, page.params as never[]);
    });
    const plan = (row as unknown as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]!.Plan;
    plans.push({ query: page.query, scans: scans(plan) });
  }
  return plans;
}

function expectIndexed(plans: Awaited<ReturnType<typeof plansOf>>) {
  for (const plan of plans) {
    const full = plan.scans.filter((s) => s.type === "Seq Scan" && LARGE_TABLES.has(s.relation));
    expect(full, `${plan.query}\n${JSON.stringify(plan.scans)}`).toEqual([]);
    expect(
      plan.scans.some((s) => /Index|Bitmap Heap/.test(s.type) && LARGE_TABLES.has(s.relation)),
      JSON.stringify(plan.scans),
    ).toBe(true);
  }
}

describe.skipIf(!postgresUrl)("list queries at 100,000 assets use indexes (EXPLAIN on Postgres)", () => {
  for (const column of ["name", "kind", "country", "updated"] as const) {
    for (const direction of ["asc", "desc"] as const) {
      it(`inventory page sorted by ${column} ${direction}`, async () => {
        expectIndexed(
          await plansOf((tx) => listAssets(tx, { organizationId: org, filters: {}, sort: { column, direction }, page: 3, pageSize: 25 })),
        );
      });
    }
  }
  it("inventory totals stop counting past 10,000 and say so; the country filter's choices come from index probes", async () => {
    const page = await withScope(logged, { organizationId: org }, (tx) =>
      listAssets(tx, { organizationId: org, filters: {}, sort: { column: "name", direction: "asc" }, page: 1, pageSize: 25 }),
    );
    expect(page).toMatchObject({ total: 10_001, totalCapped: true });
    const filtered = await withScope(logged, { organizationId: org }, (tx) =>
      listAssets(tx, { organizationId: org, filters: { kind: "site" }, sort: { column: "name", direction: "asc" }, page: 1, pageSize: 25 }),
    );
    expect(filtered).toMatchObject({ total: 10_000, totalCapped: false });
    captured.length = 0;
    const choices = await withScope(logged, { organizationId: org }, (tx) => filterChoices(tx, { organizationId: org }));
    expect(choices.countries).toEqual(["DE", "FR", "IE", "NL"]);
  });
  it("inventory filtered by kind, tenant and country", async () => {
    expectIndexed(
      await plansOf((tx) =>
        listAssets(tx, {
          organizationId: org,
          filters: { kind: "rack" },
          sort: { column: "name", direction: "asc" },
          page: 1,
          pageSize: 25,
        }),
      ),
    );
    expectIndexed(
      await plansOf((tx) =>
        listAssets(tx, {
          organizationId: org,
          filters: { tenantId: tenant },
          sort: { column: "name", direction: "asc" },
          page: 1,
          pageSize: 25,
        }),
      ),
    );
    expectIndexed(
      await plansOf((tx) =>
        listAssets(tx, {
          organizationId: org,
          filters: { country: "DE" },
          sort: { column: "name", direction: "asc" },
          page: 1,
          pageSize: 25,
        }),
      ),
    );
  });
  it("inventory API pages (keyset)", async () => {
    expectIndexed(
      await plansOf((tx) =>
        listAssetsAfter(tx, { organizationId: org, filters: {}, after: "80000000-0000-4000-8000-000000000000", limit: 500 }),
      ),
    );
  });
  it("an asset's children and history", async () => {
    expectIndexed(await plansOf((tx) => childrenOf(tx, { organizationId: org, assetId: someAsset, limit: 50 })));
  });
  it("findings pages (UI and API cursor)", async () => {
    expectIndexed(await plansOf((tx) => listFindings(tx, { organizationId: org, filters: { status: "live" }, offset: 25, limit: 25 })));
    expectIndexed(
      await plansOf((tx) =>
        listFindings(tx, { organizationId: org, filters: { status: "open", severity: "critical" }, offset: 0, limit: 25 }),
      ),
    );
    expectIndexed(
      await plansOf((tx) => listFindingsAfter(tx, { organizationId: org, filters: { status: "live" }, after: undefined, limit: 100 })),
    );
  });
  it("audit log pages", async () => {
    expectIndexed(await plansOf((tx) => listAudit(tx, { organizationId: org, filters: {}, page: 4, pageSize: 50 })));
  });
  it("attestation and report registers", async () => {
    // Small tables: checked not to read the large ones.
    for (const plans of [
      await plansOf((tx) => listAttestations(tx, { organizationId: org, limit: 25, offset: 0 })),
      await plansOf((tx) => listReports(tx, { organizationId: org, limit: 20, offset: 0 })),
    ]) {
      for (const plan of plans) expect(plan.scans.filter((s) => LARGE_TABLES.has(s.relation))).toEqual([]);
    }
  });
  it("history of one asset", async () => {
    captured.length = 0;
    await withScope(logged, { organizationId: org }, (tx) => assetHistory(tx, { organizationId: org, assetId: someAsset }));
    expect(captured.length).toBeGreaterThan(0);
  });
});
