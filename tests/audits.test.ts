import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { auditReviews, memberships, notifications, organizations, reports, tenants } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { AuditError, closeAudit, createAudit, recordReview, reviewTrail, verdicts } from "../app/audits/audits.server";
import { processReportQueue, requestReport } from "../app/reports/report-jobs.server";
import * as auditPage from "../app/routes/_app.audits.$auditId";
import * as auditsPage from "../app/routes/_app.audits._index";
import * as evidenceRoute from "../app/routes/controls.evidence.$evidenceId";
import { createTestDatabase, type TestDatabase } from "./db";
import { setClock } from "../app/config/clock";
import { browserFor, createMember, createOrganization, statusOf, systemActor, testContext } from "./factories";
import { mailPeople } from "../app/deadlines/personal.server";
import type { Mail } from "../app/deadlines/mailer.server";
import { catalogue } from "../app/controls/catalogue.server";
import { addEvidence } from "../app/controls/controls.server";

let database: TestDatabase;
let helios = "";
const people = {
  auditor: { id: "", email: "" },
  outsider: { id: "", email: "" },
  officer: { id: "", email: "" },
  member: { id: "", email: "" },
};

// The demo is seeded and evaluated inside the audited period (2026), whatever day the suite runs.
beforeAll(async () => {
  setClock("2026-11-26T12:00:00Z");
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const [lumen] = await database.db.select().from(tenants).where(eq(tenants.slug, "lumen-ai"));
  for (const [key, role, tenantId] of [
    ["auditor", "auditor"],
    ["outsider", "auditor"],
    ["officer", "compliance_officer"],
    ["member", "tenant_member", lumen!.id],
  ] as const) {
    const created = await createMember(database.db, helios, role, tenantId ? { tenantId } : {});
    people[key] = { id: created.user.id, email: created.user.email };
  }
}, 120_000);
afterAll(async () => {
  await database?.destroy();
  setClock(null);
});

const inHelios = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: helios }, work);
const reviewer = (who: "auditor" | "outsider" | "officer", role: "auditor" | "compliance_officer") => ({
  userId: people[who].id,
  label: people[who].email,
  role,
});

