import { sql, and, eq } from "drizzle-orm";
import type { Logger } from "pino";
import { rowsOf, withScope, withSystem, type Db } from "../../db/connection.server";
import { evaluationRuns } from "../../db/schema";
import { processOrganization, queueFullRun } from "./runs.server";
import { startPoller, type Poller } from "../jobs/poller.server";
import * as clock from "../config/clock";

export type WorkerOptions = {
  db: Db;
  log: Logger;
  /** How often to look for pending changes and due sweeps. */
  pollMs?: number;
  /** The scheduled full sweep, per organisation. */
  sweepEveryMs?: number;
};

export type EvaluationWorker = Poller;

const MAX_ATTEMPTS = 3;

/**
 * Evaluates what is pending, organisation by organisation: change-driven runs as soon as an ingest or a register
 * change commits (kick) or within pollMs, and a full sweep every sweepEveryMs. Several app instances may run this:
 * each run takes its organisation's advisory lock, and pending changes stay pending until a run commits them.
 */
export function startEvaluationWorker(options: WorkerOptions): EvaluationWorker {
  const { db, log } = options;
  const pollMs = options.pollMs ?? 2_000;
  const sweepEveryMs = options.sweepEveryMs ?? 3_600_000;
  const backoff = new Map<string, number>();
  const tick = async () => {
    await queueDueSweeps(db, sweepEveryMs);
    for (const organizationId of await organizationsWithWork(db)) {
      if ((backoff.get(organizationId) ?? 0) > performance.now()) continue;
      try {
        const outcome = await processOrganization(db, organizationId);
        backoff.delete(organizationId);
        if (outcome && "run" in outcome) {
          log.info(
            {
              event: "evaluation_run",
              organizationId,
              runId: outcome.run.id,
              scope: outcome.run.scope,
              ms: outcome.run.finishedAt!.getTime() - outcome.run.startedAt!.getTime(),
              ...outcome.run.counts,
            },
            "evaluation run",
          );
        }
      } catch (error) {
        const failures = await recordFailure(db, organizationId, error);
        backoff.set(organizationId, performance.now() + Math.min(300_000, 5_000 * 2 ** failures));
        log.error({ err: error, organizationId }, "evaluation run failed");
      }
    }
  };

  return startPoller("evaluation worker", tick, { pollMs, log });
}

async function organizationsWithWork(db: Db): Promise<string[]> {
  const rows = rowsOf<{ organization_id: string }>(
    await db.execute(sql`
      select organization_id from inventory_outbox where processed_at is null
      union select organization_id from evaluation_triggers where processed_at is null
      union select organization_id from evaluation_runs where status = 'queued'`),
  );
  return rows.map((r) => r.organization_id);
}

/** Queues a scheduled full run for every organisation whose last full run is older than the sweep interval. */
async function queueDueSweeps(db: Db, sweepEveryMs: number) {
  const due = rowsOf<{ id: string }>(
    await db.execute(sql`
      select o.id from organizations o
      where not exists (
        select 1 from evaluation_runs r where r.organization_id = o.id and r.scope = 'full'
          and (r.status = 'queued' or r.finished_at > ${clock.now().toISOString()}::timestamptz - make_interval(secs => ${sweepEveryMs / 1000})))`),
  );
  for (const { id } of due) await withScope(db, { organizationId: id }, (tx) => queueFullRun(tx, id, "schedule", "schedule"));
}

/** A queued run that keeps failing is marked failed (with its error) after a few attempts, so that the next can queue. */
async function recordFailure(db: Db, organizationId: string, error: unknown): Promise<number> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  return withSystem(db, async (tx) => {
    const [queued] = await tx
      .select()
      .from(evaluationRuns)
      .where(and(eq(evaluationRuns.organizationId, organizationId), eq(evaluationRuns.status, "queued")));
    if (!queued) {
      await tx.insert(evaluationRuns).values({
        organizationId,
        trigger: "change",
        scope: "incremental",
        status: "failed",
        requestedBy: "policy engine",
        startedAt: clock.now(),
        finishedAt: clock.now(),
        error: message,
      });
      return 1;
    }
    const attempts = queued.attempts + 1;
    await tx
      .update(evaluationRuns)
      .set({ attempts, error: message, ...(attempts >= MAX_ATTEMPTS ? { status: "failed" as const, finishedAt: clock.now() } : {}) })
      .where(eq(evaluationRuns.id, queued.id));
    return attempts;
  });
}

let current: EvaluationWorker | undefined;
/** The process's worker, once the server started it; in-process writers kick it so that findings follow changes at once. */
export function setEvaluationWorker(worker: EvaluationWorker) {
  current = worker;
}
export function kickEvaluation() {
  current?.kick();
}
