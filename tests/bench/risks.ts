// npm run bench:risks — the risk register at scale (issue 18): 5,000 risks over 100,000 assets (4 sites, 200 halls,
// the rest devices in them), each risk with three Annex A controls and a hall and a tenant in its scope, on a production
// build on Postgres. One reader at a time, median of 20 after a warm-up: the register (its page and both heat maps),
// a later page sorted by title, a search, one risk's page and the API's first page. Target: ≤ 50 ms per page.
import { sql } from "drizzle-orm";
import { openDatabase, withScope } from "../../db/connection.server";
import { tenants } from "../../db/schema";
import { createApiToken } from "../../app/auth/api-tokens.server";
import { catalogue } from "../../app/controls/catalogue.server";
import { LIBRARY_FRAMEWORK } from "../../app/risks/library.server";
import { createDatabase, startServer } from "../load/servers";
import { createMember, createOrganization } from "../factories";
import { sequentialLatency, SEQUENTIAL, signIn } from "./http-client";
import { atMost, report } from "./results";

const PORT = 3197;
const ASSETS = Number(process.env.BENCH_ASSETS ?? 100_000);
const RISKS = Number(process.env.BENCH_RISKS ?? 5_000);
const SITES = 4;
const HALLS = 200;
const TENANTS = 50;

const database = await createDatabase(undefined, "attest_bench_risks");
const db = openDatabase({ databaseUrl: database.url, maxConnections: 4 });
await db.migrate();
const org = (await createOrganization(db.db, "Risk Bench Operator")).id;
const officer = await createMember(db.db, org, "compliance_officer");
await db.db.insert(tenants).values(
  Array.from({ length: TENANTS }, (_, i) => ({
    organizationId: org,
    slug: `tenant-${i}`,
    legalName: `Tenant ${i} SAS`,
    country: "FR",
    registrationNumber: `RCS ${i}`,
  })),
);
const annexA = catalogue()
  .frameworks.find((f) => f.id === LIBRARY_FRAMEWORK)!
  .requirements.map((r) => r.id);

let started = Date.now();
await withScope(db.db, { organizationId: org }, async (tx) => {
  const asset = (kind: string, index: string, parent: string) => sql`
    insert into assets (id, organization_id, kind, source, external_id, name, parent_id, content_hash, first_seen_at, last_seen_at)
    select gen_random_uuid(), ${org}, ${kind}, 'bench', ${kind} || '-' || i, initcap(${kind}) || ' ' || i, ${sql.raw(parent)}, md5(i::text), now(), now()
    from ${sql.raw(index)}`;
  await tx.execute(asset("site", `generate_series(0, ${SITES - 1}) i`, "null::uuid"));
  await tx.execute(
    asset(
      "hall",
      `generate_series(0, ${HALLS - 1}) i join assets s on s.external_id = 'site-' || (i % ${SITES}) and s.organization_id = '${org}'`,
      "s.id",
    ),
  );
  await tx.execute(
    asset(
      "device",
      `generate_series(0, ${ASSETS - SITES - HALLS - 1}) i join assets h on h.external_id = 'hall-' || (i % ${HALLS}) and h.organization_id = '${org}'`,
      "h.id",
    ),
  );
  await tx.execute(sql`
    insert into risks (organization_id, reference, language, title, risk_source, threat, vulnerability, owner_user_id,
      inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, treatment, next_review_on, assessed_controls)
    select ${org}, 'R-' || case when i < 1000 then lpad(i::text, 3, '0') else i::text end, 'en',
      (array['Cooling failure', 'Power loss', 'Fuel supply', 'Flood', 'Intrusion'])[1 + i % 5] || ' in hall ' || (i % ${HALLS}),
      'Plant', 'Threat ' || i, 'Vulnerability ' || i, ${officer.user.id},
      1 + i % 5, 1 + (i * 7) % 5, greatest(1, 1 + i % 5 - i % 3), 1 + (i * 7) % 5, 'modify',
      date '2027-01-01' + (i % 365), ${JSON.stringify({ [`${LIBRARY_FRAMEWORK}:A.7.8`]: "implemented" })}::jsonb
    from generate_series(1, ${RISKS}) i`);
  await tx.execute(sql`
    insert into risk_controls (organization_id, risk_id, framework_id, requirement_id)
    select r.organization_id, r.id, ${LIBRARY_FRAMEWORK}, (${`{${annexA.join(",")}}`}::text[])[1 + (substring(r.reference from 3)::int * 3 + k) % ${annexA.length}]
    from risks r cross join generate_series(0, 2) k where r.organization_id = ${org}`);
  await tx.execute(sql`
    insert into risk_scope (organization_id, risk_id, type, target_id)
    select r.organization_id, r.id, 'asset', h.id from risks r
    join assets h on h.organization_id = r.organization_id and h.external_id = 'hall-' || (substring(r.reference from 3)::int % ${HALLS})
    where r.organization_id = ${org}
    union all
    select r.organization_id, r.id, 'tenant', t.id from risks r
    join tenants t on t.organization_id = r.organization_id and t.slug = 'tenant-' || (substring(r.reference from 3)::int % ${TENANTS})
    where r.organization_id = ${org}`);
});
await db.db.execute(sql`analyze`);
console.log(`dataset: ${ASSETS} assets, ${RISKS} risks in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const { secret } = await withScope(db.db, { organizationId: org }, (tx) =>
  createApiToken(tx, { organizationId: org, actor: { userId: null, label: "bench" }, name: "bench", scopes: ["risks:read"] }),
);
const [risk] = (await withScope(db.db, { organizationId: org }, (tx) =>
  tx.execute(sql`select id from risks where organization_id = ${org} and reference = 'R-2500'`),
)) as unknown as { id: string }[];
const server = await startServer({ port: PORT, databaseUrl: database.url, env: { ATTEST_SWEEP_MINUTES: "10080", WEB_CONCURRENCY: "1" } });
try {
  const cookie = { Cookie: await signIn(PORT, officer.user.email) };
  const bearer = { Authorization: `Bearer ${secret}` };
  const targets: [string, string, Record<string, string>][] = [
    ["GET /risks (first page and both heat maps)", "/risks", cookie],
    ["GET /risks?sort=title&page=100", "/risks?sort=title&page=100", cookie],
    ["GET /risks?q=cooling", "/risks?q=cooling", cookie],
    ["GET /risks/{id}", `/risks/${risk!.id}`, cookie],
    ["GET /api/v1/risks?limit=100", "/api/v1/risks?limit=100", bearer],
  ];
  const results = [];
  for (const [name, path, headers] of targets) {
    started = Date.now();
    const timed = await sequentialLatency(PORT, path, headers);
    results.push({ name, ...timed });
    console.log(`${name}: p50 ${timed.p50} ms, p95 ${timed.p95} ms`);
  }
  report(
    "risks",
    results.map((r) => ({
      figure: `${r.name} at ${RISKS.toLocaleString("en")} risks over ${ASSETS.toLocaleString("en")} assets, median of ${SEQUENTIAL} one after another`,
      target: "≤ 50 ms",
      measured: r.p50,
      unit: "ms",
      ok: atMost(r.p50, 50),
    })),
  );
} finally {
  await server.stop();
  await db.close();
  // BENCH_KEEP_DATABASE=1 leaves the dataset in place to look into a slow page (EXPLAIN ANALYZE, a profile).
  if (process.env.BENCH_KEEP_DATABASE) {
    console.log(`kept: ${database.url}`);
    await database.keep();
  } else await database.drop();
}
