import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { auditReviews, organizations, reports, tenants } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { AuditError, closeAudit, createAudit, recordReview, reviewTrail, verdicts } from "../app/audits/audits.server";
import { processReportQueue, requestReport } from "../app/reports/report-jobs.server";
import * as auditPage from "../app/routes/_app.audits.$auditId";
import * as auditsPage from "../app/routes/_app.audits._index";
import { createTestDatabase, type TestDatabase } from "./db";
import { setClock } from "../app/config/clock";
import { browserFor, createMember, statusOf, systemActor, testContext } from "./factories";

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

    await inHelios((tx) => closeAudit(tx, { organizationId: helios, auditId: audit.id, actor: systemActor }));
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
});
