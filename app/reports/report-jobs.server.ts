import { and, desc, eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { rowsOf, withScope, withSystem, type Db, type Tx } from "../../db/connection.server";
import { reports, type Report, type ReportKind } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import type { Locale } from "../i18n/i18n";
import { startPoller, type Poller } from "../jobs/poller.server";
import type { AuditHead } from "../audit/checkpoints.server";
import type { ReportFramework } from "./audit-report-data.server";
import { buildAuditReport, buildEvidencePack, collectReport, type BuiltFile } from "./audit-reports.server";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };
export type ReportJobRequest = OrgParams & {
  kind: ReportKind;
  framework: ReportFramework;
  periodStart: string;
  periodEnd: string;
  language: Locale;
  actor: Actor;
  auditId?: string;
};

const MAX_ATTEMPTS = 3;
/** A report still "running" this long after it started was left by a crashed instance: it is queued again. */
const STALE_AFTER_MS = 10 * 60_000;

export async function requestReport(tx: Tx, params: ReportJobRequest): Promise<Report> {
  const [report] = await tx
    .insert(reports)
    .values({
      organizationId: params.organizationId,
      kind: params.kind,
      framework: params.framework,
      periodStart: params.periodStart,
      periodEnd: params.periodEnd,
      language: params.language,
      auditId: params.auditId ?? null,
      requestedByUserId: params.actor.userId,
      requestedByLabel: params.actor.label,
    })
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "report.request",
    entityType: "report",
    entityId: report!.id,
    after: {
      kind: params.kind,
      framework: params.framework,
      periodStart: params.periodStart,
      periodEnd: params.periodEnd,
      language: params.language,
      auditId: params.auditId ?? null,
    },
  });
  return report!;
}

const listed = {
  id: reports.id,
  kind: reports.kind,
  framework: reports.framework,
  periodStart: reports.periodStart,
  periodEnd: reports.periodEnd,
  language: reports.language,
  status: reports.status,
  progress: reports.progress,
  stage: reports.stage,
  error: reports.error,
  fileName: reports.fileName,
  sha256: reports.sha256,
  size: reports.size,
  runId: reports.runId,
  requestedByLabel: reports.requestedByLabel,
  queuedAt: reports.queuedAt,
  finishedAt: reports.finishedAt,
};

export async function listReports(tx: Tx, params: OrgParams & { limit: number; offset: number }) {
  const rows = await tx
    .select(listed)
    .from(reports)
    .where(eq(reports.organizationId, params.organizationId))
    .orderBy(desc(reports.queuedAt), desc(reports.id))
    .limit(params.limit)
    .offset(params.offset);
  const [total] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(reports)
    .where(eq(reports.organizationId, params.organizationId));
  return { rows, total: total?.n ?? 0 };
}

export async function getReport(tx: Tx, params: OrgParams & { id: string }) {
  const [row] = await tx
    .select()
    .from(reports)
    .where(and(eq(reports.organizationId, params.organizationId), eq(reports.id, params.id)));
  return row ?? null;
}

export async function recordReportDownload(tx: Tx, params: OrgParams & { report: Pick<Report, "id" | "sha256" | "kind">; actor: Actor }) {
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "report.download",
    entityType: "report",
    entityId: params.report.id,
    after: { kind: params.report.kind, sha256: params.report.sha256 },
  });
}

