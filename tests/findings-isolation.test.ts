import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { findings, auditLog } from "../db/schema";
import { ingestInventory } from "../app/inventory/ingest.server";
import { IngestRequest } from "../app/inventory/ingest-schema";
import { processOrganization } from "../app/policy-engine/runs.server";
import * as findingPage from "../app/routes/_app.findings.$findingId";
import * as findingsPage from "../app/routes/_app.findings._index";
import * as findingsCsv from "../app/routes/findings.export[.]csv";
import * as findingsXlsx from "../app/routes/findings.export[.]xlsx";
import * as policyPage from "../app/routes/_app.policies.$policyId";
import * as policiesPage from "../app/routes/_app.policies._index";
import * as runsPage from "../app/routes/_app.policies.runs";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, createOrganization, createTenant, statusOf, testContext } from "./factories";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

let database: TestDatabase;
const ids = { orgA: "", orgB: "", findingB: "", findingA1: "", findingA2: "" };
const emails = { adminA: "", auditorA: "", legalA: "", memberA1: "" };
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function seedInventory(organizationId: string, assets: unknown[]) {
  await withScope(database.db, { organizationId }, (tx) =>
    ingestInventory(tx, {
      organizationId,
      actor: { userId: null, label: "test" },
      request: IngestRequest.parse({ source: "t", mode: "upsert", assets }),
    }),
  );
  await processOrganization(database.db, organizationId);
}

const findingOn = async (organizationId: string, resourceName: string) => {
  const [row] = await withSystem(database.db, (tx) =>
    tx
      .select()
      .from(findings)
      .where(and(eq(findings.organizationId, organizationId), eq(findings.resourceName, resourceName), ne(findings.status, "resolved"))),
  );
  if (!row) throw new Error(`no finding on ${resourceName}`);
  return row.id;
};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ids.orgA = (await createOrganization(db, "Operator A")).id;
  ids.orgB = (await createOrganization(db, "Operator B")).id;
  const a1 = await createTenant(db, ids.orgA, "Tenant A1");
  const a2 = await createTenant(db, ids.orgA, "Tenant A2");
  emails.adminA = (await createMember(db, ids.orgA, "admin")).user.email;
  emails.auditorA = (await createMember(db, ids.orgA, "auditor")).user.email;
  emails.legalA = (await createMember(db, ids.orgA, "legal")).user.email;
  emails.memberA1 = (await createMember(db, ids.orgA, "tenant_member", { tenantId: a1.id })).user.email;
  const volume = (name: string, tenant?: string) => ({
    kind: "storage_volume",
    external_id: name,
    name,
    owner: "x",
    ...(tenant ? { tenant } : {}),
    attributes: { encrypted_at_rest: false },
  });
  await seedInventory(ids.orgA, [volume("Volume of A1", a1.slug), volume("Volume of A2", a2.slug)]);
  await seedInventory(ids.orgB, [volume("Secret volume of B")]);
  ids.findingA1 = await findingOn(ids.orgA, "Volume of A1");
  ids.findingA2 = await findingOn(ids.orgA, "Volume of A2");
  ids.findingB = await findingOn(ids.orgB, "Secret volume of B");
});
afterAll(() => database?.destroy());

const ctx = () => testContext(database.db);
const get = (loader: Loader, request: Request, params: Record<string, string> = {}) =>
  statusOf(() => loader({ request, params, context: ctx() }));
const post = (action: Action, request: Request, params: Record<string, string> = {}) =>
  statusOf(() => action({ request, params, context: ctx() }));
const loaded = async (loader: Loader, request: Request) => JSON.stringify(await loader({ request, params: {}, context: ctx() }));
const accept = { intent: "accept", justification: "Accepted for the test of isolation", expiresOn: inAMonth() };

describe("findings across organisations", () => {
  it("gives A's admin 404 for B's finding and nothing of B in the list; accepting it changes nothing", async () => {
    const browser = await browserFor(database.db, emails.adminA);
    expect(await get(findingPage.loader, browser.get(`/findings/${ids.findingB}`), { findingId: ids.findingB })).toBe(404);
    expect(await post(findingPage.action, browser.post(`/findings/${ids.findingB}`, accept), { findingId: ids.findingB })).toBe(404);
    // The confirmed grant (the second step of the bulk form), not only its confirmation page.
    const bulk = browser.post("/findings", {
      intent: "confirm",
      findingId: ids.findingB,
      justification: accept.justification,
      expiresOn: accept.expiresOn,
    });
    expect(await post(findingsPage.action, bulk)).toBe(200);
    const [b] = await withSystem(database.db, (tx) => tx.select().from(findings).where(eq(findings.id, ids.findingB)));
    expect(b!.status).toBe("open");
    expect(await loaded(findingsPage.loader, browser.get("/findings"))).not.toContain("Secret volume of B");
  });
});

