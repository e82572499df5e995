import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import {
  auditLog,
  exceptionRequests,
  findingEvents,
  findingExceptions,
  findings,
  notifications,
  organizations,
  users,
} from "../../db/schema";
import type { Mail } from "../deadlines/mailer.server";
import { mailPeople } from "../deadlines/personal.server";
import * as clock from "../config/clock";
import * as findingPage from "../routes/_app.findings.$findingId";
import * as findingsPage from "../routes/_app.findings._index";
import * as settingsPage from "../routes/_app.settings._index";
import * as notificationSettings from "../routes/_app.settings.notifications";
import { nextActions } from "../dashboard/next-actions.server";
import { defineAbilityFor } from "../auth/ability";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, createOrganization, createTenant, statusOf, testContext } from "../../tests/factories";
import { lapseRequests, listPendingExceptions, refuseException, requestException } from "./exception-requests.server";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
let database: TestDatabase;
const org = { a: "", b: "" };
const people = { officer: "", officer2: "", admin: "", auditor: "", legal: "", member: "", adminB: "" };
const userIds = { officer: "", officer2: "" };
let tenantId = "";

const ctx = () => testContext(database.db);
const act = (action: Action, request: Request, params: Record<string, string> = {}) =>
  statusOf(() => action({ request, params, context: ctx() }));
