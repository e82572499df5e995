// npm run bench:http — HTTP load on a production build on Postgres, with the dataset from a seeded generator:
// 1 organisation, 50 tenants, 4 sites, 100,000 assets, ~2,000 findings. autocannon, 50 connections, BENCH_SECONDS
// (default 30) per target: dashboard, findings list, inventory list, asset detail; then the same findings list while
// 1,000-asset ingests run one after another; then the ingest API itself, 50 connections of 100-asset upserts from 50
// sources. Targets (issue 7): p95 ≤ 150 ms for pages, zero errors, ingest of
// 1,000 assets ≤ 300 ms p95 while pages are served.
import { availableParallelism } from "node:os";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, withScope } from "../../db/connection.server";
import { tenants } from "../../db/schema";
import { createApiToken } from "../../app/auth/api-tokens.server";
import { createDatabase, startServer } from "../load/servers";
import { createMember, createOrganization } from "../factories";
import { percentile, sequentialLatency, SEQUENTIAL, signIn } from "./http-client";
import { atMost, report } from "./results";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
// One HTTP worker per core, as "Running in production" advises (BENCH_WORKERS to compare).
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const CONNECTIONS = 50;
const PORT = 3195;
const TENANTS = 50;
const SITES = 4;
const ASSETS = Number(process.env.BENCH_ASSETS ?? 100_000);
const UNENCRYPTED = 2_000;

