import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope } from "../../db/connection.server";
import { auditLog, controlEvidence } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createMember, createOrganization, systemActor } from "../../tests/factories";
import { ControlFormSchema, evidenceFormSchema } from "./control-schema";
import { addEvidence, controlDetail, progressByTheme, statementOfApplicability, updateControl } from "./controls.server";
import { sniffEvidenceType } from "./sniff.server";

let database: TestDatabase;
let orgId: string;
let ownerId: string;
const TODAY = "2026-11-25";

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  ownerId = (await createMember(database.db, orgId, "compliance_officer")).user.id;
});
afterAll(() => database?.destroy());

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);
const control = (requirementId: string, input: Record<string, unknown>) =>
  inOrg((tx) =>
    updateControl(tx, {
      organizationId: orgId,
      actor: systemActor,
      frameworkId: "iso27001-2022",
      requirementId,
      input: ControlFormSchema.parse(input),
    }),
  );
const evidence = (frameworkId: string, requirementId: string, input: Record<string, unknown>, upload?: Buffer) =>
  inOrg((tx) =>
    addEvidence(tx, {
      organizationId: orgId,
      actor: systemActor,
      frameworkId,
      requirementId,
      input: evidenceFormSchema(TODAY).parse(input),
      ...(upload ? { upload: { bytes: upload, fileName: "x.pdf", contentType: "application/pdf" } } : {}),
    }),
  );

describe("controls register", () => {
  it("lists all 93 Annex A controls, unassessed by default", async () => {
    const soa = await inOrg((tx) => statementOfApplicability(tx, { organizationId: orgId, frameworkId: "iso27001-2022", today: TODAY }));
    expect(soa?.rows).toHaveLength(93);
    expect(soa?.rows.every((r) => r.status === "not_started")).toBe(true);
  });

  it("requires a justification to exclude a control, and audits each change", async () => {
    expect(
      ControlFormSchema.safeParse({ applicable: "no", status: "not_applicable", reviewIntervalMonths: "12" }).error?.issues[0]?.message,
    ).toBe("controls.justificationRequired");
    await control("A.7.4", {
      applicable: "no",
      justification: "No physical premises of our own",
      status: "not_applicable",
      reviewIntervalMonths: "12",
    });
    await control("A.8.24", {
      applicable: "yes",
      status: "implemented",
      ownerUserId: ownerId,
      reviewIntervalMonths: "6",
      nextReviewOn: "2026-10-01",
    });
    const soa = await inOrg((tx) => statementOfApplicability(tx, { organizationId: orgId, frameworkId: "iso27001-2022", today: TODAY }));
    const row = soa!.rows.find((r) => r.requirementId === "A.8.24")!;
    // Declared implemented, but nothing proves it and its review date has passed: not counted as implemented.
    expect(row).toMatchObject({
      declared: "implemented",
      status: "needs_attention",
      reasons: [{ code: "no_current_evidence" }, { code: "review_overdue", since: "2026-10-01" }],
      reviewOverdue: true,
    });
    expect(row.record.ownerName).toContain("compliance_officer");
    expect(soa!.rows.find((r) => r.requirementId === "A.7.4")!).toMatchObject({ declared: "not_applicable", status: "not_applicable" });
    const progress = progressByTheme(soa!.framework, soa!.rows);
    expect(progress.find((p) => p.theme === "technological")).toMatchObject({ applicable: 34, implemented: 0, needsAttention: 1 });
    expect(progress.find((p) => p.theme === "physical")).toMatchObject({ applicable: 13 });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.entityId, "iso27001-2022:A.8.24"));
    expect(entries.map((e) => e.action)).toEqual(["control.update"]);
  });

  it("counts a control as implemented only while its evidence is valid, and renewing keeps every version", async () => {
    await control("A.8.24", {
      applicable: "yes",
      status: "implemented",
      ownerUserId: ownerId,
      reviewIntervalMonths: "6",
      nextReviewOn: "2027-04-01",
    });
    const first = await evidence("iso27001-2022", "A.8.24", {
      kind: "link",
      title: "KMS key policy",
      url: "https://wiki.example/kms",
      evidenceDate: "2025-01-10",
      expiresOn: "2026-01-10",
    });
    let detail = await inOrg((tx) =>
      controlDetail(tx, { organizationId: orgId, frameworkId: "iso27001-2022", requirementId: "A.8.24", today: TODAY }),
    );
    expect(detail).toMatchObject({ declared: "implemented", status: "needs_attention", reasons: [{ code: "evidence_expired", count: 1 }] });
    await evidence("iso27001-2022", "A.8.24", {
      kind: "link",
      title: "KMS key policy",
      url: "https://wiki.example/kms-2026",
      evidenceDate: "2026-01-05",
      expiresOn: "2027-01-05",
      lineageId: first!.lineageId,
    });
    detail = await inOrg((tx) =>
      controlDetail(tx, { organizationId: orgId, frameworkId: "iso27001-2022", requirementId: "A.8.24", today: TODAY }),
    );
    expect(detail).toMatchObject({ status: "implemented", reasons: [] });
    expect(detail?.evidence.map((e) => e.version)).toEqual([2, 1]);
    expect(detail?.summary).toEqual({ current: 1, expired: 0 });
  });

  it("lets evidence count for the requirements mapped to its control", async () => {
    const detail = await inOrg((tx) =>
      controlDetail(tx, { organizationId: orgId, frameworkId: "gdpr", requirementId: "Art. 32", today: TODAY }),
    );
    expect(detail?.summary.current).toBe(1);
    expect(detail?.linked.find((l) => l.requirementId === "A.8.24")?.evidence.current).toBe(1);
  });

  it("stores a file once by SHA-256 and never lets the application change or remove evidence", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");
    await evidence("iso27001-2022", "A.5.1", { kind: "file", title: "Security policy", evidenceDate: "2026-02-01" }, pdf);
    await evidence("iso27001-2022", "A.5.2", { kind: "file", title: "Same file, other control", evidenceDate: "2026-02-01" }, pdf);
    const [files] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from evidence_files`));
    expect(Number(files?.n)).toBe(1);
    await expect(inOrg((tx) => tx.delete(controlEvidence))).rejects.toThrow();
    await expect(inOrg((tx) => tx.update(controlEvidence).set({ title: "forged" }))).rejects.toThrow();
  });

  it("reads a file's type from its bytes, not its name", async () => {
    expect(await sniffEvidenceType(Buffer.from("%PDF-1.7\n%âãÏÓ\n"))).toBe("application/pdf");
    expect(
      await sniffEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])),
    ).toBe("image/png");
    expect(await sniffEvidenceType(Buffer.from("date,event\n2026-01-01,backup restored\n"))).toBe("text/plain");
    expect(await sniffEvidenceType(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]))).toBeNull();
  });
});
