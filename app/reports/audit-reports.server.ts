import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { zipSync } from "fflate";
import { rowsOf, type Tx } from "../../db/connection.server";
import { csvRow } from "../audit/csv";
import { translator, type Locale } from "../i18n/i18n";
import { actorName, EVIDENCE_KIND_LABEL, FINDING_STATUS_LABEL, labelOf, SEVERITY_LABEL } from "../i18n/labels";
import { evidenceText } from "./evidence-text.server";
import {
  auditReportData,
  auditReportState,
  REPORT_FRAMEWORKS,
  type AuditReportState,
  type ReportRequest,
} from "./audit-report-data.server";
import { renderPdf } from "./pdf/render.server";
import { loadTemplate } from "./pdf/templates.server";

export type BuiltFile = { bytes: Uint8Array; fileName: string; contentType: string; sha256: string };

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** The audit report PDF. Its date is the closing run's, so the same state gives the same bytes. */
export async function renderAuditReport(
  state: AuditReportState,
  language: Locale,
  data = auditReportData(state, language, { templateVersion: loadTemplate("audit-report").version }),
): Promise<Uint8Array> {
  const template = loadTemplate("audit-report");
  const labels = template.labels[language];
  return renderPdf(template, data, language, {
    title: `${labels.documentTitle} — ${data.report.framework} — ${data.report.period}`,
    author: state.org.name,
    subject: `${labels.documentTitle} ${data.report.framework}, ${data.report.period}`,
    // What a PDF reader lists in the document's properties, in its language.
    keywords: [labels.documentTitle!, data.report.framework, state.request.periodStart, state.request.periodEnd, state.run.id],
    createdAt: state.run.finished_at,
  });
}

const baseName = (request: ReportRequest, language: Locale) =>
  `attest-${request.framework}-${request.periodStart}-${request.periodEnd}-${language}`;

export type EvidenceFile = {
  requirement_id: string;
  title: string;
  kind: "file" | "link";
  url: string | null;
  file_name: string | null;
  sha256: string | null;
  evidence_date: string;
  expires_on: string | null;
  version: number;
  author_label: string;
  content: Buffer | null;
};
/** What a report states, read in one transaction; the rendering then runs outside it. */
export type CollectedReport = { state: AuditReportState; evidence: EvidenceFile[] };

export async function collectReport(
  tx: Tx,
  request: ReportRequest,
  kind: "audit_report" | "evidence_pack",
  now: Date,
): Promise<CollectedReport> {
  const state = await auditReportState(tx, request, now);
  return { state, evidence: kind === "evidence_pack" ? await evidenceFiles(tx, state) : [] };
}

export async function buildAuditReport(
  state: AuditReportState,
  language: Locale,
  data?: ReturnType<typeof auditReportData>,
): Promise<BuiltFile> {
  const bytes = await renderAuditReport(state, language, data);
  return { bytes, fileName: `${baseName(state.request, language)}.pdf`, contentType: "application/pdf", sha256: sha256(bytes) };
}

/** The latest version of every piece of evidence of the framework's requirements, dated within the period; file bytes included. */
async function evidenceFiles(tx: Tx, state: AuditReportState): Promise<EvidenceFile[]> {
  const frameworkId = REPORT_FRAMEWORKS[state.request.framework].catalogue;
  if (!frameworkId) return [];
  return rowsOf<EvidenceFile>(
    await tx.execute(sql`
      select distinct on (e.lineage_id) e.requirement_id, e.title, e.kind, e.url, e.file_name, e.file_sha256 as sha256, e.evidence_date::text as evidence_date,
        e.expires_on::text as expires_on, e.version, e.author_label, f.content
      from control_evidence e left join evidence_files f on f.organization_id = e.organization_id and f.sha256 = e.file_sha256
      where e.organization_id = ${state.request.organizationId} and e.framework_id = ${frameworkId} and e.evidence_date <= ${state.request.periodEnd}
      order by e.lineage_id, e.version desc`),
  ).sort(
    (a, b) =>
      a.requirement_id.localeCompare(b.requirement_id) ||
      a.title.localeCompare(b.title) ||
      (a.sha256 ?? a.url ?? "").localeCompare(b.sha256 ?? b.url ?? ""),
  );
}

const csv = (header: string[], rows: unknown[][]) => [csvRow(header), ...rows.map(csvRow)].join("\r\n") + "\r\n";
const safeName = (name: string) => name.replace(/[^\w.-]+/g, "_").slice(0, 80);

/**
 * The evidence pack: the report PDF, results and findings as JSON and CSV, the evidence files of the framework's
 * requirements, and a manifest of SHA-256 hashes. Every entry carries the closing run's time, so the ZIP's bytes
 * depend on the inputs only.
 */
