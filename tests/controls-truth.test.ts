import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import { auditLog, controlEvidence, organizations } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { createApiToken } from "../app/auth/api-tokens.server";
import * as clock from "../app/config/clock";
import { addEvidence, EvidenceRefused } from "../app/controls/controls.server";
import { dashboardSummary } from "../app/dashboard/dashboard.server";
import * as controlsApi from "../app/routes/api.v1.controls";
import * as controlApi from "../app/routes/api.v1.controls.$frameworkId.$requirementId";
import * as controlPage from "../app/routes/_app.controls.$frameworkId.$requirementId";
import * as soaPage from "../app/routes/_app.controls._index";
import * as dashboardPage from "../app/routes/_app._index";
import * as csvExport from "../app/routes/controls.export[.]csv";
import { clockFrom } from "./clock";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, systemActor, testContext } from "./factories";

/**
 * Issue 15, "What Attest says is true": the demo's A.5.23 is declared implemented while three of its automated checks
 * fail. Every place that shows or counts it must say "needs attention", with the reason, beside the declaration.
 */
let database: TestDatabase;
let helios = "";
let token = "";
let officer = "";

clockFrom();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  officer = (await createMember(database.db, helios, "compliance_officer")).user.email;
  token = (
    await withScope(database.db, { organizationId: helios }, (tx) =>
      createApiToken(tx, { organizationId: helios, actor: systemActor, name: "t", scopes: ["controls:read", "controls:write"] }),
    )
  ).secret;
});
afterAll(() => database?.destroy());

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>;
const run = (handler: Handler, request: Request, params: Record<string, string> = {}) =>
  handler({ request, params, context: testContext(database.db) }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
const api = async (handler: Handler, path: string, params: Record<string, string> = {}) =>
  (await run(handler, new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${token}` } }), params)) as Response;
const A523 = { frameworkId: "iso27001-2022", requirementId: "A.5.23" };

describe("a control declared implemented whose automated checks fail (A.5.23)", () => {
  it("shows as needing attention on the SoA page, with its reason, and the progress does not count it", async () => {
    const browser = await browserFor(database.db, officer);
    type Page = Awaited<ReturnType<typeof soaPage.loader>>;
    const page = (await run(soaPage.loader as Handler, browser.get("/controls"))) as Page;
    const row = page.rows.find((r) => r.requirementId === "A.5.23")!;
    expect(row).toMatchObject({
      declared: "implemented",
      status: "needs_attention",
      reasons: [{ code: "automated_checks_failing", count: 3 }],
      automated: { passing: 0, failing: 3 },
    });
    const organisational = page.progress.find((p) => p.theme === "organizational")!;
    const implementedThere = page.rows.filter((r) => r.theme === "organizational" && r.status === "implemented").length;
    expect(organisational.implemented).toBe(implementedThere);
    expect(page.rows.filter((r) => r.theme === "organizational" && r.declared === "implemented").length).toBeGreaterThan(
      organisational.implemented,
    );
    // The "needs attention" filter finds it.
    const filtered = (await run(soaPage.loader as Handler, browser.get("/controls?status=needs_attention"))) as Page;
    expect(filtered.rows.map((r) => r.requirementId)).toContain("A.5.23");
    expect(filtered.rows.every((r) => r.status === "needs_attention")).toBe(true);
    expect(page.counts.attention).toBe(filtered.rows.length);
  });

  it("says why on its own page, beside the declared status the officer edits", async () => {
    const browser = await browserFor(database.db, officer);
    const page = (await run(controlPage.loader as Handler, browser.get("/controls/iso27001-2022/A.5.23"), A523)) as Awaited<
      ReturnType<typeof controlPage.loader>
    >;
    expect(page).toMatchObject({
      declared: "implemented",
      status: "needs_attention",
      reasons: [{ code: "automated_checks_failing", count: 3 }],
      record: { status: "implemented" },
      automated: { state: "failing", passing: 0, failing: 3 },
    });
  });

  it("is counted by the dashboard as needing attention, not as implemented", async () => {
    const summary = await withScope(database.db, { organizationId: helios }, (tx) =>
      dashboardSummary(tx, {
        organizationId: helios,
        includeMembers: false,
        includeAudit: false,
        includeControls: true,
        today: clock.today(),
      }),
    );
    const iso = summary.controls!.find((c) => c.framework === "iso27001-2022")!;
    // The demo declared 17 controls implemented, then A.7.8 partial on review; six have failing checks (or lapsed
    // evidence) and do not count.
    expect(iso).toMatchObject({ implemented: 10, needs_attention: 6, partial: 7, not_applicable: 1, applicable: 92 });
    const browser = await browserFor(database.db, officer);
    const page = (await run(dashboardPage.loader as Handler, browser.get("/"))) as Awaited<ReturnType<typeof dashboardPage.loader>>;
    expect(page.summary.controls?.find((c) => c.framework === "iso27001-2022")).toEqual(iso);
  });

  it("gives the declared status, the effective status, the reasons and the checks through the API", async () => {
    const list = (await (await api(controlsApi.loader as Handler, "/api/v1/controls")).json()) as { data: Record<string, unknown>[] };
    const expected = {
      requirement: "A.5.23",
      status: "implemented",
      effective_status: "needs_attention",
      reasons: [{ code: "automated_checks_failing", count: 3, message: "3 automated checks fail" }],
      automated: { passing: 0, failing: 3 },
    };
    expect(list.data.find((r) => r.requirement === "A.5.23")).toMatchObject(expected);
    // A.8.13: declared implemented, its evidence lapsed and checks failing; A.5.1: implemented and proven.
    expect(list.data.find((r) => r.requirement === "A.8.13")).toMatchObject({
      status: "implemented",
      effective_status: "needs_attention",
      reasons: [{ code: "automated_checks_failing" }, { code: "evidence_expired", count: 1 }],
    });
    expect(list.data.find((r) => r.requirement === "A.5.1")).toMatchObject({
      status: "implemented",
      effective_status: "implemented",
      reasons: [],
    });
    const one = await api(controlApi.loader as Handler, "/api/v1/controls/iso27001-2022/A.5.23", A523);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { data: unknown }).data).toMatchObject({ framework: "iso27001-2022", ...expected });
    const unknown = await api(controlApi.loader as Handler, "/api/v1/controls/iso27001-2022/A.99", { ...A523, requirementId: "A.99" });
    expect(unknown.status).toBe(404);
  });

  it("exports the declared status, the effective status and the reason side by side, in the reader's language", async () => {
    const browser = await browserFor(database.db, officer);
    const csv = await ((await run(csvExport.loader as Handler, browser.get("/controls/export.csv"))) as Response).text();
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(header).toContain("Declared status,Effective status,Needs attention because");
    expect(lines.find((l) => l.startsWith("A.5.23,"))).toContain(",Implemented,Needs attention,3 automated checks fail,");
    const french = browser.get("/controls/export.csv");
    french.headers.set("Accept-Language", "fr");
    const fr = await ((await run(csvExport.loader as Handler, french)) as Response).text();
    expect(fr.split("\r\n").find((l) => l.startsWith("A.5.23,"))).toContain(",Mise en œuvre,À traiter,3 contrôles automatiques en échec,");
  });
});

describe("evidence dates", () => {
  const evidenceRows = () =>
    database.db
      .select()
      .from(controlEvidence)
      .where(and(eq(controlEvidence.organizationId, helios), eq(controlEvidence.requirementId, "A.5.23")));
  const auditRows = () => database.db.select().from(auditLog).where(eq(auditLog.entityId, "iso27001-2022:A.5.23"));
  const submit = async (fields: Record<string, string>) => {
    const browser = await browserFor(database.db, officer);
    const request = browser.post("/controls/iso27001-2022/A.5.23", {
      intent: "evidence",
      kind: "link",
      title: "Cloud services register",
      url: "https://grc.helios.example/evidence/cloud-register",
      ...fields,
    });
    return (await run(controlPage.action as Handler, request, A523)) as {
      init?: { status?: number };
      data: { result: { error?: Record<string, string[]> } };
    };
  };

  it("refuses evidence dated tomorrow, naming the field, in the form and in the service", async () => {
    const [evidenceBefore, auditBefore] = [(await evidenceRows()).length, (await auditRows()).length];
    const tomorrow = clock.daysAfter(clock.now(), 1);
    const answer = await submit({ evidenceDate: tomorrow });
    expect(answer.init?.status).toBe(400);
    expect(answer.data.result.error).toEqual({ evidenceDate: ["controls.evidenceDateFuture"] });
    await expect(
      withScope(database.db, { organizationId: helios }, (tx) =>
        addEvidence(tx, {
          organizationId: helios,
          actor: systemActor,
          ...A523,
          input: { kind: "link", title: "From a script", url: "https://example.com/x", evidenceDate: "2030-01-01" },
        }),
      ),
    ).rejects.toMatchObject(new EvidenceRefused("evidenceDate", "controls.evidenceDateFuture"));
    expect((await evidenceRows()).length).toBe(evidenceBefore);
    expect((await auditRows()).length).toBe(auditBefore);
    // Today itself is accepted, and is the evidence's date, distinct from the day it was uploaded on.
    const today = await submit({ evidenceDate: clock.today(), expiresOn: clock.daysAfter(clock.now(), 365) });
    expect(today.init?.status ?? 200).toBe(200);
    const [added] = await evidenceRows();
    expect(added).toMatchObject({ evidenceDate: clock.today() });
    expect((await auditRows()).map((e) => e.action)).toContain("evidence.add");
  });

  it("refuses an end of validity on or before the evidence's date", async () => {
    const before = (await evidenceRows()).length;
    const earlier = await submit({ evidenceDate: "2026-10-01", expiresOn: "2026-09-30" });
    expect(earlier.init?.status).toBe(400);
    expect(earlier.data.result.error).toEqual({ expiresOn: ["controls.expiryBeforeDate"] });
    const same = await submit({ evidenceDate: "2026-10-01", expiresOn: "2026-10-01" });
    expect(same.data.result.error).toEqual({ expiresOn: ["controls.expiryBeforeDate"] });
    await expect(
      withScope(database.db, { organizationId: helios }, (tx) =>
        addEvidence(tx, {
          organizationId: helios,
          actor: systemActor,
          ...A523,
          input: {
            kind: "link",
            title: "From a script",
            url: "https://example.com/x",
            evidenceDate: "2026-10-01",
            expiresOn: "2026-01-01",
          },
        }),
      ),
    ).rejects.toBeInstanceOf(EvidenceRefused);
    expect((await evidenceRows()).length).toBe(before);
  });

  it("never dates the demo's evidence after the day it was recorded, nor lets it lapse before its date", async () => {
    const all = await database.db.select().from(controlEvidence).where(eq(controlEvidence.organizationId, helios));
    expect(all.length).toBeGreaterThan(10);
    for (const e of all) {
      expect(e.evidenceDate <= clock.isoDate(e.createdAt)).toBe(true);
      if (e.expiresOn) expect(e.expiresOn > e.evidenceDate).toBe(true);
    }
  });
});
