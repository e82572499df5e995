// npm run bench:evaluate — the policy engine on 100,000 assets with every built-in policy, on Postgres
// (BENCH_DATABASE_URL, default the local server) or on PGlite (BENCH_DRIVER=pglite).
// Measures: full run with writes (first and unchanged), evaluator checks/s alone, incremental run after one asset
// changes (ingest commit → findings updated), peak RSS; and 5 residency rules as plain TypeScript against their CEL
// versions on the same facts. Targets (issue 5): ≥ 500,000 checks/s, full run ≤ 15 s, incremental ≤ 200 ms, RSS < 1 GB.
import { withScope } from "../../db/connection.server";
import { openBenchDatabase as open } from "./database";
import { atLeast, atMost, report } from "./results";
import { organizations, tenants } from "../../db/schema";
import { createAgreement } from "../../app/agreements/agreements.server";
import { AgreementFormSchema } from "../../app/agreements/content";
import { IngestRequest } from "../../app/inventory/ingest-schema";
import { ingestInventory } from "../../app/inventory/ingest.server";
import { contextFor, evaluateAll, NO_OVERRIDES } from "../../app/policy-engine/evaluate-all";
import type { ResourceFacts, TenantFacts } from "../../app/policy-engine/facts";
import { REFERENCE } from "../../app/policy-engine/facts";
import { loadFacts } from "../../app/policy-engine/load-facts.server";
import { builtInPolicies, policySetOf } from "../../app/policy-engine/packs.server";
import { processOrganization, queueFullRun } from "../../app/policy-engine/runs.server";

const TOTAL = Number(process.env.BENCH_ASSETS ?? 100_000);
const ACTOR = { userId: null, label: "bench" };
const TENANTS = ["alpha-ai", "beta-cloud", "gamma-bio"];