export async function buildEvidencePack({ state, evidence }: CollectedReport, language: Locale): Promise<BuiltFile> {
  const { request } = state;
  // The CSVs are for people (headers and coded values in their language); the JSON files keep the codes, for tools.
  const t = translator(language);
  const data = auditReportData(state, language, { templateVersion: loadTemplate("audit-report").version });
  const report = await buildAuditReport(state, language, data);
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    "report.pdf": report.bytes,
    "results.json": encoder.encode(
      JSON.stringify(
        { framework: request.framework, run_id: state.run.id, policies: data.policies, statement_of_applicability: data.soa },
        null,
        2,
      ),
    ),
    "results.csv": encoder.encode(
      csv(
        (
          [
            "reports.exports.pack.results.policy",
            "reports.exports.pack.results.title",
            "reports.exports.pack.results.references",
            "reports.exports.pack.results.checked",
            "reports.exports.pack.results.failing",
            "reports.exports.pack.results.result",
          ] as const
        ).map((k) => t(k)),
        data.policies.map((p) => [p.id, p.title, p.references, p.checked, p.failing, p.result]),
      ),
    ),
    "findings.json": encoder.encode(
      JSON.stringify(
        state.findings.map((f) => ({ ...f, history: state.events.get(f.id) ?? [] })),
        null,
        2,
      ),
    ),
    "findings.csv": encoder.encode(
      csv(
        (
          [
            "reports.exports.pack.findings.id",
            "reports.exports.pack.findings.policy",
            "reports.exports.pack.findings.severity",
            "reports.exports.pack.findings.status",
            "reports.exports.pack.findings.resource",
            "reports.exports.pack.findings.tenant",
            "reports.exports.pack.findings.message",
            "reports.exports.pack.findings.first_seen",
            "reports.exports.pack.findings.resolved",
            "reports.exports.pack.findings.evidence",
          ] as const
        ).map((k) => t(k)),
        state.findings.map((f) => [
          f.id,
          f.policy_id,
          t(labelOf(SEVERITY_LABEL, f.severity)),
          t(labelOf(FINDING_STATUS_LABEL, f.status)),
          f.resource_name,
          f.tenant ?? "",
          f.message[language],
          new Date(f.first_seen_at).toISOString(),
          f.resolved_at ? new Date(f.resolved_at).toISOString() : "",
          evidenceText(f.evidence, language, f.resource_kind, Number.POSITIVE_INFINITY),
        ]),
      ),
    ),
  };
  const evidencePath = (e: EvidenceFile) =>
    `evidence/${safeName(e.requirement_id)}/${e.sha256!.slice(0, 12)}-${safeName(e.file_name ?? e.title)}`;
  for (const file of evidence) if (file.content && file.sha256) files[evidencePath(file)] = new Uint8Array(file.content);
  files["evidence.csv"] = encoder.encode(
    csv(
      (
        [
          "reports.exports.pack.evidence.requirement",
          "reports.exports.pack.evidence.title",
          "reports.exports.pack.evidence.kind",
          "reports.exports.pack.evidence.url_or_file",
          "reports.exports.pack.evidence.sha256",
          "reports.exports.pack.evidence.evidence_date",
          "reports.exports.pack.evidence.expires_on",
          "reports.exports.pack.evidence.version",
          "reports.exports.pack.evidence.author",
        ] as const
      ).map((k) => t(k)),
      evidence.map((e) => [
        e.requirement_id,
        e.title,
        t(EVIDENCE_KIND_LABEL[e.kind]),
        e.kind === "link" ? e.url : evidencePath(e),
        e.sha256 ?? "",
        e.evidence_date,
        e.expires_on ?? "",
        e.version,
        actorName(e.author_label, language),
      ]),
    ),
  );
  const manifest = {
    generator: "Attest",
    organization: state.org.name,
    framework: request.framework,
    period: { start: request.periodStart, end: request.periodEnd },
    run_id: state.run.id,
    inventory_digest: state.inventory.digest,
    files: Object.entries(files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, bytes]) => ({ path, size: bytes.byteLength, sha256: sha256(bytes) })),
  };
  files["manifest.json"] = encoder.encode(JSON.stringify(manifest, null, 2));
  const mtime = state.run.finished_at;
  const zip = zipSync(
    Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, [bytes, { mtime, level: path.endsWith(".pdf") ? 0 : 6 }]])),
  );
  return { bytes: zip, fileName: `${baseName(request, language)}-evidence.zip`, contentType: "application/zip", sha256: sha256(zip) };
}
