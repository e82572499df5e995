import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope, withSystem } from "../../db/connection.server";
import { findings, organizations, policyResults, tenants } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo.server";
import { processOrganization } from "../../app/policy-engine/runs.server";
import { attestationData, attestationState, type AttestationDocument } from "../../app/reports/attestation-data.server";
import * as dashboard from "../../app/routes/_app._index";
import * as findingPage from "../../app/routes/_app.findings.$findingId";
import * as findingsPage from "../../app/routes/_app.findings._index";
import * as findingsCsv from "../../app/routes/findings.export[.]csv";
import * as findingsXlsx from "../../app/routes/findings.export[.]xlsx";
import * as clock from "../../app/config/clock";
import { createTestDatabase, type TestDatabase } from "../db";
import { browserFor, createMember, statusOf, testContext } from "../factories";

/**
 * Issue 14: a tenant member's own finding (iso27001.a5-23.cloud-resource-covered) showed `org.agreements` in its
 * evidence: every agreement of the operator, with other tenants' DPA titles and ids. For every tenant of the demo,
 * as a member of it, everything the member gets of the findings and results of every policy (the findings list, each
 * finding's page, the home portal, the attestation's text, and the stored results themselves) names nothing of
 * another tenant: no id, slug or name of another tenant, no id or title of an agreement the tenant is not a party
 * of, no counterparty of such agreements only, no id, name or external id of another tenant's asset.
 */

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Forbidden = { what: string; value: string }[];

let database: TestDatabase;
let helios: string;
const demoTenants: { id: string; slug: string; legalName: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  helios = (await database.db.select().from(organizations).where(eq(organizations.slug, "helios")))[0]!.id;
  await processOrganization(database.db, helios);
  demoTenants.push(
    ...(await withSystem(database.db, (tx) =>
      tx
        .select({ id: tenants.id, slug: tenants.slug, legalName: tenants.legalName })
        .from(tenants)
        .where(eq(tenants.organizationId, helios)),
    )),
  );
});
afterAll(() => database?.destroy());

const ctx = () => testContext(database.db);
const loaded = async (loader: Loader, request: Request, params: Record<string, string> = {}) =>
  JSON.stringify(await loader({ request, params, context: ctx() }));

