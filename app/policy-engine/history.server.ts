import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { validAt } from "../../db/sql-intervals";

/**
 * The policy engine's state at a past instant. Documents that name an instant (an audit report's period end, an
 * attestation's "as of") read it from here, never from the latest results: the run that stood at that instant,
 * the statuses that run left (policy_result_history), and the findings and exceptions as they were then.
 */

export type ClosingRun = {
  id: string;
  finishedAt: Date;
  inventoryVersion: number | null;
  policySetHash: string | null;
  resultsRecorded: boolean;
};

/** The latest completed run at or before `at`: the evaluation that stood at that instant. */
async function closingRun(tx: Tx, organizationId: string, at: Date): Promise<ClosingRun | null> {
  const [run] = rowsOf<{
    id: string;
    finished_at: Date;
    inventory_version: number | null;
    policy_set_hash: string | null;
    results_recorded: boolean;
  }>(
    await tx.execute(sql`
      select id, finished_at, inventory_version, policy_set_hash, results_recorded from evaluation_runs
      where organization_id = ${organizationId} and status = 'completed' and finished_at <= ${at.toISOString()}::timestamptz
      order by finished_at desc, id desc limit 1`),
  );
  if (!run) return null;
  return {
    id: run.id,
    finishedAt: new Date(run.finished_at),
    inventoryVersion: run.inventory_version === null ? null : Number(run.inventory_version),
    policySetHash: run.policy_set_hash,
    resultsRecorded: run.results_recorded,
  };
}

/** Why no run stands at an instant: none ever completed, none had by then, or its statuses were not kept. */
export type NoStandingRun =
  { code: "no_run" } | { code: "before_first_run"; firstRunAt: Date } | { code: "not_recorded"; firstRecordedAt: Date | null };

/** The run standing at `at` whose statuses the history holds, or why there is none (what to tell the reader). */
export async function standingRun(tx: Tx, organizationId: string, at: Date): Promise<{ run: ClosingRun } | { missing: NoStandingRun }> {
  const run = await closingRun(tx, organizationId, at);
  if (run?.resultsRecorded) return { run };
  const { firstRunAt, firstRecordedAt } = await runsBeginning(tx, organizationId);
  if (!firstRunAt) return { missing: { code: "no_run" } };
  if (!run) return { missing: { code: "before_first_run", firstRunAt } };
  return { missing: { code: "not_recorded", firstRecordedAt } };
}

/** When the first run completed, and the first whose statuses the history holds. */
async function runsBeginning(tx: Tx, organizationId: string) {
  const [row] = rowsOf<{ first: Date | null; first_recorded: Date | null }>(
    await tx.execute(sql`
      select min(finished_at) as first, min(finished_at) filter (where results_recorded) as first_recorded
      from evaluation_runs where organization_id = ${organizationId} and status = 'completed'`),
  );
  const date = (value: Date | null | undefined) => (value ? new Date(value) : null);
  return { firstRunAt: date(row?.first), firstRecordedAt: date(row?.first_recorded) };
}

export type StatusCounts = { pass: number; fail: number; error: number; not_applicable: number };

/** Per policy, how many resources each status had when the run finished (a tenant's resources only, if given). */
export async function resultCountsAt(
  tx: Tx,
  params: { organizationId: string; run: ClosingRun; tenantId?: string },
): Promise<Map<string, StatusCounts>> {
  const rows = rowsOf<{ policy_id: string; status: string; n: number }>(
    await tx.execute(sql`
      select policy_id, status, count(*)::int as n from policy_result_history
      where organization_id = ${params.organizationId} and ${validAt(params.run.finishedAt)}
        ${params.tenantId ? sql`and tenant_id = ${params.tenantId}` : sql``}
      group by policy_id, status`),
  );
  return countsByPolicy(rows);
}

/** `(policy, status, n)` rows folded into each policy's counts: what the latest results and the history both answer. */
export function countsByPolicy(rows: { policy_id: string; status: string; n: number }[]): Map<string, StatusCounts> {
  const counts = new Map<string, StatusCounts>();
  for (const row of rows) {
    const entry = counts.get(row.policy_id) ?? { pass: 0, fail: 0, error: 0, not_applicable: 0 };
    entry[row.status as keyof StatusCounts] = row.n;
    counts.set(row.policy_id, entry);
  }
  return counts;
}

/**
 * The two instants a document's findings are read at: what runs decided (findings opened and resolved) as of the
 * standing run's end, and what people decided (exceptions) as of the document's instant. A run still under way at the
 * instant has decided nothing yet, even if it began before it.
 */
export type FindingInstants = { runAt: Date; at: Date };

/** A finding's status, as SQL over the finding aliased `f`: resolved, accepted while an exception held, or open. */
export function findingStatusAt({ runAt, at }: FindingInstants): SQL {
  return sql`(case
    when f.resolved_at is not null and f.resolved_at <= ${runAt.toISOString()}::timestamptz then 'resolved'
    when exists (select 1 from finding_exceptions e where e.finding_id = f.id and ${exceptionHeldAt(at)}) then 'accepted'
    else 'open' end)`;
}

/** Whether a finding (aliased `f`) was live when the run stood: opened by then and not yet resolved. */
export function findingLiveAt(runAt: Date): SQL {
  const t = runAt.toISOString();
  return sql`(f.first_seen_at <= ${t}::timestamptz and (f.resolved_at is null or f.resolved_at > ${t}::timestamptz))`;
}

/**
 * Whether the finding's resource (aliased `f`) was the tenant's when the run stood: its result's history row then
 * names the tenant. An asset that moved between tenants counts for the one it belonged to at the time.
 */
export function belongedToTenantAt(tenantId: string, runAt: Date): SQL {
  return sql`exists (select 1 from policy_result_history h
    where h.organization_id = f.organization_id and h.policy_id = f.policy_id and h.resource_id = f.resource_id and h.tenant_id = ${tenantId}
      and ${validAt(runAt, "h")})`;
}

/**
 * Whether an exception (aliased `e`) held at the instant: granted by then, not ended by then, and not past its last
 * day (UTC) even if no run had yet recorded its lapse.
 */
export function exceptionHeldAt(at: Date): SQL {
  const t = at.toISOString();
  return sql`(e.granted_at <= ${t}::timestamptz and (e.ended_at is null or e.ended_at > ${t}::timestamptz)
    and e.expires_on >= ${t.slice(0, 10)}::date)`;
}
