import { randomUUID } from "node:crypto";
import type { Sort } from "../ui/sort";
import { orderBy } from "../ui/sort.server";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, withScope, type Db, type Tx } from "../../db/connection.server";
import { evaluationRuns, type EvaluationRun, type RunCounts, type RunTrigger } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { countByStatus, evaluateAll, type EvaluatedResult, type ParameterOverrides } from "./evaluate-all";
import { loadFacts, type Targets } from "./load-facts.server";
import { organizationPolicySet } from "./custom-policies.server";
import type { PolicySet } from "./packs.server";
import { expandChanges, markProcessed, pendingChanges, type PendingChanges } from "./targets.server";
import { anyUuid } from "../../db/sql-lists";
import { lapseRequests } from "./exception-requests.server";
import * as clock from "../config/clock";

export const ENGINE_ACTOR: Actor = { userId: null, label: "policy engine" };

export type RunOutcome = { run: EvaluationRun } | { busy: true } | null;

export { enqueueChange } from "./triggers.server";

/** Queues a full run; while one already waits, answers that one. */
export async function queueFullRun(tx: Tx, organizationId: string, trigger: RunTrigger, requestedBy: string): Promise<EvaluationRun> {
  const [created] = await tx
    .insert(evaluationRuns)
    .values({ organizationId, trigger, scope: "full", status: "queued", requestedBy })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [waiting] = await tx
    .select()
    .from(evaluationRuns)
    .where(and(eq(evaluationRuns.organizationId, organizationId), eq(evaluationRuns.status, "queued")));
  return waiting!;
}

/**
 * Does the organisation's pending evaluation work, if any: the queued full run, or else an incremental run over
 * pending changes. One transaction: results, findings, the run record and the processed marks commit together.
 * Another instance holding the organisation's lock makes this a no-op ({busy}); nothing pending gives null.
 */