const later = (days: number) => new Date(Date.parse(`${clock.today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function newFinding(organizationId: string, severity: "critical" | "high" | "medium" | "low", name: string) {
  const [f] = await withSystem(database.db, (tx) =>
    tx
      .insert(findings)
      .values({
        organizationId,
        policyId: `test.${severity}.${name}`,
        resourceType: "asset",
        resourceId: crypto.randomUUID(),
        resourceKind: "storage_volume",
        resourceName: name,
        tenantId,
        severity,
        status: "open",
        message: { en: `Problem on ${name}`, fr: `Problème sur ${name}` },
        evidence: {},
        firstSeenAt: clock.now(),
        lastSeenAt: clock.now(),
        openedRunId: crypto.randomUUID(),
        lastRunId: crypto.randomUUID(),
      })
      .returning(),
  );
  return f!;
}

const state = (findingId: string) =>
  withSystem(database.db, async (tx) => ({
    finding: (await tx.select().from(findings).where(eq(findings.id, findingId)))[0]!,
    exceptions: await tx.select().from(findingExceptions).where(eq(findingExceptions.findingId, findingId)),
    requests: await tx.select().from(exceptionRequests).where(eq(exceptionRequests.findingId, findingId)),
    events: await tx.select().from(findingEvents).where(eq(findingEvents.findingId, findingId)),
    audit: await tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "finding"), eq(auditLog.entityId, findingId))),
  }));

const accept = () => ({ justification: "Compensating control in place until the migration", expiresOn: later(30) });

async function requestAs(email: string, findingId: string) {
  const browser = await browserFor(database.db, email);
  return act(findingPage.action, browser.post(`/findings/${findingId}`, { intent: "accept", ...accept() }), { findingId });
}
const pendingId = async (findingId: string) => (await state(findingId)).requests.find((r) => r.decision === null)!.id;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  org.a = (await createOrganization(db, "Four eyes A")).id;
  org.b = (await createOrganization(db, "Four eyes B")).id;
  tenantId = (await createTenant(db, org.a, "Tenant of A")).id;
  const first = await createMember(db, org.a, "compliance_officer");
  people.officer = first.user.email;
  userIds.officer = first.user.id;
  const second = await createMember(db, org.a, "compliance_officer");
  people.officer2 = second.user.email;
  userIds.officer2 = second.user.id;
  people.admin = (await createMember(db, org.a, "admin")).user.email;
  people.auditor = (await createMember(db, org.a, "auditor")).user.email;
  people.legal = (await createMember(db, org.a, "legal")).user.email;
  people.member = (await createMember(db, org.a, "tenant_member", { tenantId })).user.email;
  people.adminB = (await createMember(db, org.b, "admin")).user.email;
});
afterAll(() => database?.destroy());

describe("four-eyes exceptions", () => {
  it("a critical finding is requested, approved by another officer, and accepted with an exception naming both", async () => {
    const f = await newFinding(org.a, "critical", "vol-critical");
    expect(await requestAs(people.officer, f.id)).toBe(200);
    let s = await state(f.id);
    expect(s.finding.status).toBe("open");
    expect(s.exceptions).toHaveLength(0);
    expect(s.requests).toMatchObject([{ decision: null, requestedByLabel: people.officer, justification: accept().justification }]);
    expect(s.audit.map((a) => a.action)).toEqual(["finding.exception_requested"]);

    const approver = await browserFor(database.db, people.officer2);
    const requestId = s.requests[0]!.id;
    expect(await act(findingsPage.action, approver.post("/findings", { intent: "approve", requestId }))).toBe(200);
    s = await state(f.id);
    expect(s.finding.status).toBe("accepted");
    expect(s.exceptions).toMatchObject([
      { grantedByLabel: people.officer2, justification: accept().justification, expiresOn: later(30), endedAt: null },
    ]);
    expect(s.requests[0]).toMatchObject({ decision: "approved", decidedByLabel: people.officer2, decidedByUserId: userIds.officer2 });
    const granted = s.events.find((e) => e.kind === "exception_granted")!;
    expect(granted.actorLabel).toBe(people.officer2);
    expect(granted.detail).toMatchObject({ requestedBy: people.officer, approvedBy: people.officer2, requestId });
    const grantAudit = s.audit.find((a) => a.action === "finding.exception_granted")!;
    expect(grantAudit.actorLabel).toBe(people.officer2);
    expect(grantAudit.after).toMatchObject({ requestedBy: people.officer, approvedBy: people.officer2 });
  });

  it("the requester cannot approve nor refuse their own request: 403, nothing changes", async () => {
    const f = await newFinding(org.a, "high", "vol-own");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    const before = await state(f.id);
    const self = await browserFor(database.db, people.officer);
    expect(await act(findingsPage.action, self.post("/findings", { intent: "approve", requestId }))).toBe(403);
    expect(await act(findingPage.action, self.post(`/findings/${f.id}`, { intent: "approve", requestId }), { findingId: f.id })).toBe(403);
    expect(await act(findingsPage.action, self.post("/findings", { intent: "refuse", requestId, note: "changed my mind" }))).toBe(403);
    const after = await state(f.id);
    expect(after).toEqual(before);
    // The findings page shows it to them as their own, without the decision forms.
    const loaded = (await findingsPage.loader({ request: self.get("/findings"), params: {}, context: ctx() } as LoaderFunctionArgs)) as {
      pending: { id: string; own: boolean }[];
    };
    expect(loaded.pending.find((r) => r.id === requestId)?.own).toBe(true);
  });

  it("another officer refuses with a note: the finding stays open, no exception; a refusal without a note changes nothing", async () => {
    const f = await newFinding(org.a, "critical", "vol-refused");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    const admin = await browserFor(database.db, people.admin);
    expect(await act(findingsPage.action, admin.post("/findings", { intent: "refuse", requestId, note: "" }))).toBe(400);
    expect((await state(f.id)).requests[0]!.decision).toBeNull();
    expect(await act(findingsPage.action, admin.post("/findings", { intent: "refuse", requestId, note: "Not acceptable: fix it" }))).toBe(
      200,
    );
    const s = await state(f.id);
    expect(s.finding.status).toBe("open");
    expect(s.exceptions).toHaveLength(0);
    expect(s.requests[0]).toMatchObject({ decision: "refused", decidedByLabel: people.admin, decisionNote: "Not acceptable: fix it" });
    expect(s.events.map((e) => e.kind)).toEqual(["exception_requested", "exception_refused"]);
    expect(s.audit.map((a) => a.action)).toEqual(["finding.exception_requested", "finding.exception_refused"]);
    // Decided once: approving it afterwards is refused.
    const officer2 = await browserFor(database.db, people.officer2);
    expect(await act(findingsPage.action, officer2.post("/findings", { intent: "approve", requestId }))).toBe(409);
    expect((await state(f.id)).finding.status).toBe("open");
  });

  it("a low finding is granted directly, as before, in the bulk form with a critical one that becomes a request", async () => {
    const low = await newFinding(org.a, "low", "vol-low");
    const critical = await newFinding(org.a, "critical", "vol-bulk-critical");
    const officer = await browserFor(database.db, people.officer);
    const base = officer.post("/findings", { intent: "confirm", ...accept() });
    // Two findings in one form: the same field twice.
    const form = new URLSearchParams(await base.clone().text());
    form.append("findingId", low.id);
    form.append("findingId", critical.id);
    const result = (await findingsPage.action({
      request: new Request(base.url, { method: "POST", headers: base.headers, body: form }),
      params: {},
      context: ctx(),
    })) as { outcome: { granted: string[]; requested: string[]; skipped: string[] } };
    expect(result.outcome).toEqual({ granted: [low.id], requested: [critical.id], skipped: [] });
    expect((await state(low.id)).finding.status).toBe("accepted");
    expect((await state(low.id)).requests).toHaveLength(0);
    expect((await state(critical.id)).finding.status).toBe("open");
    expect((await state(critical.id)).requests).toHaveLength(1);
  });

  it("a second request on a finding already waiting is refused (409): one pending request per finding", async () => {
    const f = await newFinding(org.a, "high", "vol-twice");
    await requestAs(people.officer, f.id);
    expect(await requestAs(people.officer2, f.id)).toBe(409);
    const s = await state(f.id);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.requestedByLabel).toBe(people.officer);
  });

  it("another organisation's request is not found (404), and nothing changes", async () => {
    const f = await newFinding(org.a, "critical", "vol-other-org");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    const adminB = await browserFor(database.db, people.adminB);
    expect(await act(findingsPage.action, adminB.post("/findings", { intent: "approve", requestId }))).toBe(404);
    expect(await act(findingPage.action, adminB.post(`/findings/${f.id}`, { intent: "approve", requestId }), { findingId: f.id })).toBe(
      404,
    );
    const s = await state(f.id);
    expect(s.finding.status).toBe("open");
    expect(s.requests[0]!.decision).toBeNull();
  });

  it("auditors, legal and tenant members cannot decide; a tenant member sees no request, not even through the database", async () => {
    const f = await newFinding(org.a, "critical", "vol-roles");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    for (const email of [people.auditor, people.legal, people.member]) {
      const browser = await browserFor(database.db, email);
      expect(await act(findingsPage.action, browser.post("/findings", { intent: "approve", requestId }))).toBe(403);
    }
    expect((await state(f.id)).requests[0]!.decision).toBeNull();
    const member = await browserFor(database.db, people.member);
    const list = (await findingsPage.loader({ request: member.get("/findings"), params: {}, context: ctx() } as LoaderFunctionArgs)) as {
      pending: unknown[];
    };
    expect(list.pending).toEqual([]);
    const page = (await findingPage.loader({
      request: member.get(`/findings/${f.id}`),
      params: { findingId: f.id },
      context: ctx(),
    } as LoaderFunctionArgs)) as { pending: unknown[] };
    expect(page.pending).toEqual([]);
    // Row-level security: under the tenant member's scope the table answers nothing.
    const rows = await withScope(database.db, { organizationId: org.a, tenantId }, (tx) => tx.select().from(exceptionRequests));
    expect(rows).toEqual([]);
    const asOperator = await withScope(database.db, { organizationId: org.a }, (tx) =>
      listPendingExceptions(tx, { organizationId: org.a }),
    );
    expect(asOperator.map((r) => r.id)).toContain(requestId);
    expect(defineAbilityFor({ role: "auditor", organizationId: org.a, tenantId: null }).can("update", "ExceptionRequest")).toBe(false);
    expect(defineAbilityFor({ role: "legal", organizationId: org.a, tenantId: null }).can("update", "ExceptionRequest")).toBe(false);
    expect(defineAbilityFor({ role: "tenant_member", organizationId: org.a, tenantId }).can("read", "ExceptionRequest")).toBe(false);
    expect(defineAbilityFor({ role: "compliance_officer", organizationId: org.a, tenantId: null }).can("update", "ExceptionRequest")).toBe(
      true,
    );
  });

  it("pending requests are the next actions of those who may decide them, not of the requester", async () => {
    const f = await newFinding(org.a, "critical", "vol-dashboard");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    const reader = (role: "compliance_officer" | "auditor", userId: string) => ({
      organizationId: org.a,
      ability: defineAbilityFor({ role, organizationId: org.a, tenantId: null }),
      role,
      userId,
      locale: "en" as const,
      today: clock.today(),
    });
    const keysOf = (userId: string, role: "compliance_officer" | "auditor" = "compliance_officer") =>
      withScope(database.db, { organizationId: org.a }, async (tx) =>
        (await nextActions(tx, reader(role, userId), [])).filter((a) => a.kind === "exception_pending").map((a) => a.key),
      );
    const requester = (
      await withSystem(database.db, (tx) => tx.select().from(exceptionRequests).where(eq(exceptionRequests.id, requestId)))
    )[0]!.requestedByUserId!;
    expect(await keysOf(userIds.officer2)).toContain(`exception-request:${requestId}`);
    expect(await keysOf(requester)).not.toContain(`exception-request:${requestId}`);
    expect(await keysOf(userIds.officer2, "auditor")).toEqual([]);
  });

  it("a request tells those who may decide it (bell and e-mail, in their language), a decision tells the requester", async () => {
    const f = await newFinding(org.a, "critical", "vol-notified");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    const told = (key: string) =>
      withSystem(database.db, (tx) =>
        tx
          .select({ email: users.email, kind: notifications.kind, title: notifications.title, link: notifications.link })
          .from(notifications)
          .innerJoin(users, eq(users.id, notifications.userId))
          .where(eq(notifications.deadlineKey, key)),
      );
    const requested = await told(`exception-request:${requestId}`);
    // The other compliance officer and the admin; not the requester, not the auditor, legal, the tenant member nor B's admin.
    expect(requested.map((n) => n.email).sort()).toEqual([people.officer2, people.admin].sort());
    expect(requested[0]).toMatchObject({ kind: "exception_requested", title: "vol-notified", link: `/findings/${f.id}` });

    const admin = await browserFor(database.db, people.admin);
    expect(await act(findingsPage.action, admin.post("/findings", { intent: "approve", requestId, note: "Migration planned" }))).toBe(200);
    expect(await told(`exception-decision:${requestId}`)).toEqual([
      { email: people.officer, kind: "exception_decided", title: "vol-notified", link: `/findings/${f.id}` },
    ]);

    // The e-mails, written in each recipient's language once the change has committed.
    const g = await newFinding(org.a, "high", "vol-mailed");
    await withSystem(database.db, (tx) => tx.update(users).set({ locale: "fr" }).where(eq(users.email, people.admin)));
    const officer = { userId: userIds.officer, label: people.officer };
    const { outboxes } = await withScope(database.db, { organizationId: org.a }, (tx) =>
      requestException(tx, { organizationId: org.a, actor: officer, findingIds: [g.id], ...accept() }),
    );
    const sent: Mail[] = [];
    const mailer = { send: async (mail: Mail) => void sent.push(mail) };
    expect(await mailPeople(database.db, { organizationId: org.a, outbox: outboxes[0]!, mailer, baseUrl: "https://attest.example" })).toBe(
      2,
    );
    const french = sent.find((m) => m.to === people.admin)!;
    expect(french.subject).toBe(`Dérogation à approuver — vol-mailed : dérogation jusqu’au ${later(30)}`);
    expect(french.text).toContain(accept().justification);
    expect(french.text).toContain(`https://attest.example/findings/${g.id}`);
    expect(sent.find((m) => m.to === people.officer2)!.subject).toBe(
      `Exception awaiting your approval — vol-mailed: exception until ${later(30)}`,
    );
    const gRequest = await pendingId(g.id);
    const refused = await withScope(database.db, { organizationId: org.a }, (tx) =>
      refuseException(tx, {
        organizationId: org.a,
        actor: { userId: userIds.officer2, label: people.officer2 },
        requestId: gRequest,
        note: "Fix it",
      }),
    );
    expect(refused.ok && refused.outbox?.recipients.map((r) => r.email)).toEqual([people.officer]);
  });

  it("a person who turned personal e-mails off still gets the bell entry, but no e-mail; the others still do", async () => {
    const officer2 = await browserFor(database.db, people.officer2);
    const save = (fields: Record<string, string>) =>
      act(notificationSettings.action, officer2.post("/settings/notifications", { kinds: "permit_expiry", email: "on", ...fields }));
    const personalEmail = async () => {
      const page = (await notificationSettings.loader({
        request: officer2.get("/settings/notifications"),
        params: {},
        context: ctx(),
      })) as {
        preferences: { email: boolean; personalEmail: boolean };
      };
      return page.preferences;
    };
    expect(await personalEmail()).toMatchObject({ personalEmail: true });
    expect(await save({})).toBe(200);
    // Deadline e-mails stay on: the two choices are independent.
    expect(await personalEmail()).toEqual({ kinds: ["permit_expiry"], email: true, personalEmail: false });

    const f = await newFinding(org.a, "critical", "vol-quiet");
    const officer = { userId: userIds.officer, label: people.officer };
    const { outboxes } = await withScope(database.db, { organizationId: org.a }, (tx) =>
      requestException(tx, { organizationId: org.a, actor: officer, findingIds: [f.id], ...accept() }),
    );
    expect(outboxes[0]!.recipients.map((r) => r.email)).toEqual([people.admin]);
    const bells = await withSystem(database.db, (tx) =>
      tx
        .select({ email: users.email })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(eq(notifications.title, "vol-quiet")),
    );
    expect(bells.map((b) => b.email).sort()).toEqual([people.officer2, people.admin].sort());

    expect(await save({ personalEmail: "on" })).toBe(200);
    expect(await personalEmail()).toMatchObject({ personalEmail: true });
  });

  it("a closed request (decided or lapsed) no longer waits in the deciders' bells; the requester's answer does", async () => {
    const unread = (key: string) =>
      withSystem(database.db, (tx) =>
        tx
          .select({ email: users.email, readAt: notifications.readAt })
          .from(notifications)
          .innerJoin(users, eq(users.id, notifications.userId))
          .where(eq(notifications.deadlineKey, key)),
      ).then((rows) =>
        rows
          .filter((n) => n.readAt === null)
          .map((n) => n.email)
          .sort(),
      );
    const refused = await newFinding(org.a, "critical", "vol-settled");
    await requestAs(people.officer, refused.id);
    const refusedId = await pendingId(refused.id);
    expect(await unread(`exception-request:${refusedId}`)).toEqual([people.officer2, people.admin].sort());
    const admin = await browserFor(database.db, people.admin);
    expect(await act(findingsPage.action, admin.post("/findings", { intent: "refuse", requestId: refusedId, note: "Fix it" }))).toBe(200);
    expect(await unread(`exception-request:${refusedId}`)).toEqual([]);
    expect(await unread(`exception-decision:${refusedId}`)).toEqual([people.officer]);

    const resolved = await newFinding(org.a, "high", "vol-lapsing");
    await requestAs(people.officer, resolved.id);
    const lapsingId = await pendingId(resolved.id);
    await withScope(database.db, { organizationId: org.a }, (tx) =>
      lapseRequests(tx, { organizationId: org.a, findingIds: [resolved.id], at: clock.now(), by: "Attest engine" }),
    );
    expect((await state(resolved.id)).requests.map((r) => r.decision)).toEqual(["lapsed"]);
    expect(await unread(`exception-request:${lapsingId}`)).toEqual([]);
  });

  it("the requester withdraws their own pending request, nobody else can; the finding stays open", async () => {
    const f = await newFinding(org.a, "critical", "vol-withdrawn");
    await requestAs(people.officer, f.id);
    const requestId = await pendingId(f.id);
    for (const email of [people.officer2, people.admin]) {
      const other = await browserFor(database.db, email);
      expect(await act(findingsPage.action, other.post("/findings", { intent: "withdraw", requestId }))).toBe(403);
    }
    expect((await state(f.id)).requests[0]!.decision).toBeNull();
    const requester = await browserFor(database.db, people.officer);
    expect(await act(findingPage.action, requester.post(`/findings/${f.id}`, { intent: "withdraw", requestId }), { findingId: f.id })).toBe(
      200,
    );
    const s = await state(f.id);
    expect(s.finding.status).toBe("open");
    expect(s.exceptions).toHaveLength(0);
    expect(s.requests[0]).toMatchObject({ decision: "withdrawn", decidedByLabel: people.officer });
    expect(s.events.map((e) => e.kind)).toEqual(["exception_requested", "exception_withdrawn"]);
    expect(s.audit.map((a) => a.action)).toEqual(["finding.exception_requested", "finding.exception_withdrawn"]);
    // No longer pending: it cannot be approved, and a new request may be made.
    const admin = await browserFor(database.db, people.admin);
    expect(await act(findingsPage.action, admin.post("/findings", { intent: "approve", requestId }))).toBe(409);
    expect(await requestAs(people.officer, f.id)).toBe(200);
  });

  it("the admin's setting is respected: with medium added, a medium finding waits; with none, a critical one is granted", async () => {
    const admin = await browserFor(database.db, people.admin);
    const officer = await browserFor(database.db, people.officer);
    const save = async (severities: string[]) => {
      const base = admin.post("/settings", { intent: "four-eyes" });
      const body = new URLSearchParams(await base.clone().text());
      for (const s of severities) body.append("severity", s);
      return act(settingsPage.action, new Request(base.url, { method: "POST", headers: base.headers, body }));
    };
    // Only an admin changes it.
    expect(await act(settingsPage.action, officer.post("/settings", { intent: "four-eyes", severity: "low" }))).toBe(403);
    expect(await save(["critical", "high", "medium"])).toBe(200);
    const [saved] = await withSystem(database.db, (tx) => tx.select().from(organizations).where(eq(organizations.id, org.a)));
    expect(saved!.fourEyesSeverities).toEqual(["critical", "high", "medium"]);
    const changes = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org.a), eq(auditLog.action, "organization.four_eyes_changed"))),
    );
    expect(changes.map((c) => c.after)).toEqual([{ fourEyesSeverities: ["critical", "high", "medium"] }]);
    const medium = await newFinding(org.a, "medium", "vol-medium");
    await requestAs(people.officer, medium.id);
    expect((await state(medium.id)).finding.status).toBe("open");
    expect((await state(medium.id)).requests).toHaveLength(1);

    expect(await save([])).toBe(200);
    const critical = await newFinding(org.a, "critical", "vol-no-four-eyes");
    await requestAs(people.officer, critical.id);
    expect((await state(critical.id)).finding.status).toBe("accepted");
    expect((await state(critical.id)).requests).toHaveLength(0);
    expect(await save(["bogus"])).toBe(400);
    expect(await save(["critical", "high"])).toBe(200);
  });
});