/** A seeded generator (mulberry32): the same dataset on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(tenantSlugs: string[]) {
  const rand = random(42);
  const assets: Record<string, unknown>[] = [];
  let unencrypted = 0;
  for (let s = 0; s < SITES; s++)
    assets.push({
      kind: "site",
      external_id: `site-${s}`,
      name: `Site ${s}`,
      country: ["FR", "DE", "NL", "IE"][s],
      owner: "facilities",
      attributes: { contracted_capacity_mw: 40, tier: "III", access_control: ["badge", "guard"] },
    });
  for (let i = 0; assets.length < ASSETS; i++) {
    const site = `site-${i % SITES}`;
    const tenant = tenantSlugs[Math.floor(rand() * tenantSlugs.length)]!;
    const rack = `rack-${i}`;
    assets.push({
      kind: "rack",
      external_id: rack,
      name: `Rack ${i}`,
      parent: site,
      tenant,
      owner: tenant,
      attributes: { power_budget_kw: 80, redundancy: "2N" },
    });
    for (let n = 0; n < 8 && assets.length < ASSETS; n++) {
      assets.push({
        kind: "device",
        external_id: `${rack}-n${n}`,
        name: `${rack}-n${n}`,
        parent: rack,
        tenant,
        owner: tenant,
        attributes: { role: "gpu_node", gpu_model: "H100 SXM", gpu_count: 8, power_draw_kw: 10.2 },
      });
    }
    if (assets.length < ASSETS) {
      const encrypted = !(unencrypted < UNENCRYPTED && rand() < 0.25 && ++unencrypted);
      assets.push({
        kind: "storage_volume",
        external_id: `${rack}-vol`,
        name: `${rack}-vol`,
        parent: `${rack}-n0`,
        tenant,
        owner: tenant,
        attributes: { encrypted_at_rest: encrypted },
      });
    }
  }
  return assets;
}

async function load(path: string, headers: Record<string, string>, more: Partial<autocannon.Options> = {}) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `http://127.0.0.1:${PORT}${path}`, connections: CONNECTIONS, duration: SECONDS, headers, ...more },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  return {
    path,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
    p50: Math.round(percentile(latencies, 50)),
    p95: Math.round(percentile(latencies, 95)),
    p99: Math.round(percentile(latencies, 99)),
    rps: Math.round(result.requests.average),
  };
}

const database = await createDatabase(undefined, "attest_bench_http");
const db = openDatabase({ databaseUrl: database.url, maxConnections: 4 });
await db.migrate();
const organization = await createOrganization(db.db, "Load Test Operator");
const org = organization.id;
const email = (await createMember(db.db, org, "compliance_officer")).user.email;
await db.db.insert(tenants).values(
  Array.from({ length: TENANTS }, (_, i) => ({
    organizationId: org,
    slug: `tenant-${i}`,
    legalName: `Tenant ${i} SAS`,
    country: "FR",
    registrationNumber: `RCS ${i}`,
  })),
);
const { secret } = await withScope(db.db, { organizationId: org }, (tx) =>
  createApiToken(tx, {
    organizationId: org,
    actor: { userId: null, label: "bench" },
    name: "bench",
    scopes: ["inventory:write", "inventory:read"],
  }),
);
const server = await startServer({
  port: PORT,
  databaseUrl: database.url,
  env: { ATTEST_SWEEP_MINUTES: "10080", WEB_CONCURRENCY: String(WORKERS) },
});
try {
  const assets = dataset(Array.from({ length: TENANTS }, (_, i) => `tenant-${i}`));
  const ingest = async (batch: Record<string, unknown>[]) => {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/inventory`, {
      method: "POST",
      headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
      body: JSON.stringify({ source: "bench", mode: "upsert", assets: batch }),
    });
    if (!response.ok) throw new Error(`ingest: ${response.status} ${await response.text()}`);
  };
  let t = Date.now();
  for (let i = 0; i < assets.length; i += 10_000) await ingest(assets.slice(i, i + 10_000));
  console.log(`dataset: ${assets.length} assets in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  const pending = async () =>
    rowsOf<{ n: string }>(
      await db.db.execute(
        sql`select (select count(*) from inventory_outbox where processed_at is null) + (select count(*) from evaluation_runs where status = 'queued') as n`,
      ),
    )[0]!.n;
  while (Number(await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  const [findings] = rowsOf<{ n: number }>(
    await db.db.execute(sql`select count(*)::int as n from findings where organization_id = ${org} and status <> 'resolved'`),
  );
  console.log(`evaluated in ${((Date.now() - t) / 1000).toFixed(1)} s: ${findings!.n} open findings`);
  // Fresh statistics after the bulk load, as autovacuum's analyze would gather (this machine's Postgres runs with
  // autovacuum off; without statistics the planner guesses, and the asset page read the whole table).
  await db.db.execute(sql`analyze`);

  const cookie = await signIn(PORT, email);
  const [asset] = rowsOf<{ id: string }>(
    await db.db.execute(
      sql`select id from assets where organization_id = ${org} and kind = 'device' order by external_id limit 1 offset ${Math.floor(ASSETS / 20)}`,
    ),
  );
  // The floor under every page at this load: Express alone, and Remix rendering a page that reads nothing.
  const floor = [];
  for (const path of ["/healthz", "/login"]) {
    const result = await load(path, {});
    floor.push(result);
    console.log(
      `${path}: ${result.requests} requests, ${result.rps}/s, p50 ${result.p50} ms, p95 ${result.p95} ms, errors ${result.errors}`,
    );
  }
  const [site] = rowsOf<{ id: string }>(
    await db.db.execute(sql`select id from assets where organization_id = ${org} and kind = 'site' order by external_id limit 1`),
  );
  // Issue 17: the site page (everything under a site of 25,000 assets) and the lists sorted by a column other than
  // their default, each with the sort in the address as a shared link would have it.
  const PAGES = [
    "/",
    "/findings",
    "/inventory",
    `/inventory/${asset!.id}`,
    `/inventory/${site!.id}`,
    "/inventory?sort=-updated",
    "/findings?sort=-last_seen",
    "/controls?sort=status",
    "/permits?sort=-expires",
    "/agreements?sort=-notice",
    "/audit?sort=actor",
    "/policies/runs?sort=status",
  ];
  const pages = [];
  const sequential = [];
  for (const path of PAGES) {
    // One reader alone first (what a person waits for), then 50 connections at once.
    const alone = await sequentialLatency(PORT, path, { Cookie: cookie });
    sequential.push(alone);
    const result = await load(path, { Cookie: cookie });
    pages.push(result);
    console.log(
      `${path}: alone p50 ${alone.p50} ms; loaded ${result.requests} requests, ${result.rps}/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, errors ${result.errors}`,
    );
  }

  // Ingests of 1,000 assets (changed each time) while the findings list is under load.
  const ingestMs: number[] = [];
  const underLoad = load("/findings", { Cookie: cookie });
  const until = Date.now() + SECONDS * 1000 - 2000;
  for (let round = 0; Date.now() < until; round++) {
    const batch = assets.slice(SITES, SITES + 1000).map((a) => ({ ...a, attributes: { ...(a.attributes as object), bench_round: round } }));
    const started = Date.now();
    await ingest(batch);
    ingestMs.push(Date.now() - started);
  }
  const during = await underLoad;
  console.log(
    `ingest of 1,000 assets while /findings is loaded: ${ingestMs.length} ingests, p50 ${percentile(ingestMs, 50)} ms, p95 ${percentile(ingestMs, 95)} ms; /findings meanwhile p95 ${during.p95} ms, errors ${during.errors}`,
  );

  // The ingest API itself under 50 connections: 50 agents (one source each) upserting 100 volumes per request.
  let sent = 0;
  const agentBatch = (n: number) => ({
    source: `agent-${n % CONNECTIONS}`,
    mode: "upsert",
    assets: Array.from({ length: 100 }, (_, i) => ({
      kind: "storage_volume",
      external_id: `agent-${n % CONNECTIONS}-vol-${i}`,
      name: `Agent volume ${i}`,
      parent: `site-${i % SITES}`,
      owner: "ops",
      attributes: { encrypted_at_rest: true, round: n },
    })),
  });
  const api = await load(
    "/api/v1/inventory",
    { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
    { method: "POST", requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(agentBatch(sent++)) }) }] },
  );
  console.log(
    `POST /api/v1/inventory (100 assets): ${api.requests} requests, ${api.rps}/s, p50 ${api.p50} ms, p95 ${api.p95} ms, errors ${api.errors}`,
  );

  const named = (path: string) => path.replace(/[0-9a-f-]{36}/, path === `/inventory/${site!.id}` ? "{site}" : "{asset}");
  report("http", [
    ...sequential.map((p) => ({
      figure: `GET ${named(p.path)} alone, median of ${SEQUENTIAL} requests one after another`,
      target: "≤ 1,000 ms",
      measured: p.p50,
      unit: "ms",
      ok: atMost(p.p50, 1000),
    })),
    ...pages.map((p) => ({
      figure: `GET ${named(p.path)} p95, ${CONNECTIONS} connections, ${SECONDS} s, ${WORKERS} workers`,
      target: "≤ 150 ms",
      measured: p.p95,
      unit: "ms",
      ok: atMost(p.p95, 150),
    })),
    ...pages.map((p) => ({
      figure: `GET ${named(p.path)} throughput at that load`,
      target: "—",
      measured: p.rps,
      unit: "requests/s",
      ok: null,
    })),
    ...floor.map((p) => ({
      figure: `GET ${p.path} p95 at that load (the floor: ${p.path === "/healthz" ? "Express alone" : "a page that reads nothing"}), ${p.rps} requests/s`,
      target: "—",
      measured: p.p95,
      unit: "ms",
      ok: null,
    })),
    {
      figure: "errors across the page runs",
      target: "0",
      measured: pages.reduce((sum, p) => sum + p.errors, 0),
      unit: "responses",
      ok: pages.every((p) => p.errors === 0),
    },
    {
      figure: `POST /api/v1/inventory (100 assets each) p95, ${CONNECTIONS} connections, ${SECONDS} s`,
      target: "—",
      measured: api.p95,
      unit: "ms",
      ok: null,
    },
    {
      figure: "POST /api/v1/inventory throughput at that load",
      target: "—",
      measured: Math.round(api.rps * 100),
      unit: "assets/s",
      ok: null,
    },
    { figure: "errors in the ingest API run", target: "0", measured: api.errors, unit: "responses", ok: api.errors === 0 },
    {
      figure: "ingest of 1,000 assets p95 while pages are served",
      target: "≤ 300 ms",
      measured: percentile(ingestMs, 95),
      unit: "ms",
      ok: atMost(percentile(ingestMs, 95), 300),
    },
    { figure: "GET /findings p95 during those ingests", target: "≤ 150 ms", measured: during.p95, unit: "ms", ok: atMost(during.p95, 150) },
  ]);
} finally {
  await server.stop();
  await db.close();
  await database.drop();
}