export async function processOrganization(
  db: Db,
  organizationId: string,
  options: {
    now?: Date;
    policySet?: PolicySet;
    /** Fault injection for tests: throw here to crash the run before it commits. */ beforeCommit?: () => void;
  } = {},
): Promise<RunOutcome> {
  return withScope(db, { organizationId }, async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`attest.evaluation:${organizationId}`}, 0)) as locked`),
    );
    if (!lock?.locked) return { busy: true };
    const now = options.now ?? clock.now();
    const [queued] = await tx
      .select()
      .from(evaluationRuns)
      .where(and(eq(evaluationRuns.organizationId, organizationId), eq(evaluationRuns.status, "queued")))
      .limit(1);
    const changes = await pendingChanges(tx, organizationId);
    const hasChanges = changes.outboxIds.length + changes.triggerIds.length > 0;
    if (!queued && !hasChanges) return null;
    const full = !!queued || changes.organizationWide;
    const targets: Targets = full ? { full: true } : await expandChanges(tx, organizationId, changes);
    const policySet = options.policySet ?? (await organizationPolicySet(tx, { organizationId }));
    const run = await evaluate(tx, { organizationId, policySet, targets, now, changes, queued: queued ?? null });
    options.beforeCommit?.();
    return { run };
  });
}

type EvaluateInput = {
  organizationId: string;
  policySet: PolicySet;
  targets: Targets;
  now: Date;
  changes: PendingChanges;
  queued: EvaluationRun | null;
};

async function evaluate(tx: Tx, input: EvaluateInput): Promise<EvaluationRun> {
  const { organizationId, policySet, targets, now, changes } = input;
  const startedAt = clock.now();
  const runId = input.queued?.id ?? randomUUID();
  const facts = await loadFacts(tx, organizationId, targets, now);
  const overrides = await loadOverrides(tx, organizationId);
  const results = evaluateAll(policySet, facts, overrides, now);
  const scopeIds = targets.full
    ? null
    : new Set([...targets.assetIds, ...targets.tenantIds, ...targets.permitIds, ...targets.agreementIds]);
  await writeResults(tx, organizationId, runId, results, scopeIds, now);
  const reconciled = await reconcileFindings(tx, organizationId, runId, results, scopeIds, now);
  const reopened = await expireExceptions(tx, organizationId, runId, now);
  await markProcessed(tx, changes, now);
  const [version] = rowsOf<{ v: number | null }>(
    await tx.execute(sql`select max(id) as v from inventory_outbox where organization_id = ${organizationId}`),
  );
  const counts: RunCounts = {
    resources: facts.resources.length,
    checks: results.length,
    ...countByStatus(results),
    opened: reconciled.opened.length,
    resolved: reconciled.resolved.length,
    reopened,
    changes: changes.outboxIds.length + changes.triggerIds.length,
  };
  const values = {
    status: "completed" as const,
    resultsRecorded: true,
    startedAt,
    finishedAt: clock.now(),
    policySetHash: policySet.hash,
    inventoryVersion: version?.v === null || version?.v === undefined ? null : Number(version.v),
    counts,
    error: null,
  };
  const [run] = input.queued
    ? await tx.update(evaluationRuns).set(values).where(eq(evaluationRuns.id, runId)).returning()
    : await tx
        .insert(evaluationRuns)
        .values({
          id: runId,
          organizationId,
          trigger: "change",
          scope: targets.full ? "full" : "incremental",
          requestedBy: ENGINE_ACTOR.label,
          queuedAt: startedAt,
          ...values,
        })
        .returning();
  if (counts.opened || counts.resolved || counts.reopened || run!.scope === "full") {
    await recordAudit(tx, {
      organizationId,
      actor: ENGINE_ACTOR,
      action: "evaluation.run",
      entityType: "evaluation_run",
      entityId: runId,
      after: {
        trigger: run!.trigger,
        scope: run!.scope,
        policySetHash: policySet.hash,
        counts,
        opened: reconciled.opened.slice(0, 200),
        resolved: reconciled.resolved.slice(0, 200),
      },
    });
  }
  return run!;
}

async function loadOverrides(tx: Tx, organizationId: string): Promise<ParameterOverrides> {
  const rows = rowsOf<{ tenant_id: string | null; policy_id: string; params: Record<string, unknown> }>(
    await tx.execute(sql`select tenant_id, policy_id, params from policy_overrides where organization_id = ${organizationId}`),
  );
  const overrides: ParameterOverrides = { organization: new Map(), tenants: new Map() };
  for (const row of rows) {
    if (!row.tenant_id) overrides.organization.set(row.policy_id, row.params);
    else {
      const forTenant = overrides.tenants.get(row.tenant_id) ?? new Map<string, Record<string, unknown>>();
      forTenant.set(row.policy_id, row.params);
      overrides.tenants.set(row.tenant_id, forTenant);
    }
  }
  return overrides;
}

const CHUNK = 2_000;
const key = (policyId: string, resourceId: string) => `${policyId}|${resourceId}`;
const resourceType = (kind: string) => (kind === "tenant" || kind === "permit" || kind === "agreement" ? kind : "asset");
const scopeFilter = (scopeIds: Set<string> | null) => (scopeIds ? sql`and resource_id = ${anyUuid(scopeIds)}` : sql``);

/** Writes the results that changed and removes those of resources gone from the scope. */
async function writeResults(
  tx: Tx,
  organizationId: string,
  runId: string,
  results: EvaluatedResult[],
  scopeIds: Set<string> | null,
  now: Date,
) {
  if (scopeIds && scopeIds.size === 0) return;
  const stored = new Map(
    rowsOf<StoredResult>(
      await tx.execute(
        sql`select policy_id, resource_id, digest, status, tenant_id, resource_name from policy_results where organization_id = ${organizationId} ${scopeFilter(scopeIds)}`,
      ),
    ).map((r) => [key(r.policy_id, r.resource_id), r]),
  );
  // A result is rewritten when what it says changed, or whose it is (an asset moved to another tenant, renamed);
  // the history gets a new row when its status or its tenant changed.
  const changed = results.filter((r) => {
    const before = stored.get(key(r.policy.id, r.resource.id));
    return before?.digest !== r.digest || before.tenant_id !== r.resource.tenant_id || before.resource_name !== r.resource.name;
  });
  const restated = changed.filter((r) => {
    const before = stored.get(key(r.policy.id, r.resource.id));
    return before?.status !== r.status || before.tenant_id !== r.resource.tenant_id;
  });
  for (const r of results) stored.delete(key(r.policy.id, r.resource.id));
  for (let i = 0; i < changed.length; i += CHUNK) {
    const rows = changed.slice(i, i + CHUNK).map((r) => ({
      policy_id: r.policy.id,
      resource_type: resourceType(r.resource.kind),
      resource_id: r.resource.id,
      resource_kind: r.resource.kind,
      resource_name: r.resource.name,
      tenant_id: r.resource.tenant_id,
      status: r.status,
      evidence: r.evidence,
      message: r.message,
      error: r.error,
      digest: r.digest,
    }));
    await tx.execute(sql`
      insert into policy_results (organization_id, policy_id, resource_type, resource_id, resource_kind, resource_name, tenant_id, status, evidence, message, error, digest, run_id, evaluated_at)
      select ${organizationId}, policy_id, resource_type, resource_id, resource_kind, resource_name, tenant_id, status, evidence, message, error, digest, ${runId}, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(policy_id text, resource_type text, resource_id uuid, resource_kind text, resource_name text, tenant_id uuid,
                                                                  status text, evidence jsonb, message jsonb, error text, digest text)
      on conflict (organization_id, policy_id, resource_id) do update set
        resource_name = excluded.resource_name, tenant_id = excluded.tenant_id, status = excluded.status, evidence = excluded.evidence,
        message = excluded.message, error = excluded.error, digest = excluded.digest, run_id = excluded.run_id, evaluated_at = excluded.evaluated_at`);
  }
  const gone = [...stored.keys()].map((k) => k.split("|") as [string, string]);
  for (let i = 0; i < gone.length; i += CHUNK) {
    await tx.execute(sql`
      delete from policy_results r using jsonb_to_recordset(${JSON.stringify(gone.slice(i, i + CHUNK).map(([p, id]) => ({ p, id })))}::jsonb) as x(p text, id uuid)
      where r.organization_id = ${organizationId} and r.policy_id = x.p and r.resource_id = x.id`);
  }
  if (changed.length > 0 || gone.length > 0)
    await tx.execute(sql`update organizations set results_version = gen_random_uuid() where id = ${organizationId}`);
  await recordHistory(tx, { organizationId, runId, now }, restated, [
    ...restated.map((r): [string, string] => [r.policy.id, r.resource.id]),
    ...gone,
  ]);
}

type StoredResult = {
  policy_id: string;
  resource_id: string;
  digest: string;
  status: string;
  tenant_id: string | null;
  resource_name: string;
};

/** Closes the history rows of the statuses that changed or left the scope, and opens rows for the new statuses. */
async function recordHistory(
  tx: Tx,
  run: { organizationId: string; runId: string; now: Date },
  restated: EvaluatedResult[],
  closed: [string, string][],
) {
  const at = run.now.toISOString();
  for (let i = 0; i < closed.length; i += CHUNK) {
    await tx.execute(sql`
      update policy_result_history h set valid_to = ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(closed.slice(i, i + CHUNK).map(([p, id]) => ({ p, id })))}::jsonb) as x(p text, id uuid)
      where h.organization_id = ${run.organizationId} and h.policy_id = x.p and h.resource_id = x.id and h.valid_to is null`);
  }
  for (let i = 0; i < restated.length; i += CHUNK) {
    const rows = restated.slice(i, i + CHUNK).map((r) => ({ p: r.policy.id, id: r.resource.id, t: r.resource.tenant_id, s: r.status }));
    await tx.execute(sql`
      insert into policy_result_history (organization_id, policy_id, resource_id, tenant_id, status, run_id, valid_from)
      select ${run.organizationId}, x.p, x.id, x.t, x.s, ${run.runId}, ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(p text, id uuid, t uuid, s text)`);
  }
}

const isFinding = (r: EvaluatedResult) => r.status === "fail" || r.status === "error";
const findingMessage = (r: EvaluatedResult) =>
  r.message ?? {
    en: `${r.resource.name}: could not be evaluated — ${r.error}`,
    fr: `${r.resource.name} : évaluation impossible — ${r.error}`,
  };

/** Opens findings for new failures, refreshes the ones still failing, resolves those that pass or are gone. */
async function reconcileFindings(
  tx: Tx,
  organizationId: string,
  runId: string,
  results: EvaluatedResult[],
  scopeIds: Set<string> | null,
  now: Date,
) {
  const live = new Map(
    rowsOf<{ id: string; policy_id: string; resource_id: string; status: string }>(
      await tx.execute(
        sql`select id, policy_id, resource_id, status from findings where organization_id = ${organizationId} and status <> 'resolved' ${scopeFilter(scopeIds)}`,
      ),
    ).map((f) => [key(f.policy_id, f.resource_id), f]),
  );
  const failing = results.filter(isFinding);
  const opened: string[] = [];
  const toOpen: Record<string, unknown>[] = [];
  const toRefresh: Record<string, unknown>[] = [];
  for (const r of failing) {
    const k = key(r.policy.id, r.resource.id);
    const existing = live.get(k);
    const common = {
      severity: r.policy.severity,
      message: findingMessage(r),
      evidence: r.evidence,
      resource_name: r.resource.name,
      tenant_id: r.resource.tenant_id,
    };
    if (existing) {
      live.delete(k);
      toRefresh.push({ id: existing.id, ...common });
    } else {
      const id = randomUUID();
      opened.push(id);
      toOpen.push({
        id,
        policy_id: r.policy.id,
        resource_type: resourceType(r.resource.kind),
        resource_id: r.resource.id,
        resource_kind: r.resource.kind,
        ...common,
      });
    }
  }
  const at = now.toISOString();
  for (let i = 0; i < toOpen.length; i += CHUNK) {
    const chunk = JSON.stringify(toOpen.slice(i, i + CHUNK));
    await tx.execute(sql`
      insert into findings (id, organization_id, policy_id, resource_type, resource_id, resource_kind, resource_name, tenant_id, severity, status, message, evidence,
                            first_seen_at, last_seen_at, opened_run_id, last_run_id)
      select id, ${organizationId}, policy_id, resource_type, resource_id, resource_kind, resource_name, tenant_id, severity, 'open', message, evidence,
             ${at}::timestamptz, ${at}::timestamptz, ${runId}, ${runId}
      from jsonb_to_recordset(${chunk}::jsonb) as x(id uuid, policy_id text, resource_type text, resource_id uuid, resource_kind text, resource_name text,
                                                   tenant_id uuid, severity text, message jsonb, evidence jsonb)`);
    await tx.execute(sql`
      insert into finding_events (organization_id, finding_id, kind, run_id, actor_label, at)
      select ${organizationId}, id, 'opened', ${runId}, ${ENGINE_ACTOR.label}, ${at}::timestamptz from jsonb_to_recordset(${chunk}::jsonb) as x(id uuid)`);
  }
  for (let i = 0; i < toRefresh.length; i += CHUNK) {
    await tx.execute(sql`
      update findings f set last_seen_at = ${at}::timestamptz, last_run_id = ${runId}, severity = x.severity, message = x.message, evidence = x.evidence,
                            resource_name = x.resource_name, tenant_id = x.tenant_id
      from jsonb_to_recordset(${JSON.stringify(toRefresh.slice(i, i + CHUNK))}::jsonb) as x(id uuid, severity text, message jsonb, evidence jsonb, resource_name text, tenant_id uuid)
      where f.id = x.id`);
  }
  const resolved = [...live.values()].map((f) => f.id);
  for (let i = 0; i < resolved.length; i += CHUNK) {
    const chunk = resolved.slice(i, i + CHUNK);
    await tx.execute(
      sql`update findings set status = 'resolved', resolved_at = ${at}::timestamptz, last_run_id = ${runId} where id = ${anyUuid(chunk)}`,
    );
    await tx.execute(sql`
      update finding_exceptions set ended_at = ${at}::timestamptz, end_reason = 'resolved', ended_by_label = ${ENGINE_ACTOR.label}
      where ended_at is null and finding_id = ${anyUuid(chunk)}`);
    await lapseRequests(tx, { organizationId, findingIds: chunk, at: now, by: ENGINE_ACTOR.label });
    await tx.execute(sql`
      insert into finding_events (organization_id, finding_id, kind, run_id, actor_label, at)
      select ${organizationId}, id, 'resolved', ${runId}, ${ENGINE_ACTOR.label}, ${at}::timestamptz from unnest(${`{${chunk.join(",")}}`}::uuid[]) as id`);
  }
  return { opened, resolved };
}

/** Exceptions past their date stop holding: their findings open again, each change in the audit log. */
async function expireExceptions(tx: Tx, organizationId: string, runId: string, now: Date): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const expired = rowsOf<{ id: string; finding_id: string; expires_on: string }>(
    await tx.execute(sql`
      update finding_exceptions set ended_at = ${now.toISOString()}::timestamptz, end_reason = 'expired', ended_by_label = ${ENGINE_ACTOR.label}
      where organization_id = ${organizationId} and ended_at is null and expires_on < ${today}::date
      returning id, finding_id, expires_on::text as expires_on`),
  );
  for (const exception of expired) {
    await tx.execute(sql`update findings set status = 'open' where id = ${exception.finding_id} and status = 'accepted'`);
    await tx.execute(sql`
      insert into finding_events (organization_id, finding_id, kind, run_id, actor_label, detail, at)
      values (${organizationId}, ${exception.finding_id}, 'exception_expired', ${runId}, ${ENGINE_ACTOR.label}, ${JSON.stringify({ exceptionId: exception.id, expiresOn: exception.expires_on })}::jsonb, ${now.toISOString()}::timestamptz)`);
    await recordAudit(tx, {
      organizationId,
      actor: ENGINE_ACTOR,
      action: "finding.exception_expired",
      entityType: "finding",
      entityId: exception.finding_id,
      before: { status: "accepted", exceptionId: exception.id },
      after: { status: "open", expiresOn: exception.expires_on },
    });
  }
  return expired.length;
}

export const RUN_SORTS = ["when", "trigger", "status"] as const;
export type RunSort = Sort<(typeof RUN_SORTS)[number]>;
/** Newest first, as the runs page always showed them; the id breaks ties between runs queued at the same instant. */
export const RUN_DEFAULT_SORT: RunSort = { column: "when", direction: "desc" };

export async function latestRuns(tx: Tx, organizationId: string, limit = 20, sort: RunSort = RUN_DEFAULT_SORT) {
  return tx
    .select()
    .from(evaluationRuns)
    .where(eq(evaluationRuns.organizationId, organizationId))
    .orderBy(
      ...orderBy(
        sort,
        { when: evaluationRuns.queuedAt, trigger: evaluationRuns.trigger, status: evaluationRuns.status },
        evaluationRuns.id,
      ),
    )
    .limit(limit);
}
