import { and, asc, count, desc, eq, ilike, inArray, isNull, ne, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { agreements, findingEvents, findingExceptions, findings, tenants, type Finding, type FindingStatus } from "../../db/schema";
import { containsPattern } from "../../db/like";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { builtInPolicies, type PolicySet } from "./packs.server";
import type { Severity } from "./policy-schema";
import { evidenceSeenByTenant } from "./tenant-view";
import * as clock from "../config/clock";
import { countsByPolicy, type StatusCounts } from "./history.server";
import { organizationPolicySet } from "./custom-policies.server";
import { DEFAULT_FINDING_SORT, type FindingSort } from "./finding-schema";
import { orderBy } from "../ui/sort.server";
import { findingsVersion, versionedCache } from "./versioned-cache.server";
import type { Locale } from "../i18n/i18n";

type OrgParams = { organizationId: string };

export type FindingFilters = {
  status?: FindingStatus | "live" | undefined;
  severity?: Severity | undefined;
  tenantId?: string | undefined;
  policyId?: string | undefined;
  framework?: string | undefined;
  /** An asset (a site, a hall, a rack…): findings on it and everything under it, and on a site's permits. */
  underAssetId?: string | undefined;
  q?: string | undefined;
};

/**
 * The resources at or under an asset: its subtree by parent, and the permits of the site it may be. Under a site,
 * every asset carries the site's id, so each finding's resource is looked up by key (a site holds tens of thousands
 * of assets; its findings are few); the walk down the parents runs only for an asset that is not a site.
 */
export function atOrUnder(organizationId: string, assetId: string): SQL {
  return sql`(
    ${findings.resourceId} in (select id from permits where organization_id = ${organizationId} and site_id = ${assetId})
    or exists (
      select 1 from assets a
      where a.organization_id = ${organizationId} and a.id = ${findings.resourceId} and (a.id = ${assetId} or a.site_id = ${assetId})
    )
    or (
      not exists (select 1 from assets s where s.organization_id = ${organizationId} and s.id = ${assetId} and s.kind = 'site')
      and ${findings.resourceId} in (
        with recursive subtree(id) as (
          select id from assets where organization_id = ${organizationId} and id = ${assetId}
          union all
          select a.id from assets a join subtree s on a.parent_id = s.id where a.organization_id = ${organizationId}
        )
        select id from subtree
      )
    )
  )`;
}

/** Policies that cite a framework, so that findings can be filtered by framework. */
export function policiesOfFramework(framework: string, set: PolicySet = builtInPolicies()): string[] {
  return set.policies.filter((p) => p.references.some((r) => r.framework === framework)).map((p) => p.id);
}

function conditions(organizationId: string, filters: FindingFilters, set?: PolicySet): SQL[] {
  const where: SQL[] = [eq(findings.organizationId, organizationId)];
  if (filters.status === "live" || !filters.status) where.push(ne(findings.status, "resolved"));
  else where.push(eq(findings.status, filters.status));
  if (filters.severity) where.push(eq(findings.severity, filters.severity));
  if (filters.tenantId) where.push(eq(findings.tenantId, filters.tenantId));
  if (filters.policyId) where.push(eq(findings.policyId, filters.policyId));
  if (filters.underAssetId) where.push(atOrUnder(organizationId, filters.underAssetId));
  if (filters.framework) {
    const ids = policiesOfFramework(filters.framework, set);
    where.push(ids.length ? inArray(findings.policyId, ids) : sql`false`);
  }
  if (filters.q) {
    const like = containsPattern(filters.q);
    where.push(
      or(
        ilike(findings.resourceName, like),
        ilike(findings.policyId, like),
        sql`${findings.message}->>'en' ilike ${like}`,
        sql`${findings.message}->>'fr' ilike ${like}`,
      )!,
    );
  }
  return where;
}

/**
 * Critical first: the expression of the live findings' index (findings_live_severity_order_idx, with newest first and
 * the id after it), so that the default order, most severe first, reads the index instead of sorting every finding.
 */
const SEVERITY_RANK_SQL = sql`case ${findings.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
/** In the order of a finding's life: open, accepted, resolved. */
const STATUS_RANK_SQL = sql`case ${findings.status} when 'open' then 0 when 'accepted' then 1 else 2 end`;

/**
 * The ORDER BY of the findings list: the chosen column, then (unless the column is first seen) the newest first, then
 * the id, unique, so that pages never repeat or skip a finding. Policies sort by their titles in the reader's language,
 * given as the policies' ids in that order (`policyOrder`); a policy not in it (removed since) goes last, by id.
 */
function findingOrder(sort: FindingSort, policyOrder: readonly string[]): SQL[] {
  const byTitle = sql`coalesce(array_position(${sql.param([...policyOrder])}::text[], ${findings.policyId}), ${policyOrder.length + 1})`;
  const columns = {
    severity: SEVERITY_RANK_SQL,
    policy: byTitle,
    resource: sql`lower(${findings.resourceName})`,
    status: STATUS_RANK_SQL,
    first_seen: findings.firstSeenAt,
    last_seen: findings.lastSeenAt,
  } satisfies Record<FindingSort["column"], AnyColumn | SQL>;
  // "Severity descending" is the most severe first: the rank ascending, as the index holds it.
  if (sort.column === "severity")
    return sort.direction === "desc"
      ? [asc(SEVERITY_RANK_SQL), desc(findings.firstSeenAt), asc(findings.id)]
      : [desc(SEVERITY_RANK_SQL), desc(findings.firstSeenAt), desc(findings.id)];
  const [first, tiebreaker] = orderBy(sort, columns, findings.id);
  const then = sort.column === "policy" ? [asc(findings.policyId)] : [];
  return sort.column === "first_seen" ? [first!, tiebreaker!] : [first!, ...then, desc(findings.firstSeenAt), tiebreaker!];
}

/** Policies' ids in the order of their titles in a language: the list's order for "sort by policy". */
export function policiesByTitle(set: PolicySet, locale: Locale): string[] {
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  return [...set.policies].sort((a, b) => collator.compare(a.title[locale], b.title[locale]) || a.id.localeCompare(b.id)).map((p) => p.id);
}

export async function listFindings(
  tx: Tx,
  params: OrgParams & {
    filters: FindingFilters;
    offset: number;
    limit: number;
    policySet?: PolicySet;
    sort?: FindingSort;
    /** The reader's language, for sorting by policy title. */
    locale?: Locale;
  },
) {
  const where = and(...conditions(params.organizationId, params.filters, params.policySet));
  const [total] = await tx.select({ value: count() }).from(findings).where(where);
  const sort = params.sort ?? DEFAULT_FINDING_SORT;
  const policyOrder = sort.column === "policy" ? policiesByTitle(params.policySet ?? builtInPolicies(), params.locale ?? "en") : [];
  const rows = await tx
    .select({ finding: findings, tenantName: tenants.legalName })
    .from(findings)
    .leftJoin(tenants, eq(tenants.id, findings.tenantId))
    .where(where)
    .orderBy(...findingOrder(sort, policyOrder))
    .limit(params.limit)
    .offset(params.offset);
  return { rows, total: total?.value ?? 0 };
}

const FINDINGS_HERE_SHOWN = 20;

/** The most severe live findings on an asset and under it, with their policies' titles, and how many there are. */
export async function findingsHere(tx: Tx, params: OrgParams & { assetId: string }) {
  const policySet = await organizationPolicySet(tx, params);
  const { rows, total } = await listFindings(tx, {
    organizationId: params.organizationId,
    filters: { underAssetId: params.assetId },
    offset: 0,
    limit: FINDINGS_HERE_SHOWN,
    policySet,
  });
  return {
    total,
    findings: rows.map(({ finding: f }) => ({
      id: f.id,
      severity: f.severity,
      resourceName: f.resourceName,
      resourceKind: f.resourceKind,
      message: f.message,
      policyTitle: policySet.byId.get(f.policyId)?.title ?? null,
    })),
  };
}

/** A page of findings in a stable order (newest first), after the cursor's (first seen, id). */
export async function listFindingsAfter(
  tx: Tx,
  params: OrgParams & { filters: FindingFilters; after: { t: string; id: string } | undefined; limit: number; policySet?: PolicySet },
) {
  const where = conditions(params.organizationId, params.filters, params.policySet);
  if (params.after) where.push(sql`(${findings.firstSeenAt}, ${findings.id}) < (${params.after.t}::timestamptz, ${params.after.id}::uuid)`);
  const rows = await tx
    .select({ finding: findings, tenantSlug: tenants.slug })
    .from(findings)
    .leftJoin(tenants, eq(tenants.id, findings.tenantId))
    .where(and(...where))
    .orderBy(desc(findings.firstSeenAt), desc(findings.id))
    .limit(params.limit + 1);
  return { rows: rows.slice(0, params.limit), more: rows.length > params.limit };
}

export async function getFinding(tx: Tx, params: OrgParams & { findingId: string }) {
  const [row] = await tx
    .select({ finding: findings, tenantName: tenants.legalName })
    .from(findings)
    .leftJoin(tenants, eq(tenants.id, findings.tenantId))
    .where(and(eq(findings.organizationId, params.organizationId), eq(findings.id, params.findingId)));
  if (!row) return null;
  const events = await tx.select().from(findingEvents).where(eq(findingEvents.findingId, row.finding.id)).orderBy(asc(findingEvents.id));
  const exceptions = await tx
    .select()
    .from(findingExceptions)
    .where(eq(findingExceptions.findingId, row.finding.id))
    .orderBy(desc(findingExceptions.grantedAt));
  // Earlier findings of the same policy on the same resource: the history of a recurring problem.
  const earlier = await tx
    .select({ id: findings.id, firstSeenAt: findings.firstSeenAt, resolvedAt: findings.resolvedAt })
    .from(findings)
    .where(
      and(
        eq(findings.organizationId, params.organizationId),
        eq(findings.policyId, row.finding.policyId),
        eq(findings.resourceId, row.finding.resourceId),
        ne(findings.id, row.finding.id),
      ),
    )
    .orderBy(desc(findings.firstSeenAt))
    .limit(20);
  return { ...row, events, exceptions, earlier };
}

/**
 * Findings as their reader may see them: for a tenant member (`tenantId`), the evidence narrowed to what that tenant
 * may read (tenant-view.ts), also for findings stored before the engine stored them so; others get them as stored.
 */
export async function findingsSeenBy<T extends { evidence: Record<string, unknown> }>(
  tx: Tx,
  params: OrgParams & { tenantId: string | null },
  rows: T[],
): Promise<T[]> {
  if (!params.tenantId) return rows;
  const own = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(eq(agreements.organizationId, params.organizationId), sql`${params.tenantId}::uuid = any(${agreements.tenantIds})`));
  const agreementIds = new Set(own.map((a) => a.id));
  return rows.map((f) => ({ ...f, evidence: evidenceSeenByTenant(f.evidence, agreementIds) }));
}

export type ExceptionInput = { findingIds: string[]; justification: string; expiresOn: string };
export type ExceptionOutcome = { granted: string[]; skipped: string[] };
/** The four-eyes request an approval grants (exception-requests.server.ts): its requester is named beside the approver. */
export type GrantedRequest = { id: string; requestedByUserId: string | null; requestedByLabel: string };

/** Accepts open findings until a date: each gets an exception, an event and an audit entry. Others are skipped. */
export async function grantException(
  tx: Tx,
  params: OrgParams & { actor: Actor; request?: GrantedRequest } & ExceptionInput,
): Promise<ExceptionOutcome> {
  const approval = params.request
    ? { requestId: params.request.id, requestedBy: params.request.requestedByLabel, approvedBy: params.actor.label }
    : {};
  const targets = await tx
    .select()
    .from(findings)
    .where(and(eq(findings.organizationId, params.organizationId), inArray(findings.id, params.findingIds), eq(findings.status, "open")));
  for (const finding of targets) {
    const [exception] = await tx
      .insert(findingExceptions)
      .values({
        organizationId: params.organizationId,
        findingId: finding.id,
        justification: params.justification,
        expiresOn: params.expiresOn,
        grantedByUserId: params.actor.userId,
        grantedByLabel: params.actor.label,
      })
      .returning();
    await tx.update(findings).set({ status: "accepted" }).where(eq(findings.id, finding.id));
    await tx.insert(findingEvents).values({
      organizationId: params.organizationId,
      findingId: finding.id,
      kind: "exception_granted",
      actorLabel: params.actor.label,
      detail: { exceptionId: exception!.id, justification: params.justification, expiresOn: params.expiresOn, ...approval },
    });
    await recordAudit(tx, {
      organizationId: params.organizationId,
      actor: params.actor,
      action: "finding.exception_granted",
      entityType: "finding",
      entityId: finding.id,
      before: { status: finding.status },
      after: { status: "accepted", exception: exception, ...approval },
    });
  }
  const granted = targets.map((f) => f.id);
  return { granted, skipped: params.findingIds.filter((id) => !granted.includes(id)) };
}

export async function revokeException(
  tx: Tx,
  params: OrgParams & { actor: Actor; findingId: string; reason: string },
): Promise<Finding | null> {
  const [exception] = await tx
    .update(findingExceptions)
    .set({ endedAt: clock.now(), endReason: "revoked", endedByLabel: params.actor.label })
    .where(
      and(
        eq(findingExceptions.organizationId, params.organizationId),
        eq(findingExceptions.findingId, params.findingId),
        isNull(findingExceptions.endedAt),
      ),
    )
    .returning();
  if (!exception) return null;
  const [finding] = await tx
    .update(findings)
    .set({ status: "open" })
    .where(and(eq(findings.id, params.findingId), eq(findings.status, "accepted")))
    .returning();
  await tx.insert(findingEvents).values({
    organizationId: params.organizationId,
    findingId: params.findingId,
    kind: "exception_revoked",
    actorLabel: params.actor.label,
    detail: { exceptionId: exception.id, reason: params.reason },
  });
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "finding.exception_revoked",
    entityType: "finding",
    entityId: params.findingId,
    before: { status: "accepted", exception: { ...exception, endedAt: null, endReason: null } },
    after: { status: "open", reason: params.reason },
  });
  return finding ?? null;
}

/** Open and accepted findings by severity, by framework and by tenant; and open findings at the end of each of the last days. */
type PostureCounts = {
  bySeverity: { severity: Severity; status: FindingStatus; n: number }[];
  byPolicy: { policyId: string; n: number }[];
  byTenant: { tenantId: string | null; n: number }[];
  trend: Awaited<ReturnType<typeof openFindingsTrend>>;
};

/**
 * The dashboard's counts of live findings, counted once per findings version and day (2,000 live findings at
 * 100,000 assets: 15–25 ms a view): every statement that writes findings moves the version, whoever writes.
 */
const postureCache = versionedCache<PostureCounts>();

export async function posture(tx: Tx, params: OrgParams & { days?: number; policySet?: PolicySet }) {
  const days = params.days ?? 30;
  const today = clock.today();
  const counts = await postureCache(
    tx,
    params.organizationId,
    findingsVersion(params.organizationId),
    () => postureCounts(tx, { ...params, days, today }),
    `${today}|${days}`,
  );
  // Names are read fresh: a tenant renamed since the findings last changed is named as it is now.
  const names = new Map(
    (
      await tx.select({ id: tenants.id, name: tenants.legalName }).from(tenants).where(eq(tenants.organizationId, params.organizationId))
    ).map((t) => [t.id, t.name]),
  );
  const policies = params.policySet ?? builtInPolicies();
  const byFramework = new Map<string, number>();
  for (const { policyId, n } of counts.byPolicy) {
    const frameworks = new Set(policies.byId.get(policyId)?.references.map((r) => r.framework) ?? []);
    for (const framework of frameworks) byFramework.set(framework, (byFramework.get(framework) ?? 0) + n);
  }
  return {
    bySeverity: counts.bySeverity,
    byFramework: [...byFramework.entries()].map(([framework, n]) => ({ framework, n })).sort((a, b) => b.n - a.n),
    byTenant: counts.byTenant
      .map((t) => ({ ...t, tenantName: t.tenantId ? (names.get(t.tenantId) ?? null) : null }))
      .sort((a, b) => b.n - a.n),
    trend: counts.trend,
  };
}

async function postureCounts(tx: Tx, params: OrgParams & { days: number; today: string }): Promise<PostureCounts> {
  const bySeverity = await tx
    .select({ severity: findings.severity, status: findings.status, n: count() })
    .from(findings)
    .where(and(eq(findings.organizationId, params.organizationId), ne(findings.status, "resolved")))
    .groupBy(findings.severity, findings.status);
  const open = and(eq(findings.organizationId, params.organizationId), eq(findings.status, "open"));
  const byPolicy = await tx.select({ policyId: findings.policyId, n: count() }).from(findings).where(open).groupBy(findings.policyId);
  const byTenant = await tx.select({ tenantId: findings.tenantId, n: count() }).from(findings).where(open).groupBy(findings.tenantId);
  return { bySeverity, byPolicy, byTenant, trend: await openFindingsTrend(tx, params) };
}

/**
 * Open findings per severity at the end of each of the last `days` days. A finding is open on day d when it was first
 * seen by the end of d and not resolved by then; so each day's count is the running sum of findings first seen minus
 * findings resolved up to that day (resolution never precedes first sight). Two passes over the findings instead of
 * one per day.
 */
export async function openFindingsTrend(tx: Tx, params: OrgParams & { days: number; today?: string }) {
  const today = sql`${params.today ?? clock.today()}::date`;
  return rowsOf<{ day: string; critical: number; high: number; medium: number; low: number }>(
    await tx.execute(sql`
      with window_start as (select ${today} - ${params.days - 1}::int as day),
      changes as (
        select greatest(f.first_seen_at::date, w.day) as day, f.severity, 1 as delta
        from findings f, window_start w
        where f.organization_id = ${params.organizationId} and f.first_seen_at::date <= ${today}
        union all
        select greatest(f.resolved_at::date, w.day), f.severity, -1
        from findings f, window_start w
        where f.organization_id = ${params.organizationId} and f.resolved_at::date <= ${today}
      ),
      daily as (
        select day,
               coalesce(sum(delta) filter (where severity = 'critical'), 0) as critical, coalesce(sum(delta) filter (where severity = 'high'), 0) as high,
               coalesce(sum(delta) filter (where severity = 'medium'), 0) as medium, coalesce(sum(delta) filter (where severity = 'low'), 0) as low
        from changes group by day
      )
      select d::date::text as day,
             (sum(coalesce(daily.critical, 0)) over w)::int as critical, (sum(coalesce(daily.high, 0)) over w)::int as high,
             (sum(coalesce(daily.medium, 0)) over w)::int as medium, (sum(coalesce(daily.low, 0)) over w)::int as low
      from window_start, generate_series(window_start.day, ${today}, interval '1 day') d
      left join daily on daily.day = d::date
      window w as (order by d)
      order by d`),
  );
}

/**
 * Per policy: how many resources pass, fail, error or are out of scope in the latest results. Counted once per
 * results version: the dashboard, the SoA and the policies pages read them on every view (40,000 results at 100,000
 * assets: 20 ms, once per framework), and only an evaluation run that changed a result moves it
 * (app/policy-engine/runs.server.ts, in the run's transaction).
 */
const statsCache = versionedCache<ReadonlyMap<string, Readonly<StatusCounts>>>();
export async function policyStats(tx: Tx, params: OrgParams) {
  const version = sql`select results_version from organizations where id = ${params.organizationId}`;
  return statsCache(tx, params.organizationId, version, async () =>
    countsByPolicy(
      rowsOf<{ policy_id: string; status: string; n: number }>(
        await tx.execute(
          sql`select policy_id, status, count(*)::int as n from policy_results where organization_id = ${params.organizationId} group by policy_id, status`,
        ),
      ),
    ),
  );
}