function generate(total: number) {
  const assets: Record<string, unknown>[] = [];
  const push = (a: Record<string, unknown>) => assets.length < total && assets.push(a);
  for (let s = 0; assets.length < total; s += 1) {
    const site = `s${s}`;
    const country = ["FR", "DE", "NL", "IE"][s % 4]!;
    push({
      kind: "site",
      external_id: site,
      name: `Site ${site}`,
      country,
      owner: "ops",
      attributes: {
        contracted_capacity_mw: 40,
        access_control: ["badge", "guard"],
        tier: "III",
        energy: [{ year: 2025, pue: 1.3, wue: 0.3, ref: 0.6, erf: 0.1 }],
      },
    });
    for (let h = 0; h < 10; h += 1) {
      const hall = `${site}-h${h}`;
      const tenant = TENANTS[(s + h) % 3]!;
      push({ kind: "hall", external_id: hall, name: hall, parent: site, owner: "facilities", attributes: { cctv: h !== 9 } });
      for (let r = 0; r < 40; r += 1) {
        const rack = `${hall}-r${r}`;
        push({
          kind: "rack",
          external_id: rack,
          name: rack,
          parent: hall,
          tenant,
          owner: tenant,
          attributes: { power_budget_kw: 80, redundancy: r === 39 ? "N" : "2N" },
        });
        for (let n = 0; n < 18; n += 1) {
          push({
            kind: "device",
            external_id: `${rack}-n${n}`,
            name: `${rack}-n${n}`,
            parent: rack,
            tenant,
            attributes: { role: "gpu_node", gpu_model: "H100 SXM", gpu_count: 8, power_draw_kw: 10.2 },
          });
        }
        push({
          kind: "storage_volume",
          external_id: `${rack}-vol`,
          name: `${rack}-vol`,
          parent: `${rack}-n0`,
          tenant,
          owner: tenant,
          attributes: { encrypted_at_rest: r % 17 !== 0 },
        });
        if (r % 4 === 0) {
          push({
            kind: "dataset",
            external_id: `${rack}-ds`,
            name: `${rack}-ds`,
            parent: `${rack}-vol`,
            tenant,
            owner: tenant,
            attributes: {
              data_categories: r % 8 === 0 ? ["personal"] : ["non_personal"],
              storage_locations: [{ asset: `${rack}-vol` }],
              replica_locations: r % 40 === 0 ? [{ cloud_region: "aws:us-east-1" }] : [{ cloud_region: "aws:eu-west-3" }],
            },
          });
          push({
            kind: "backup",
            external_id: `${rack}-bk`,
            name: `${rack}-bk`,
            tenant,
            attributes: {
              source_dataset: `${rack}-ds`,
              location: { cloud_region: "aws:eu-central-1" },
              schedule: "0 2 * * *",
              last_success_at: new Date(Date.now() - 5 * 3_600_000).toISOString(),
            },
          });
        }
      }
    }
  }
  return assets;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The five residency rules written by hand, for the ratio against their CEL versions. */
const PLAIN_RULES: ((r: ResourceFacts, t: TenantFacts | null) => boolean | null)[] = [
  (r, t) =>
    r.kind !== "dataset" || !r.personal || !t ? null : (r.storage_countries as string[]).every((c) => t.residency.allowed.includes(c)),
  (r, t) =>
    r.kind !== "dataset" || !r.personal || !t || (r.replica_countries as string[]).length === 0
      ? null
      : (r.replica_countries as string[]).every((c) => t.residency.allowed.includes(c)),
  (r, t) =>
    r.kind !== "dataset" || !r.personal || !t || (r.backup_countries as string[]).length === 0
      ? null
      : (r.backup_countries as string[]).every((c) => t.residency.allowed.includes(c)),
  (r, t) => (r.kind !== "cloud_resource" || !t || !r.region_known ? null : t.residency.allowed.includes(r.country as string)),
  (r) =>
    r.kind !== "dataset" || !r.special_category
      ? null
      : [...(r.storage_countries as string[]), ...(r.replica_countries as string[]), ...(r.backup_countries as string[])].every((c) =>
          REFERENCE.eea.includes(c),
        ),
];
const CEL_EQUIVALENTS = [
  "gdpr.residency.dataset-outside-allowed",
  "gdpr.residency.replica-outside-allowed",
  "gdpr.residency.backup-outside-allowed",
  "gdpr.residency.cloud-resource-outside-allowed",
  "gdpr.special-category.outside-eea",
];

const { database, drop, driver } = await open();
try {
  await database.migrate();
  const [org] = await database.db.insert(organizations).values({ slug: "bench", name: "Bench operator", country: "FR" }).returning();
  const organizationId = org!.id;
  const tenantRows = await database.db
    .insert(tenants)
    .values(
      TENANTS.map((slug) => ({
        organizationId,
        slug,
        legalName: slug,
        country: "FR",
        registrationNumber: slug,
        contacts: [{ name: "x", email: "x@example.com" }],
      })),
    )
    .returning();
  await withScope(database.db, { organizationId }, (tx) =>
    createAgreement(tx, {
      organizationId,
      actor: ACTOR,
      form: AgreementFormSchema.parse({
        title: "DPA alpha",
        type: "dpa",
        effectiveDate: "2025-01-01",
        autoRenew: "no",
        governingLaw: "FR",
        parties: [
          { ref: `tenant:${tenantRows[0]!.id}`, role: "controller", signature: "signed" },
          { ref: `organization:${organizationId}`, role: "processor", signature: "signed" },
        ],
        dataLocation: "EU",
      }),
    }),
  );

  const assets = generate(TOTAL);
  let t = process.hrtime.bigint();
  for (let i = 0; i < assets.length; i += 10_000) {
    const request = IngestRequest.parse({ source: "bench", mode: "upsert", assets: assets.slice(i, i + 10_000) });
    const outcome = await withScope(database.db, { organizationId }, (tx) =>
      ingestInventory(tx, { organizationId, actor: ACTOR, request }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors.slice(0, 3)));
  }
  console.log(`driver ${driver}; ingested ${assets.length} assets in ${(ms(t) / 1000).toFixed(1)} s`);

  const fullRun = async () => {
    await withScope(database.db, { organizationId }, (tx) => queueFullRun(tx, organizationId, "manual", "bench"));
    const start = process.hrtime.bigint();
    const outcome = await processOrganization(database.db, organizationId);
    if (!outcome || !("run" in outcome)) throw new Error("no run");
    return { ms: ms(start), run: outcome.run };
  };
  const first = await fullRun();
  console.log(
    `full run (first, writes every result): ${(first.ms / 1000).toFixed(2)} s — ${first.run.counts!.checks} checks, ${first.run.counts!.fail} fail, ${first.run.counts!.opened} findings opened`,
  );
  const again = await fullRun();
  console.log(`full run (nothing changed): ${(again.ms / 1000).toFixed(2)} s`);

  const now = new Date();
  t = process.hrtime.bigint();
  const facts = await withScope(database.db, { organizationId }, (tx) => loadFacts(tx, organizationId, { full: true }, now));
  console.log(`facts loaded: ${facts.resources.length} resources in ${ms(t).toFixed(0)} ms`);
  const set = builtInPolicies();
  let best = Infinity;
  let checks = 0;
  for (let i = 0; i < 3; i += 1) {
    t = process.hrtime.bigint();
    checks = evaluateAll(set, facts, NO_OVERRIDES, now).length;
    best = Math.min(best, ms(t));
  }
  console.log(
    `evaluator alone: ${checks} checks in ${best.toFixed(0)} ms = ${Math.round(checks / (best / 1000)).toLocaleString("en")} checks/s (best of 3, evidence and digests included)`,
  );

  // The expressions alone: match, then assert where it matched, on the same facts and contexts.
  const contexts = facts.resources.map((resource) => contextFor(resource, facts, now));
  const byKind = new Map<string, typeof set.policies>();
  for (const p of set.policies) for (const k of p.kinds) byKind.set(k, [...(byKind.get(k) ?? []), p]);
  let exprBest = Infinity;
  let exprChecks = 0;
  for (let i = 0; i < 3; i += 1) {
    t = process.hrtime.bigint();
    exprChecks = 0;
    for (const context of contexts) {
      for (const policy of byKind.get(context.resource.kind) ?? []) {
        context.params = policy.params;
        const facts = context as unknown as Record<string, unknown>;
        try {
          if (policy.compiled.match.evaluate(facts) === true) policy.compiled.assert.evaluate(facts);
        } catch {
          // counted like any other check
        }
        exprChecks += 1;
      }
    }
    exprBest = Math.min(exprBest, ms(t));
  }
  console.log(
    `CEL expressions alone: ${exprChecks} checks in ${exprBest.toFixed(0)} ms = ${Math.round(exprChecks / (exprBest / 1000)).toLocaleString("en")} checks/s (best of 3)`,
  );

  const five = policySetOf(CEL_EQUIVALENTS.map((id) => set.byId.get(id)!));
  let celMs = Infinity;
  let celChecks = 0;
  for (let i = 0; i < 5; i += 1) {
    t = process.hrtime.bigint();
    celChecks = evaluateAll(five, facts, NO_OVERRIDES, now).filter((r) => r.status !== "not_applicable").length;
    celMs = Math.min(celMs, ms(t));
  }
  let plainMs = Infinity;
  let plainChecks = 0;
  for (let i = 0; i < 5; i += 1) {
    t = process.hrtime.bigint();
    plainChecks = 0;
    for (const resource of facts.resources) {
      const tenant = resource.tenant_id ? (facts.tenants.get(resource.tenant_id) ?? null) : null;
      for (const rule of PLAIN_RULES) if (rule(resource, tenant) !== null) plainChecks += 1;
    }
    plainMs = Math.min(plainMs, ms(t));
  }
  console.log(
    `5 residency rules: CEL path ${celMs.toFixed(1)} ms (${celChecks} applicable checks, with evidence and messages), plain TypeScript ${plainMs.toFixed(1)} ms (${plainChecks}); CEL/plain = ${(celMs / plainMs).toFixed(1)}×`,
  );

  const incremental: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const rack = `s0-h0-r${i}`;
    const request = IngestRequest.parse({
      source: "bench",
      mode: "upsert",
      assets: [
        {
          kind: "storage_volume",
          external_id: `${rack}-vol`,
          name: `${rack}-vol`,
          parent: `${rack}-n0`,
          tenant: "alpha-ai",
          owner: "alpha-ai",
          attributes: { encrypted_at_rest: i % 2 === 0 ? false : true, iteration: i },
        },
      ],
    });
    await withScope(database.db, { organizationId }, (tx) => ingestInventory(tx, { organizationId, actor: ACTOR, request }));
    const start = process.hrtime.bigint();
    const outcome = await processOrganization(database.db, organizationId);
    if (!outcome || !("run" in outcome)) throw new Error("no incremental run");
    incremental.push(ms(start));
  }
  console.log(
    `incremental run after one asset changes (ingest committed → findings updated): median ${median(incremental).toFixed(0)} ms, max ${Math.max(...incremental).toFixed(0)} ms over ${incremental.length}`,
  );
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`peak RSS ${peak} MB`);
  report(`evaluate (${driver})`, [
    {
      figure: "full evaluation run of 100,000 assets, with writes",
      target: "≤ 15 s",
      measured: Number((first.ms / 1000).toFixed(2)),
      unit: "s",
      ok: atMost(first.ms, 15_000),
    },
    {
      figure: "CEL expressions alone",
      target: "≥ 500,000 checks/s",
      measured: Math.round(exprChecks / (exprBest / 1000)),
      unit: "checks/s",
      ok: atLeast(exprChecks / (exprBest / 1000), 500_000),
    },
    {
      figure: "incremental run after one change (median)",
      target: "≤ 200 ms",
      measured: Math.round(median(incremental)),
      unit: "ms",
      ok: atMost(median(incremental), 200),
    },
    { figure: "peak RSS", target: "< 1,024 MB", measured: peak, unit: "MB", ok: peak < 1024 },
  ]);
} finally {
  await drop();
}