/** Takes the oldest queued report (skipping those another instance holds), or requeues a stale one. */
async function claimNext(db: Db): Promise<Report | null> {
  return withSystem(db, async (tx) => {
    await tx.execute(sql`
      update reports set status = 'queued', stage = 'requeued after an interrupted build'
      where status = 'running' and started_at < ${new Date(clock.now().getTime() - STALE_AFTER_MS).toISOString()}::timestamptz`);
    const [claimed] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update reports set status = 'running', started_at = ${clock.now().toISOString()}::timestamptz, attempts = attempts + 1, progress = 5, stage = 'collecting'
        where id = (select id from reports where status = 'queued' order by queued_at, id for update skip locked limit 1)
        returning id`),
    );
    if (!claimed) return null;
    const [report] = await tx.select().from(reports).where(eq(reports.id, claimed.id));
    return report ?? null;
  });
}

async function setProgress(db: Db, id: string, progress: number, stage: string) {
  await withSystem(db, (tx) => tx.update(reports).set({ progress, stage }).where(eq(reports.id, id)));
}

async function build(
  db: Db,
  report: Report,
  now: Date,
): Promise<BuiltFile & { runId: string; inventoryVersion: number | null; auditHead: AuditHead | null }> {
  const request = {
    organizationId: report.organizationId,
    framework: report.framework as ReportFramework,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    auditId: report.auditId,
  };
  // One transaction in the organisation's scope reads everything: the report describes one consistent state. The
  // rendering runs after it, so progress can be written (PGlite has one connection: no transaction may wait on one).
  const collected = await withScope(db, { organizationId: report.organizationId }, (tx) => collectReport(tx, request, report.kind, now));
  await setProgress(db, report.id, 40, "rendering");
  const file =
    report.kind === "evidence_pack"
      ? await buildEvidencePack(collected, report.language)
      : await buildAuditReport(collected.state, report.language);
  return {
    ...file,
    runId: collected.state.run.id,
    inventoryVersion: collected.state.run.inventory_version,
    auditHead: collected.state.auditHead,
  };
}

async function complete(db: Db, report: Report, file: Awaited<ReturnType<typeof build>>) {
  await withScope(db, { organizationId: report.organizationId }, async (tx) => {
    await tx
      .update(reports)
      .set({
        status: "completed",
        progress: 100,
        stage: null,
        error: null,
        finishedAt: clock.now(),
        fileName: file.fileName,
        contentType: file.contentType,
        content: Buffer.from(file.bytes),
        sha256: file.sha256,
        size: file.bytes.byteLength,
        runId: file.runId,
        inventoryVersion: file.inventoryVersion,
        auditHeadSeq: file.auditHead?.seq ?? null,
        auditHeadHash: file.auditHead?.hash ?? null,
      })
      .where(eq(reports.id, report.id));
    await recordAudit(tx, {
      organizationId: report.organizationId,
      actor: { userId: null, label: "report builder" },
      action: "report.complete",
      entityType: "report",
      entityId: report.id,
      after: { fileName: file.fileName, sha256: file.sha256, size: file.bytes.byteLength, runId: file.runId },
    });
  });
}

async function fail(db: Db, report: Report, error: unknown) {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const final = report.attempts >= MAX_ATTEMPTS;
  await withSystem(db, (tx) =>
    tx
      .update(reports)
      .set({ status: final ? "failed" : "queued", error: message, stage: null, ...(final ? { finishedAt: clock.now() } : {}) })
      .where(eq(reports.id, report.id)),
  );
}

/** Builds queued reports one by one until none is left; answers how many were built. */
export async function processReportQueue(db: Db, log?: Logger, now: () => Date = () => clock.now()): Promise<number> {
  let built = 0;
  for (let report = await claimNext(db); report; report = await claimNext(db)) {
    const started = performance.now();
    try {
      const file = await build(db, report, now());
      await setProgress(db, report.id, 90, "storing");
      await complete(db, report, file);
      built++;
      log?.info(
        {
          event: "report_built",
          reportId: report.id,
          kind: report.kind,
          bytes: file.bytes.byteLength,
          ms: Math.round(performance.now() - started),
        },
        "report built",
      );
    } catch (error) {
      await fail(db, report, error);
      log?.error({ err: error, reportId: report.id }, "report build failed");
    }
  }
  return built;
}

let current: Poller | undefined;
export function startReportWorker(db: Db, log: Logger, pollMs = 2_000): Poller {
  current = startPoller("report worker", async () => void (await processReportQueue(db, log)), { pollMs, log });
  return current;
}
/** Starts the build of a just-requested report at once instead of at the next poll. */
export function kickReports() {
  current?.kick();
}