describe("audits workspace", () => {
  it("lets assigned auditors accept or flag, the officer answer, nobody else; closing freezes the trail; the report carries it", async () => {
    const audit = await inHelios((tx) =>
      createAudit(tx, {
        organizationId: helios,
        actor: systemActor,
        title: "ISO 27001 surveillance 2026",
        framework: "iso27001-2022",
        periodStart: "2026-01-01",
        periodEnd: "2026-11-30",
        auditorIds: [people.auditor.id],
      }),
    );
    const review = (
      who: Parameters<typeof reviewer>[0],
      role: Parameters<typeof reviewer>[1],
      itemId: string,
      kind: "accepted" | "flagged" | "response",
      comment: string,
    ) =>
      inHelios((tx) =>
        recordReview(tx, { organizationId: helios, auditId: audit.id, itemId, kind, comment, reviewer: reviewer(who, role) }),
      );

    await review("auditor", "auditor", "A.5.1", "accepted", "Policy signed and published");
    await review("auditor", "auditor", "A.8.13", "flagged", "Two backups older than their schedule");
    await review("officer", "compliance_officer", "A.8.13", "response", "Backup jobs fixed on 2026-11-20; see run history");
    await expect(review("outsider", "auditor", "A.5.1", "flagged", "not mine")).rejects.toMatchObject({ message: "audits.notAssigned" });
    await expect(review("officer", "compliance_officer", "A.5.1", "accepted", "self-approval")).rejects.toMatchObject({
      message: "audits.notAssigned",
    });
    await expect(review("auditor", "auditor", "A.5.1", "response", "answering myself")).rejects.toMatchObject({
      message: "audits.notOfficer",
    });
    await expect(review("auditor", "auditor", "Z.9.9", "accepted", "no such control")).rejects.toBeInstanceOf(AuditError);

    const trail = await inHelios((tx) => reviewTrail(tx, { organizationId: helios, auditId: audit.id }));
    expect(Object.fromEntries(verdicts(trail))).toEqual({ "A.5.1": "accepted", "A.8.13": "flagged" });
    await expect(
      inHelios((tx) => tx.update(auditReviews).set({ comment: "rewritten" }).where(eq(auditReviews.auditId, audit.id))),
    ).rejects.toThrow();

    const [queued] = await inHelios(async (tx) => [
      await requestReport(tx, {
        organizationId: helios,
        kind: "audit_report",
        framework: "iso27001-2022",
        periodStart: "2026-01-01",
        periodEnd: "2026-11-30",
        language: "en",
        actor: systemActor,
        auditId: audit.id,
      }),
    ]);
    // The report is built once the audited period has ended.
    setClock("2026-12-01T08:00:00Z");
    await processReportQueue(database.db);
    const [built] = await withSystem(database.db, (tx) => tx.select().from(reports).where(eq(reports.id, queued!.id)));
    expect(built!.status).toBe("completed");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "attest-audit-")), "audit.pdf");
    writeFileSync(file, built!.content!);
    const content = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(content).toContain("Audit review trail");
    expect(content).toContain("Two backups older than their schedule");
    expect(content).toContain("Backup jobs fixed on 2026-11-20");

    // Closing the audit settles what its trail still had waiting in people's bells (the A.8.13 flag).
    const waiting = () =>
      withSystem(database.db, (tx) =>
        tx
          .select({ id: notifications.id })
          .from(notifications)
          .where(
            and(
              inArray(
                notifications.deadlineKey,
                trail.map((r) => `audit-review:${r.id}`),
              ),
              isNull(notifications.readAt),
            ),
          ),
      );
    expect((await waiting()).length).toBeGreaterThan(0);
    await inHelios((tx) => closeAudit(tx, { organizationId: helios, auditId: audit.id, actor: systemActor }));
    expect(await waiting()).toEqual([]);
    await expect(review("auditor", "auditor", "A.5.2", "accepted", "too late")).rejects.toMatchObject({ message: "audits.closedAudit" });
  });

  it("shows an auditor only its audits, refuses tenant members, and checks reviews through the page", async () => {
    const audit = await inHelios((tx) =>
      createAudit(tx, {
        organizationId: helios,
        actor: systemActor,
        title: "Permits review",
        framework: "permits",
        periodStart: "2026-01-01",
        periodEnd: "2026-11-30",
        auditorIds: [people.auditor.id],
      }),
    );
    const context = testContext(database.db);
    const page = async (email: string) => {
      const browser = await browserFor(database.db, email);
      return {
        get: () =>
          statusOf(() => auditPage.loader({ request: browser.get(`/audits/${audit.id}`), params: { auditId: audit.id }, context })),
        list: () => auditsPage.loader({ request: browser.get("/audits"), params: {}, context }),
        post: (fields: Record<string, string>) =>
          statusOf(() =>
            auditPage.action({ request: browser.post(`/audits/${audit.id}`, fields), params: { auditId: audit.id }, context }),
          ),
      };
    };
    const assigned = await page(people.auditor.email);
    const outsider = await page(people.outsider.email);
    const member = await page(people.member.email);
    expect(await assigned.get()).toBe(200);
    expect(await outsider.get()).toBe(404);
    expect(await member.get()).toBe(403);
    expect((await outsider.list()).audits.map((a) => a.id)).not.toContain(audit.id);
    expect((await assigned.list()).audits.map((a) => a.id)).toContain(audit.id);
    expect(await assigned.post({ itemId: "permits.required.active-for-operating-site", kind: "flagged", comment: "" })).toBe(400);
    expect(
      await assigned.post({
        itemId: "permits.required.active-for-operating-site",
        kind: "flagged",
        comment: "Grid permit expired in March",
      }),
    ).toBe(302);
    expect(await outsider.post({ itemId: "permits.required.active-for-operating-site", kind: "accepted", comment: "sneaky" })).toBe(404);
  });

  it("shows each theme's progress, pages within a theme, and tells the officers of a flag and the auditors of an answer", async () => {
    const audit = await inHelios((tx) =>
      createAudit(tx, {
        organizationId: helios,
        actor: systemActor,
        title: "Themes and notifications",
        framework: "iso27001-2022",
        periodStart: "2026-01-01",
        periodEnd: "2026-11-30",
        auditorIds: [people.auditor.id],
      }),
    );
    // An officer of another organisation must hear of nothing.
    const elsewhere = await createOrganization(database.db);
    const stranger = await createMember(database.db, elsewhere.id, "compliance_officer");
    const review = (who: "auditor" | "officer", itemId: string, kind: "accepted" | "flagged" | "response", comment: string) =>
      inHelios((tx) =>
        recordReview(tx, {
          organizationId: helios,
          auditId: audit.id,
          itemId,
          kind,
          comment,
          reviewer: reviewer(who, who === "auditor" ? "auditor" : "compliance_officer"),
        }),
      );
    expect((await review("auditor", "A.5.1", "accepted", "Signed policy")).outbox).toBeNull();
    const flag = await review("auditor", "A.5.2", "flagged", "Roles not assigned for the new site");
    await review("auditor", "A.8.1", "accepted", "Endpoint baseline applied");
    const a82Flag = await review("auditor", "A.8.2", "flagged", "Privileged accounts not reviewed");
    await review("auditor", "A.8.2", "accepted", "Review evidence received");
    const answer = await review("officer", "A.5.2", "response", "Roles assigned on 2026-11-20");

    // Flag → every compliance officer and admin of Helios, not the auditor; answer → the assigned auditor only.
    const officersAndAdmins = await withSystem(database.db, (tx) =>
      tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.organizationId, helios), inArray(memberships.role, ["compliance_officer", "admin"]))),
    );
    const rows = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(notifications)
        .where(inArray(notifications.deadlineKey, [`audit-review:${flag.entry.id}`, `audit-review:${answer.entry.id}`])),
    );
    const flagged = rows.filter((n) => n.kind === "audit_flagged");
    expect(flagged.map((n) => n.userId).sort()).toEqual(officersAndAdmins.map((m) => m.userId).sort());
    expect(flagged.map((n) => n.userId)).toContain(people.officer.id);
    expect(flagged[0]).toMatchObject({
      organizationId: helios,
      title: "A.5.2 — Themes and notifications",
      link: `/audits/${audit.id}?item=A.5.2#item-A.5.2`,
    });
    expect(rows.filter((n) => n.kind === "audit_answered").map((n) => n.userId)).toEqual([people.auditor.id]);
    // Only an item's latest review waits: the answer settled the officers' flag, the auditor's acceptance its own flag.
    const unread = (reviewId: number) =>
      withSystem(database.db, (tx) =>
        tx
          .select({ userId: notifications.userId })
          .from(notifications)
          .where(and(eq(notifications.deadlineKey, `audit-review:${reviewId}`), isNull(notifications.readAt))),
      );
    expect(await unread(flag.entry.id)).toEqual([]);
    expect(await unread(a82Flag.entry.id)).toEqual([]);
    expect(await unread(answer.entry.id)).toEqual([{ userId: people.auditor.id }]);
    const strangers = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(notifications)
        .where(inArray(notifications.userId, [stranger.user.id, people.outsider.id, people.member.id])),
    );
    expect(strangers).toEqual([]);

    // The e-mails go after the commit, one per recipient, in the recipient's language, and stamp the notification.
    const sent: Mail[] = [];
    const mailer = { send: async (mail: Mail) => void sent.push(mail) };
    expect(
      await mailPeople(database.db, { organizationId: helios, outbox: answer.outbox!, mailer, baseUrl: "https://attest.example/" }),
    ).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(people.auditor.email);
    expect(sent[0]!.subject).toContain("A.5.2");
    expect(sent[0]!.text).toContain("Roles assigned on 2026-11-20");
    expect(sent[0]!.text).toContain(`https://attest.example/audits/${audit.id}?item=A.5.2#item-A.5.2`);
    const [stamped] = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(notifications)
        .where(eq(notifications.deadlineKey, `audit-review:${answer.entry.id}`)),
    );
    expect(stamped!.emailedAt).not.toBeNull();

    await inHelios((tx) =>
      addEvidence(tx, {
        organizationId: helios,
        actor: systemActor,
        frameworkId: "iso27001-2022",
        requirementId: "A.8.1",
        input: { kind: "file", title: "Endpoint baseline export", evidenceDate: "2026-11-01" },
        upload: { bytes: Buffer.from("%PDF-1.4\n%%EOF\n"), fileName: "baseline.pdf", contentType: "application/pdf" },
      }),
    );
    // The workspace: every theme's progress over all its controls, whatever the filter and page.
    const context = testContext(database.db);
    const browser = await browserFor(database.db, people.auditor.email);
    const load = (query: string) =>
      auditPage.loader({ request: browser.get(`/audits/${audit.id}${query}`), params: { auditId: audit.id }, context }) as Promise<
        Awaited<ReturnType<typeof auditPage.loader>>
      >;
    const iso = catalogue().frameworks.find((f) => f.id === "iso27001-2022")!;
    const inTheme = (theme: string) => iso.requirements.filter((r) => r.theme === theme).length;
    const all = await load("");
    expect(all.themes.map((t) => t.id)).toEqual(["organizational", "people", "physical", "technological"]);
    expect(all.themes.find((t) => t.id === "organizational")).toMatchObject({
      total: inTheme("organizational"),
      reviewed: 2,
      accepted: 1,
      flagged: 1,
    });
    expect(all.themes.find((t) => t.id === "technological")).toMatchObject({
      total: inTheme("technological"),
      reviewed: 2,
      accepted: 2,
      flagged: 0,
    });
    expect(all.themes.find((t) => t.id === "people")).toMatchObject({ reviewed: 0, accepted: 0, flagged: 0 });
    expect(all.items).toHaveLength(25);
    expect(all.shownTotal).toBe(iso.requirements.length);

    // Evidence files open from the workspace: the auditor reads controls, so the file route serves them.
    expect(all.canOpenEvidence).toBe(true);
    const file = (await load("?item=A.8.1")).items
      .find((i) => i.id === "A.8.1")!
      .evidence.find((e) => e.title === "Endpoint baseline export");
    expect(file).toBeDefined();
    expect(
      await statusOf(() =>
        evidenceRoute.loader({ request: browser.get(`/controls/evidence/${file!.id}`), params: { evidenceId: file!.id }, context }),
      ),
    ).toBe(200);

    const tech2 = await load("?theme=technological&page=2");
    expect(tech2.page).toBe(2);
    expect(tech2.items.every((i) => i.theme.id === "technological")).toBe(true);
    expect(tech2.items.map((i) => i.id)).toEqual(
      iso.requirements
        .filter((r) => r.theme === "technological")
        .slice(25, 50)
        .map((r) => r.id),
    );
    const flaggedOnly = await load("?show=flagged");
    expect(flaggedOnly.items.map((i) => i.id)).toEqual(["A.5.2"]);
    expect(flaggedOnly.themes.find((t) => t.id === "technological")!.reviewed).toBe(2);
    expect((await load("?theme=nonsense&page=999")).theme).toBeNull();
    // A notification's link opens the page that holds its control.
    const focused = await load("?item=A.8.30");
    expect(focused.page).toBe(Math.floor(iso.requirements.findIndex((r) => r.id === "A.8.30") / 25) + 1);
    expect(focused.items.map((i) => i.id)).toContain("A.8.30");

    // A review posted from a filtered page comes back to it.
    const response = (await auditPage.action({
      request: browser.post(`/audits/${audit.id}?theme=technological&page=2&show=all`, {
        itemId: "A.8.30",
        kind: "flagged",
        comment: "Outsourced development not supervised",
      }),
      params: { auditId: audit.id },
      context,
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/audits/${audit.id}?show=all&theme=technological&page=2#item-A.8.30`);
  });
});
