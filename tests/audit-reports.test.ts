import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope, withSystem } from "../db/connection.server";
import { auditLog, organizations, reports } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { auditReportState, type AuditReportState } from "../app/reports/audit-report-data.server";
import { renderAuditReport } from "../app/reports/audit-reports.server";
import { processReportQueue, requestReport } from "../app/reports/report-jobs.server";
import { addEvidence } from "../app/controls/controls.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { setClock } from "../app/config/clock";
import { browserFor, createMember, statusOf, systemActor, testContext } from "./factories";
import * as registerExport from "../app/routes/registers.export.$file";
import ExcelJS from "exceljs";

let database: TestDatabase;
let helios = "";
const dir = mkdtempSync(path.join(tmpdir(), "attest-report-"));
// The demo is seeded and evaluated inside the reported period, and the report is made once the period has ended,
// whatever day the suite runs.
const seededAt = new Date("2026-11-26T12:00:00Z");
const now = new Date("2026-12-01T09:00:00Z");
const period = { periodStart: "2026-11-01", periodEnd: "2026-11-30" };

beforeAll(async () => {
  setClock(seededAt);
  database = await createTestDatabase();
  await seedDemo(database.db);
  setClock(now);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
}, 120_000);
afterAll(async () => {
  await database?.destroy();
  setClock(null);
});

const stateOf = (framework: Parameters<typeof auditReportState>[1]["framework"]) =>
  withScope(database.db, { organizationId: helios }, (tx) => auditReportState(tx, { organizationId: helios, framework, ...period }, now));

function save(bytes: Uint8Array, name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  execFileSync("qpdf", ["--check", file], { stdio: "pipe" });
  return file;
}
const text = (file: string) =>
  execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** Every word pdftotext finds, with its box and page size: nothing may sit outside its page. */
function wordsOutsideThePage(file: string) {
  const html = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const outside: string[] = [];
  let width = 0;
  let height = 0;
  let words = 0;
  for (const line of html.split("\n")) {
    const page = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line);
    if (page) [width, height] = [Number(page[1]), Number(page[2])];
    const word = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)<\/word>/.exec(line);
    if (!word) continue;
    words++;
    const [xMin, yMin, xMax, yMax] = word.slice(1, 5).map(Number) as [number, number, number, number];
    if (xMin < 0 || yMin < 0 || xMax > width + 0.5 || yMax > height + 0.5) outside.push(word[5]!);
  }
  return { words, outside };
}