/** Everything of other tenants, read from the database. */
async function forbiddenFor(tenantId: string): Promise<Forbidden> {
  return withSystem(database.db, async (tx) => {
    const out: Forbidden = [];
    const add = (what: string, value: string | null | undefined) => {
      if (value && value.length >= 3) out.push({ what, value });
    };
    for (const t of demoTenants.filter((t) => t.id !== tenantId)) {
      add("tenant id", t.id);
      add("tenant slug", t.slug);
      add("tenant name", t.legalName);
    }
    const agreementRows = rowsOf<{ id: string; title: string; tenant_ids: string[] }>(
      await tx.execute(sql`select id, title, tenant_ids from agreements where organization_id = ${helios}`),
    );
    for (const a of agreementRows.filter((a) => !a.tenant_ids.includes(tenantId))) {
      add("agreement id", a.id);
      add("agreement title", a.title);
    }
    const linked = new Set(
      rowsOf<{ id: string }>(
        await tx.execute(sql`
          select distinct p->>'id' as id from agreements a join agreement_versions v on v.agreement_id = a.id,
                 jsonb_array_elements(v.content->'parties') p
          where a.organization_id = ${helios} and ${tenantId}::uuid = any(a.tenant_ids) and p->>'kind' = 'counterparty'`),
      ).map((r) => r.id),
    );
    const counterpartyRows = rowsOf<{ id: string; name: string }>(
      await tx.execute(sql`select id, name from counterparties where organization_id = ${helios}`),
    );
    for (const c of counterpartyRows.filter((c) => !linked.has(c.id))) {
      add("counterparty id", c.id);
      add("counterparty name", c.name);
    }
    const assetRows = rowsOf<{ id: string; name: string; external_id: string; kind: string }>(
      await tx.execute(
        sql`select id, name, external_id, kind from assets where organization_id = ${helios} and tenant_id is not null and tenant_id <> ${tenantId}`,
      ),
    );
    for (const a of assetRows) {
      add(`${a.kind} id`, a.id);
      add(`${a.kind} name`, a.name);
      add(`${a.kind} external id`, a.external_id);
    }
    return out;
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The forbidden values found in `text` (JSON), each as a whole token: not inside a longer name or id. */
function leaks(text: string, forbidden: Forbidden): string[] {
  const found: string[] = [];
  for (const f of forbidden) {
    const json = JSON.stringify(f.value).slice(1, -1);
    if (new RegExp(`(?:(?<![\\w-])|(?<=\\\\[nrt]))${escape(json)}(?![\\w-])`, "i").test(text)) found.push(`${f.what} "${f.value}"`);
  }
  return found;
}

describe("what a tenant member gets of findings and results names nothing of another tenant", () => {
  it("holds for every policy with results × every tenant: findings list, each finding's page, portal, attestation, stored results", async () => {
    expect(demoTenants.length).toBe(3);
    let pagesRead = 0;
    const policiesSeen = new Set<string>();
    for (const tenant of demoTenants) {
      const forbidden = await forbiddenFor(tenant.id);
      expect(forbidden.some((f) => f.what === "agreement title")).toBe(true);
      const member = await createMember(database.db, helios, "tenant_member", { tenantId: tenant.id });
      const browser = await browserFor(database.db, member.user.email);
      const gathered: { where: string; text: string }[] = [];

      for (const status of ["live", "resolved"]) {
        gathered.push({
          where: `findings list (${status})`,
          text: await loaded(findingsPage.loader, browser.get(`/findings?status=${status}`)),
        });
      }
      const own = await withSystem(database.db, (tx) =>
        tx
          .select({ id: findings.id, policyId: findings.policyId })
          .from(findings)
          .where(and(eq(findings.organizationId, helios), eq(findings.tenantId, tenant.id))),
      );
      for (const f of own) {
        policiesSeen.add(f.policyId);
        gathered.push({
          where: `finding ${f.policyId} ${f.id}`,
          text: await loaded(findingPage.loader, browser.get(`/findings/${f.id}`), { findingId: f.id }),
        });
        pagesRead += 1;
      }
      gathered.push({ where: "home portal", text: await loaded(dashboard.loader, browser.get("/")) });

      const state = await // Issued by the operator, read by the tenant: the document's text as the tenant gets it.
      withScope(database.db, { organizationId: helios }, (tx) =>
        attestationState(tx, { organizationId: helios, tenantId: tenant.id, asOf: null, now: clock.now() }),
      );
      const doc = {
        code: "TEST-CODE",
        attestedAt: clock.now(),
        issuedAt: clock.now(),
        issuedBy: "test",
        verifyUrl: "https://attest.example/verify",
        keysUrl: "https://attest.example/keys",
        kid: "kid",
        auditHead: null,
      } as AttestationDocument;
      for (const language of ["en", "fr"] as const) {
        gathered.push({ where: `attestation (${language})`, text: JSON.stringify(attestationData(state, language, doc)) });
      }

      // What every page and document is made of: the stored result of every policy on every resource of the tenant.
      const results = await withSystem(database.db, (tx) =>
        tx
          .select({ policyId: policyResults.policyId, evidence: policyResults.evidence, message: policyResults.message })
          .from(policyResults)
          .where(and(eq(policyResults.organizationId, helios), eq(policyResults.tenantId, tenant.id))),
      );
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        policiesSeen.add(r.policyId);
        gathered.push({ where: `result of ${r.policyId}`, text: JSON.stringify({ evidence: r.evidence, message: r.message }) });
      }

      // One pass over everything, then the pieces that hold what was found, to name them.
      const suspects = forbidden.filter((f) => leaks(gathered.map((g) => g.text).join("\n"), [f]).length > 0);
      const found = gathered.flatMap((g) => leaks(g.text, suspects).map((l) => `${tenant.slug} member, ${g.where}: ${l}`));
      expect(found).toEqual([]);

      // Exports of findings are not a tenant member's.
      expect(await statusOf(() => findingsCsv.loader({ request: browser.get("/findings/export.csv"), params: {}, context: ctx() }))).toBe(
        403,
      );
      expect(await statusOf(() => findingsXlsx.loader({ request: browser.get("/findings/export.xlsx"), params: {}, context: ctx() }))).toBe(
        403,
      );
    }
    expect(pagesRead).toBeGreaterThan(5);
    expect(policiesSeen.has("iso27001.a5-23.cloud-resource-covered")).toBe(true);
  }, 300_000);

  it("keeps the decision on every fact and says the agreements a tenant may not see as a count", async () => {
    const rows = await withSystem(database.db, (tx) =>
      tx
        .select({ status: policyResults.status, evidence: policyResults.evidence })
        .from(policyResults)
        .where(
          and(
            eq(policyResults.organizationId, helios),
            eq(policyResults.policyId, "iso27001.a5-23.cloud-resource-covered"),
            isNotNull(policyResults.tenantId),
          ),
        ),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const listed = row.evidence["org.agreements"] as Record<string, unknown>[];
      expect(listed.at(-1)).toEqual({ not_shown: expect.any(Number) });
    }
    // The operator's own results keep the whole list.
    const [operatorCount] = rowsOf<{ n: number }>(
      await withSystem(database.db, (tx) =>
        tx.execute(sql`select count(*)::int as n from agreements where organization_id = ${helios} and archived_at is null`),
      ),
    );
    const shown = rows[0]!.evidence["org.agreements"] as Record<string, unknown>[];
    const kept = shown.length - 1;
    expect(kept + (shown.at(-1)!.not_shown as number)).toBe(operatorCount!.n);
  });

  it("narrows a finding stored before the fix (every agreement in its evidence) when a tenant member opens it", async () => {
    const lumen = demoTenants.find((t) => t.slug === "lumen-ai")!;
    const [finding] = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(findings)
        .where(and(eq(findings.organizationId, helios), eq(findings.tenantId, lumen.id))),
    );
    const every = rowsOf<{ id: string; title: string; type: string }>(
      await withSystem(database.db, (tx) => tx.execute(sql`select id, title, type from agreements where organization_id = ${helios}`)),
    );
    const legacy = { ...finding!.evidence, "org.agreements": every.map((a) => ({ ...a, counterparty_names: [] })), "org.secret": "x" };
    await withSystem(database.db, (tx) => tx.update(findings).set({ evidence: legacy }).where(eq(findings.id, finding!.id)));

    const member = await createMember(database.db, helios, "tenant_member", { tenantId: lumen.id });
    const page = await loaded(findingPage.loader, (await browserFor(database.db, member.user.email)).get(`/findings/${finding!.id}`), {
      findingId: finding!.id,
    });
    expect(leaks(page, await forbiddenFor(lumen.id))).toEqual([]);
    expect(page).toContain("not_shown");
    expect(page).not.toContain("org.secret");

    const officer = await createMember(database.db, helios, "compliance_officer");
    const asOfficer = await loaded(
      findingPage.loader,
      (await browserFor(database.db, officer.user.email)).get(`/findings/${finding!.id}`),
      {
        findingId: finding!.id,
      },
    );
    const genoviaDpa = every.find((a) => a.title.includes("Genovia"))!;
    expect(asOfficer).toContain(genoviaDpa.title);
  });
});