describe("findings and roles inside one organisation", () => {
  it("shows a tenant member its own tenant's findings only, read-only, and keeps it out of policies and runs", async () => {
    const browser = await browserFor(database.db, emails.memberA1);
    const list = await loaded(findingsPage.loader, browser.get("/findings"));
    expect(list).toContain("Volume of A1");
    expect(list).not.toContain("Volume of A2");
    expect(await get(findingPage.loader, browser.get(`/findings/${ids.findingA1}`), { findingId: ids.findingA1 })).toBe(200);
    expect(await get(findingPage.loader, browser.get(`/findings/${ids.findingA2}`), { findingId: ids.findingA2 })).toBe(404);
    expect(await post(findingPage.action, browser.post(`/findings/${ids.findingA1}`, accept), { findingId: ids.findingA1 })).toBe(403);
    expect(await get(policiesPage.loader, browser.get("/policies"))).toBe(403);
    expect(await get(runsPage.loader, browser.get("/policies/runs"))).toBe(403);
  });

  it("lets auditors and legal read findings and policies but not accept, override or run", async () => {
    for (const email of [emails.auditorA, emails.legalA]) {
      const browser = await browserFor(database.db, email);
      expect(await get(findingsPage.loader, browser.get("/findings"))).toBe(200);
      expect(await get(policiesPage.loader, browser.get("/policies"))).toBe(200);
      expect(await post(findingPage.action, browser.post(`/findings/${ids.findingA1}`, accept), { findingId: ids.findingA1 })).toBe(403);
      expect(await post(findingsPage.action, browser.post("/findings", { findingId: ids.findingA1, ...accept }))).toBe(403);
      const override = browser.post("/policies/energy.pue.over-limit", {
        intent: "save",
        tenant: "",
        "param.max_pue": "2",
        "param.threshold_kw": "500",
      });
      expect(await post(policyPage.action, override, { policyId: "energy.pue.over-limit" })).toBe(403);
      expect(await post(runsPage.action, browser.post("/policies/runs"))).toBe(403);
    }
  });

  it("refuses an exception without CSRF, with a past date, or without justification, naming the field", async () => {
    const browser = await browserFor(database.db, emails.adminA);
    expect(
      await post(findingPage.action, browser.post(`/findings/${ids.findingA1}`, accept, { withCsrf: false }), { findingId: ids.findingA1 }),
    ).toBe(403);
    const past = await findingPage.action({
      request: browser.post(`/findings/${ids.findingA1}`, { ...accept, expiresOn: "2020-01-01", justification: "short" }),
      params: { findingId: ids.findingA1 },
      context: ctx(),
    });
    expect(JSON.stringify(past)).toContain("findings.expiryRange");
    expect(JSON.stringify(past)).toContain("findings.justificationTooShort");
    const [a1] = await withSystem(database.db, (tx) => tx.select().from(findings).where(eq(findings.id, ids.findingA1)));
    expect(a1!.status).toBe("open");
    expect(await post(findingPage.action, browser.post(`/findings/${ids.findingA1}`, accept), { findingId: ids.findingA1 })).toBe(200);
  });
});

describe("exporting findings", () => {
  it("gives an auditor the filtered findings as CSV and Excel, audited; a tenant member is refused", async () => {
    const auditor = await browserFor(database.db, emails.auditorA);
    const csv = (await findingsCsv.loader({
      request: auditor.get("/findings/export.csv?severity=high"),
      params: {},
      context: ctx(),
    })) as Response;
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const text = (await csv.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "Finding id,Severity,Status,Policy id,Policy,Resource kind,Resource,Tenant,Message,First seen (UTC),Last seen (UTC),Resolved (UTC)",
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(",High,"))).toBe(true);
    expect(text).not.toContain("Secret volume of B");
    const xlsx = (await findingsXlsx.loader({ request: auditor.get("/findings/export.xlsx"), params: {}, context: ctx() })) as Response;
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
    const exports = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, ids.orgA), eq(auditLog.action, "findings.export"))),
    );
    expect(exports.length).toBe(2);
    const member = await browserFor(database.db, emails.memberA1);
    expect(await get(findingsCsv.loader, member.get("/findings/export.csv"))).toBe(403);
  });
});