describe("audit reports", () => {
  it("renders the ISO 27001 report in English with contents, SoA, results, findings and running page numbers", async () => {
    const file = save(await renderAuditReport(await stateOf("iso27001-2022"), "en"), "iso-en.pdf");
    const content = text(file);
    for (const heading of [
      "Contents",
      "Scope",
      "Executive summary",
      "Statement of Applicability",
      "Results per policy",
      "Findings with evidence and history",
      "Exceptions",
      "Evaluation runs in the period",
      "Generation metadata and method",
    ]) {
      expect(content).toContain(heading);
    }
    expect(content).toMatch(/Page 2 \/ \d+/);
    expect(content).toMatch(/Audit log head\s+seq \d+, SHA-256 [0-9a-f]{4}/);
    // The contents name each section with the page it starts on.
    expect(content).toMatch(/Statement of Applicability — ISO\/IEC 27001:2022 .*\.{5,} \d+/);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/Title:\s+Audit report — ISO\/IEC 27001:2022/);
    expect(info).toMatch(/Author:\s+Helios Data Centers/);
  });

  it("speaks French, and includes the registers its framework needs", async () => {
    const permits = text(save(await renderAuditReport(await stateOf("permits"), "fr"), "permits-fr.pdf"));
    expect(permits).toContain("Registre des autorisations");
    expect(permits).toContain("Sommaire");
    expect(permits).not.toContain("Déclaration d’applicabilité");
    const gdpr = text(save(await renderAuditReport(await stateOf("gdpr-residency"), "fr"), "gdpr-fr.pdf"));
    expect(gdpr).toContain("Contrats et obligations");
    expect(gdpr).toContain("Déclaration d’applicabilité");
  });

  it("gives identical bytes for identical inputs: the date comes from the run, not the clock", async () => {
    const state = await stateOf("energy");
    const first = await renderAuditReport(state, "en");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await renderAuditReport(await stateOf("energy"), "en");
    expect(createHash("sha256").update(first).digest("hex")).toBe(createHash("sha256").update(second).digest("hex"));
  });

  it("paginates 2,000 findings with long, accented and hostile names: no text outside the page, the table header on every page", async () => {
    const base = await stateOf("iso27001-2022");
    const template = base.findings[0]!;
    const findings = Array.from({ length: 2000 }, (_, i) => ({
      ...template,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      resource_name:
        i % 7 === 0 ? `<script>alert(${i})</script> Baie “Œuvre” n°${i} — salle Île-de-France` : `gpu-node-${i}-${"x".repeat(i % 90)}`,
      message: {
        en: `Finding ${i}: résidence des données hors du profil (€ ${i} œ)`,
        fr: `Constat ${i} : données hors du profil (€ ${i} œ)`,
      },
      evidence: { storage_countries: ["US", "FR"], allowed: ["FR", "DE", "BE"], note: "é".repeat(i % 300) },
    }));
    const state: AuditReportState = { ...base, findings };
    const file = save(await renderAuditReport(state, "en"), "two-thousand.pdf");
    const { words, outside } = wordsOutsideThePage(file);
    expect(words).toBeGreaterThan(50_000);
    expect(outside).toEqual([]);
    const content = text(file);
    // Drawn as text; the tag breaks after its ")", a break opportunity, not at an arbitrary character.
    expect(content).toContain("<script>alert(7)");
    expect(content).toContain("</script> Baie");
    expect(content).toContain("Œuvre");
    const pages = content.split("\f").filter((p) => p.includes("gpu-node-") || p.includes("Baie"));
    expect(pages.length).toBeGreaterThan(40);
    expect(pages.every((page) => /Severity\s+Policy\s+Resource/.test(page))).toBe(true);
  }, 60_000);

  it("builds queued reports in the background, records their SHA-256, and packs evidence with a manifest", async () => {
    await withScope(database.db, { organizationId: helios }, (tx) =>
      addEvidence(tx, {
        organizationId: helios,
        actor: systemActor,
        frameworkId: "iso27001-2022",
        requirementId: "A.5.1",
        input: { kind: "file", title: "Politique de sécurité signée", evidenceDate: "2026-11-02" },
        upload: { bytes: Buffer.from("%PDF-1.4 policy"), fileName: "politique sécurité.pdf", contentType: "application/pdf" },
      }),
    );
    const [report, pack] = await withScope(database.db, { organizationId: helios }, async (tx) => [
      await requestReport(tx, {
        organizationId: helios,
        kind: "audit_report",
        framework: "iso27001-2022",
        ...period,
        language: "fr",
        actor: systemActor,
      }),
      await requestReport(tx, {
        organizationId: helios,
        kind: "evidence_pack",
        framework: "iso27001-2022",
        ...period,
        language: "en",
        actor: systemActor,
      }),
    ]);
    expect(await processReportQueue(database.db, undefined, () => now)).toBe(2);
    const [done] = await withSystem(database.db, (tx) => tx.select().from(reports).where(eq(reports.id, report.id)));
    expect(done).toMatchObject({ status: "completed", progress: 100, contentType: "application/pdf" });
    expect(createHash("sha256").update(done!.content!).digest("hex")).toBe(done!.sha256);
    // The audit chain head at the report's date is kept in its row (and printed on its cover).
    const [head] = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.seq, done!.auditHeadSeq!)));
    expect(head).toMatchObject({ organizationId: helios, hash: done!.auditHeadHash });

    const [zip] = await withSystem(database.db, (tx) => tx.select().from(reports).where(eq(reports.id, pack.id)));
    const files = unzipSync(new Uint8Array(zip!.content!));
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"])) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["report.pdf", "results.json", "results.csv", "findings.json", "findings.csv", "evidence.csv"]),
    );
    expect(manifest.files.some((f) => f.path.startsWith("evidence/"))).toBe(true);
    for (const entry of manifest.files)
      expect(createHash("sha256").update(files[entry.path]!).digest("hex"), entry.path).toBe(entry.sha256);

    const actions = (await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, report.id)))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["report.request", "report.complete"]);
  }, 60_000);

  it("exports the permits, agreements and obligations registers as CSV and Excel, audited, never to tenant members", async () => {
    const legal = await createMember(database.db, helios, "legal");
    const [tenant] = await withSystem(database.db, (tx) => tx.execute(sql`select id from tenants where slug = 'lumen-ai'`)).then((r) =>
      rowsOf<{ id: string }>(r),
    );
    const member = await createMember(database.db, helios, "tenant_member", { tenantId: tenant!.id });
    const context = testContext(database.db);
    const as = async (email: string, file: string, language = "en") => {
      const request = (await browserFor(database.db, email)).get(`/registers/export/${file}`);
      request.headers.set("Accept-Language", language);
      return registerExport.loader({ request, params: { file }, context });
    };
    const permits = await (await as(legal.user.email, "permits.csv")).text();
    expect(permits.split("\r\n")[0]).toContain("Reference");
    expect(permits).toMatch(/ICPE|Grid connection/i);
    const obligations = await (await as(legal.user.email, "obligations.csv", "fr")).text();
    expect(obligations.split("\r\n")[0]).toContain("Obligation");
    expect(obligations.split("\r\n")[0]).toContain("Échéance");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await as(legal.user.email, "agreements.xlsx")).arrayBuffer()) as never);
    expect(workbook.worksheets[0]!.rowCount).toBeGreaterThan(1);
    expect(await statusOf(() => as(member.user.email, "permits.csv"))).toBe(403);
    expect(await statusOf(() => as(legal.user.email, "../etc/passwd"))).toBe(404);
    const audits = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "obligations.export")));
    expect(audits.length).toBe(1);
  });

  it("exports the risk register in the reader's language: levels by label, controls, scope and review, never to legal", async () => {
    const officer = await createMember(database.db, helios, "compliance_officer");
    const legal = await createMember(database.db, helios, "legal");
    const context = testContext(database.db);
    const as = async (email: string, file: string, language: string) => {
      const request = (await browserFor(database.db, email)).get(`/registers/export/${file}`);
      request.headers.set("Accept-Language", language);
      return registerExport.loader({ request, params: { file }, context });
    };
    const lines = (await (await as(officer.user.email, "risks.csv", "fr")).text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toContain("Risque résiduel");
    expect(lines[0]).toContain("Mesures de traitement");
    expect(lines.length).toBe(1 + 11);
    const cooling = lines.find((l) => l.startsWith("R-002"))!;
    expect(cooling).toContain("4 — Majeur");
    expect(cooling).toContain("ISO/IEC 27001:2022 A.7.8");
    expect(cooling).toContain("Helios Paris-Saclay");
    expect(cooling).toMatch(/Oui \(A\.7\.8\)/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await as(officer.user.email, "risks.xlsx", "en")).arrayBuffer()) as never);
    expect(workbook.worksheets[0]!.name).toBe("Risks");
    expect(workbook.worksheets[0]!.rowCount).toBe(12);
    expect(await statusOf(() => as(legal.user.email, "risks.csv", "en"))).toBe(403);
    const audits = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "risks.export")));
    expect(audits.length).toBe(2);
  });
});
