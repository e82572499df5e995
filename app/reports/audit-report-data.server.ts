import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { anyText, anyUuid } from "../../db/sql-lists";
import { validAt } from "../../db/sql-intervals";
import { withObligationUpdates } from "../agreements/obligations.server";
import type { AgreementContent } from "../agreements/content";
import { frameworkShortName, localText } from "../controls/catalogue.server";
import { statementOfApplicability } from "../controls/controls.server";
import { countryName } from "../i18n/countries";
import { translator, type Locale } from "../i18n/i18n";
import { formatNumber } from "../ui/numbers";
import { automatedEvidence } from "../policy-engine/automated-evidence.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { documentTime, grouped } from "./attestation-data.server";
import { exceptionHeldAt, findingStatusAt, resultCountsAt, standingRun, type FindingInstants } from "../policy-engine/history.server";
import { periodEndInstant, periodHasEnded } from "./period";
import { inventoryDigestAt } from "../inventory/as-of.server";
import { auditHead } from "../audit/checkpoints.server";
import { statesBefore } from "../audit/state-at.server";
import { attentionOf } from "../permits/permits.server";
import type { PermitType, PermitStatus } from "../../db/schema/permits";
import { getAudit, reviewTrail, verdicts } from "../audits/audits.server";
import { evidenceText } from "./evidence-text.server";

export { REPORT_FRAMEWORKS, REPORT_FRAMEWORK_IDS, type ReportFramework } from "./report-frameworks";
import { policyInScope, REPORT_FRAMEWORKS, type ReportFramework } from "./report-frameworks";
import {
  labelOf,
  AGREEMENT_TYPE_LABEL,
  CONTROL_STATUS_LABEL,
  FINDING_STATUS_LABEL,
  PERMIT_TYPE_LABEL,
  REPORT_AUTOMATED_LABEL,
  REPORT_EVENT_LABEL,
  REPORT_EXCEPTION_ENDED_LABEL,
  REPORT_FRAMEWORK_LABEL,
  REVIEW_KIND_LABEL,
  ROLE_LABEL,
  RUN_SCOPE_LABEL,
  RUN_TRIGGER_LABEL,
  SEVERITY_LABEL,
  actorName,
} from "../i18n/labels";

export type ReportRequest = {
  organizationId: string;
  framework: ReportFramework;
  periodStart: string;
  periodEnd: string;
  auditId?: string | null;
};

const SEVERITIES = ["critical", "high", "medium", "low"] as const;
const DAY = 86_400_000;

type FindingRow = {
  id: string;
  policy_id: string;
  severity: string;
  status: string;
  resource_name: string;
  resource_kind: string;
  tenant: string | null;
  message: { en: string; fr: string };
  evidence: Record<string, unknown>;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
};

export class ReportError extends Error {}

async function sitesAt(tx: Tx, organizationId: string, at: Date) {
  return rowsOf<{ id: string; name: string; country: string | null }>(
    await tx.execute(sql`
      select asset_id as id, name, country from asset_versions
      where organization_id = ${organizationId} and kind = 'site' and ${validAt(at)}
      order by name`),
  );
}

/** The findings open at some point of the period, each with its status at the period's end. */
async function findingsInPeriod(tx: Tx, organizationId: string, policyIds: string[], start: Date, instants: FindingInstants) {
  if (policyIds.length === 0) return [];
  const e = instants.runAt.toISOString();
  return rowsOf<FindingRow>(
    await tx.execute(sql`
      select f.id, f.policy_id, f.severity, ${findingStatusAt(instants)} as status, f.resource_name, f.resource_kind, t.legal_name as tenant,
        f.message, f.evidence, f.first_seen_at, f.last_seen_at, case when f.resolved_at <= ${e}::timestamptz then f.resolved_at end as resolved_at
      from findings f left join tenants t on t.id = f.tenant_id
      where f.organization_id = ${organizationId} and f.policy_id = ${anyText(policyIds)}
        and f.first_seen_at <= ${e}::timestamptz and (f.resolved_at is null or f.resolved_at >= ${start.toISOString()}::timestamptz)
      order by case f.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end, f.policy_id, f.resource_name, f.id`),
  );
}

/**
 * What happened to the findings up to the period's end (what came later is not the period's): what runs did, up to
 * the closing run; what people did (exceptions granted, revoked), up to the end.
 */
async function eventsOf(tx: Tx, organizationId: string, findingIds: string[], { runAt, at }: FindingInstants) {
  const events = new Map<string, { kind: string; at: Date; actor: string }[]>();
  if (findingIds.length === 0) return events;
  const rows = rowsOf<{ finding_id: string; kind: string; at: Date; actor_label: string }>(
    await tx.execute(sql`
      select finding_id, kind, at, actor_label from finding_events
      where organization_id = ${organizationId} and finding_id = ${anyUuid(findingIds)}
        and (at <= ${runAt.toISOString()}::timestamptz or (run_id is null and at <= ${at.toISOString()}::timestamptz))
      order by finding_id, id`),
  );
  for (const row of rows)
    events.set(row.finding_id, [...(events.get(row.finding_id) ?? []), { kind: row.kind, at: new Date(row.at), actor: row.actor_label }]);
  return events;
}

/** The exceptions that held at some point of the period; one that ended after the period was still holding at its end. */
async function exceptionsOf(tx: Tx, organizationId: string, findingIds: string[], start: Date, instants: FindingInstants) {
  if (findingIds.length === 0) return [];
  const e = instants.at.toISOString();
  return rowsOf<{
    policy_id: string;
    resource_name: string;
    justification: string;
    granted_by_label: string;
    granted_at: Date;
    expires_on: string;
    ended_at: Date | null;
    end_reason: string | null;
    held_at_end: boolean;
  }>(
    await tx.execute(sql`
      select f.policy_id, f.resource_name, e.justification, e.granted_by_label, e.granted_at, e.expires_on::text as expires_on,
        ${exceptionHeldAt(instants.at)} as held_at_end,
        case when e.ended_at <= ${e}::timestamptz then e.ended_at end as ended_at,
        case when e.ended_at <= ${e}::timestamptz then e.end_reason end as end_reason
      from finding_exceptions e join findings f on f.id = e.finding_id
      where e.organization_id = ${organizationId} and e.finding_id = ${anyUuid(findingIds)} and e.granted_at <= ${e}::timestamptz
        and (e.ended_at is null or e.ended_at >= ${start.toISOString()}::timestamptz)
      order by f.policy_id, f.resource_name, e.granted_at`),
  );
}

const LISTED_RUNS = 200;

/** The latest runs completed in the period (at most LISTED_RUNS), and how many there were in all. */
async function runsInPeriod(tx: Tx, organizationId: string, start: Date, end: Date) {
  const within = sql`organization_id = ${organizationId} and status = 'completed' and finished_at between ${start.toISOString()}::timestamptz and ${end.toISOString()}::timestamptz`;
  const listed = rowsOf<{
    id: string;
    trigger: string;
    scope: string;
    finished_at: Date;
    counts: { checks: number; fail: number; opened: number; resolved: number } | null;
  }>(
    await tx.execute(
      sql`select id, trigger, scope, finished_at, counts from evaluation_runs where ${within} order by finished_at desc, id limit ${LISTED_RUNS}`,
    ),
  );
  const [all] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from evaluation_runs where ${within}`));
  return { listed, total: all?.n ?? listed.length };
}

type PermitThen = {
  reference: string;
  type: PermitType;
  authority: string;
  siteId: string;
  status: PermitStatus;
  expiresOn: string | null;
  archivedAt: string | null;
};

/** The permits register as it stood at the instant: each permit as it was then (audit log), those archived by then left out. */
async function permitsRegister(tx: Tx, organizationId: string, at: Date) {
  const rows = rowsOf<{
    id: string;
    reference: string;
    type: PermitType;
    authority: string;
    site_id: string;
    status: PermitStatus;
    expires_on: string | null;
    archived_at: Date | null;
  }>(
    await tx.execute(sql`
      select id, reference, type, authority, site_id, status, expires_on::text as expires_on, archived_at
      from permits where organization_id = ${organizationId}`),
  );
  const then = await statesBefore(tx, {
    organizationId,
    entityType: "permit",
    actions: ["permit.create", "permit.update", "permit.archive"],
    at,
  });
  const sites = new Map((await sitesAt(tx, organizationId, at)).map((s) => [s.id, s.name]));
  const register = rows.flatMap((row) => {
    const before = then.get(row.id) as PermitThen | null | undefined;
    if (before === null) return [];
    const permit = before
      ? {
          reference: before.reference,
          type: before.type,
          authority: before.authority,
          siteId: before.siteId,
          status: before.status,
          expiresOn: before.expiresOn,
          archived: before.archivedAt != null,
        }
      : {
          reference: row.reference,
          type: row.type,
          authority: row.authority,
          siteId: row.site_id,
          status: row.status,
          expiresOn: row.expires_on,
          archived: row.archived_at !== null && new Date(row.archived_at) <= at,
        };
    return permit.archived ? [] : [{ ...permit, site: sites.get(permit.siteId) ?? "—" }];
  });
  return register.sort((a, b) => (a.expiresOn ?? "9999").localeCompare(b.expiresOn ?? "9999") || a.reference.localeCompare(b.reference));
}

/** The agreements in force at the instant, each in the version current then, with the obligation updates made by then. */
async function agreementsRegister(tx: Tx, organizationId: string, at: Date) {
  const t = at.toISOString();
  const rows = rowsOf<{ id: string; title: string; type: string; version: number; content: AgreementContent }>(
    await tx.execute(sql`
      select distinct on (a.id) a.id, a.title, a.type, v.version, v.content
      from agreements a join agreement_versions v on v.agreement_id = a.id and v.created_at <= ${t}::timestamptz
      where a.organization_id = ${organizationId} and (a.archived_at is null or a.archived_at > ${t}::timestamptz)
      order by a.id, v.version desc`),
  );
  const register = await withObligationUpdates(
    tx,
    organizationId,
    rows.map((r) => ({ ...r, agreementId: r.id })),
    at,
  );
  return register.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** Open findings per day (or week, for long periods) and severity: a finding counts on the days it was open. */
function trendOf(findings: FindingRow[], start: Date, end: Date) {
  const days = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY));
  const step = days > 92 ? 7 : 1;
  const buckets: { at: Date; counts: Record<string, number> }[] = [];
  for (let t = start.getTime() + step * DAY - 1; t < end.getTime() + step * DAY; t += step * DAY)
    buckets.push({ at: new Date(Math.min(t, end.getTime())), counts: { critical: 0, high: 0, medium: 0, low: 0 } });
  for (const f of findings) {
    for (const bucket of buckets) {
      const open = new Date(f.first_seen_at) <= bucket.at && (!f.resolved_at || new Date(f.resolved_at) > bucket.at);
      if (open) bucket.counts[f.severity] = (bucket.counts[f.severity] ?? 0) + 1;
    }
  }
  return buckets;
}

/** The run that stood at the period's end, or the reason there is none whose results Attest kept. */
async function periodRun(tx: Tx, organizationId: string, end: Date) {
  const standing = await standingRun(tx, organizationId, end);
  if ("run" in standing) return standing.run;
  const missing = standing.missing;
  switch (missing.code) {
    case "no_run":
      throw new ReportError("no evaluation run completed before the end of the period");
    case "before_first_run":
      throw new ReportError(
        `no evaluation run had completed by the end of the period: the first completed at ${missing.firstRunAt.toISOString()}`,
      );
    case "not_recorded":
      throw new ReportError(
        `the checks' results before ${missing.firstRecordedAt?.toISOString() ?? "the next run"} were not kept: choose a period ending later`,
      );
  }
}

/**
 * Everything an audit report states, read in one transaction and as it was at the period's end: the run that stood
 * then and the statuses it left, the findings and exceptions of the period with their state at its end, the
 * inventory valid then. A period that has not ended is refused: its end is not yet a fact.
 */
export async function auditReportState(tx: Tx, request: ReportRequest, now: Date) {
  const start = new Date(`${request.periodStart}T00:00:00Z`);
  const end = periodEndInstant(request.periodEnd);
  if (start > end) throw new ReportError("the period starts after it ends");
  if (!periodHasEnded(request.periodEnd, now)) throw new ReportError(`the period has not ended: it ends at ${end.toISOString()}`);
  const run = await periodRun(tx, request.organizationId, end);
  const instants = { runAt: run.finishedAt, at: end };
  const spec = REPORT_FRAMEWORKS[request.framework];
  const set = await organizationPolicySet(tx, request);
  const policies = set.policies.filter((p) => policyInScope(p, request.framework)).sort((a, b) => a.id.localeCompare(b.id));
  const findings = await findingsInPeriod(
    tx,
    request.organizationId,
    policies.map((p) => p.id),
    start,
    instants,
  );
  const findingIds = findings.map((f) => f.id);
  const [org] = rowsOf<{ name: string }>(await tx.execute(sql`select name from organizations where id = ${request.organizationId}`));
  const [tenantCount] = rowsOf<{ n: number }>(
    await tx.execute(
      sql`select count(*)::int as n from tenants where organization_id = ${request.organizationId} and created_at <= ${end.toISOString()}::timestamptz`,
    ),
  );
  const counts = await resultCountsAt(tx, { organizationId: request.organizationId, run });
  const automated = spec.catalogue
    ? await automatedEvidence(tx, { organizationId: request.organizationId, frameworkId: spec.catalogue, stats: counts })
    : null;
  return {
    request,
    org: org!,
    start,
    end,
    run: { id: run.id, finished_at: run.finishedAt, inventory_version: run.inventoryVersion, policy_set_hash: run.policySetHash },
    // The policies the closing run judged with; today's set (its titles, references and scope) if it has changed since.
    policySetHash: run.policySetHash ?? set.hash,
    policiesChangedSince: run.policySetHash !== null && run.policySetHash !== set.hash ? set.hash : null,
    inventory: await inventoryDigestAt(tx, { organizationId: request.organizationId, at: end }),
    // The audit chain head at the report's date (its closing run's): the same inputs keep giving the same bytes.
    auditHead: await auditHead(tx, request.organizationId, end),
    sites: await sitesAt(tx, request.organizationId, end),
    tenants: tenantCount?.n ?? 0,
    policies,
    counts,
    findings,
    events: await eventsOf(tx, request.organizationId, findingIds, instants),
    exceptions: await exceptionsOf(tx, request.organizationId, findingIds, start, instants),
    runs: await runsInPeriod(tx, request.organizationId, start, end),
    soa:
      spec.catalogue && automated
        ? await statementOfApplicability(tx, {
            organizationId: request.organizationId,
            frameworkId: spec.catalogue,
            today: request.periodEnd,
            automated,
            recordedAt: end,
          })
        : null,
    automated,
    permits: spec.permits ? await permitsRegister(tx, request.organizationId, end) : [],
    agreements: spec.agreements ? await agreementsRegister(tx, request.organizationId, end) : [],
    review: request.auditId ? await auditReview(tx, request.organizationId, request.auditId) : null,
  };
}

/** The audit's review trail with the audit's own title and auditors, for the report's last section. */
async function auditReview(tx: Tx, organizationId: string, auditId: string) {
  const found = await getAudit(tx, { organizationId, auditId });
  if (!found) throw new ReportError("the audit of this report no longer exists");
  return {
    title: found.audit.title,
    auditors: found.auditors.map((a) => a.name),
    trail: await reviewTrail(tx, { organizationId, auditId }),
  };
}
export type AuditReportState = Awaited<ReturnType<typeof auditReportState>>;

/**
 * The template's data in one language. Quantities stay numbers: the template engine writes them in the language
 * (app/reports/pdf/resolve.ts), and the evidence pack's results.json and results.csv keep them machine-readable;
 * identifiers that are numeric (versions, sequences) are text.
 */
export function auditReportData(state: AuditReportState, language: Locale, meta: { templateVersion: number }) {
  const t = translator(language);
  const n = (value: number) => formatNumber(value, language);
  const frameworkName = t(REPORT_FRAMEWORK_LABEL[state.request.framework]);
  const actor = (label: string) => actorName(label, language);
  const counts = (id: string) => state.counts.get(id) ?? { pass: 0, fail: 0, error: 0, not_applicable: 0 };
  const policyRows = state.policies.map((p) => {
    const c = counts(p.id);
    const failing = c.fail + c.error;
    return {
      id: p.id,
      title: p.title[language],
      references: p.references.map((r) => `${frameworkShortName(r.framework, language)} ${r.requirement}`).join(", ") || "—",
      checked: c.pass + failing,
      failing,
      result:
        c.pass + failing === 0 ? t("reports.audit.notChecked") : failing === 0 ? t("reports.results.pass") : t("reports.results.fail"),
    };
  });
  const live = state.findings.filter((f) => f.status !== "resolved");
  const bySeverity = SEVERITIES.map((s) => ({ label: t(SEVERITY_LABEL[s]), count: live.filter((f) => f.severity === s).length }));
  const trend = trendOf(state.findings, state.start, state.end).map((b) => ({ label: b.at.toISOString().slice(5, 10), ...b.counts }));
  const checks = policyRows.reduce((sum, r) => sum + Number(r.checked), 0);
  const failing = policyRows.reduce((sum, r) => sum + Number(r.failing), 0);
  const soaTitle = state.soa ? `${localText(state.soa.framework.name, language)} (${state.soa.framework.version})` : "";
  return {
    org: { name: state.org.name },
    report: {
      framework: frameworkName,
      period: `${state.request.periodStart} — ${state.request.periodEnd}`,
      generatedAt: documentTime(state.run.finished_at),
      runId: state.run.id,
      inventoryVersion: String(state.run.inventory_version ?? 0),
      inventoryDigest: grouped(state.inventory.digest),
      policySetHash: grouped(state.policySetHash),
      auditHead: state.auditHead ? `seq ${state.auditHead.seq}, SHA-256 ${grouped(state.auditHead.hash)}` : "—",
      templateVersion: String(meta.templateVersion),
      soaTitle,
    },
    scope: {
      sites: state.sites.map((s) => `${s.name} (${s.country ? countryName(s.country, language) : "—"})`).join(", ") || "—",
      tenants: state.tenants,
      assets: state.inventory.assetIds.length,
      policies: state.policies.length,
    },
    summary: {
      text: t("reports.audit.summaryText", {
        checks,
        failing,
        open: live.filter((f) => f.status === "open").length,
        accepted: live.filter((f) => f.status === "accepted").length,
        resolved: state.findings.length - live.length,
      }),
      bySeverity,
      trend,
    },
    hasSoa: state.soa !== null,
    soa: (state.soa?.rows ?? []).map((row) => {
      const automated = state.automated?.get(row.requirementId);
      return {
        id: row.requirementId,
        title: localText(row.title, language),
        applicable: row.record.applicable ? t("policies.yes") : t("policies.no"),
        status: t(CONTROL_STATUS_LABEL[row.status]),
        evidence: `${n(row.evidence.current)} / ${n(row.evidence.expired)}`,
        automated: automated
          ? `${t(REPORT_AUTOMATED_LABEL[automated.state])} (${automated.policies.map((p) => `${p.id}: ${n(p.pass)}✓ ${n(p.fail + p.error)}✗`).join(", ")})`
          : t("reports.audit.automated.none"),
        justification: row.record.justification || "—",
      };
    }),
    policies: policyRows,
    findings: state.findings.map((f) => ({
      severity: t(labelOf(SEVERITY_LABEL, f.severity)),
      policy: f.policy_id,
      resource: `${f.resource_name}${f.tenant ? ` (${f.tenant})` : ""}`,
      status: t(labelOf(FINDING_STATUS_LABEL, f.status)),
      message: f.message[language],
      evidence: evidenceText(f.evidence, language, f.resource_kind),
      history:
        (state.events.get(f.id) ?? [])
          .map((e) => `${documentTime(e.at)} ${t(labelOf(REPORT_EVENT_LABEL, e.kind))} (${actor(e.actor)})`)
          .join("; ") || "—",
    })),
    hasExceptions: state.exceptions.length > 0,
    exceptions: state.exceptions.map((e) => ({
      policy: e.policy_id,
      resource: e.resource_name,
      justification: e.justification,
      grantedBy: `${actor(e.granted_by_label)}, ${documentTime(new Date(e.granted_at))}`,
      until: e.expires_on,
      state: e.ended_at
        ? `${t(labelOf(REPORT_EXCEPTION_ENDED_LABEL, e.end_reason ?? "revoked"))} ${documentTime(new Date(e.ended_at))}`
        : e.held_at_end
          ? t("reports.audit.exceptionActive")
          : // Lapsed in the period, its end not yet recorded by a run: it held through its last day only.
            `${t("reports.audit.exceptionEnded.expired")} ${e.expires_on}`,
    })),
    hasPermits: REPORT_FRAMEWORKS[state.request.framework].permits,
    permits: state.permits.map((p) => ({
      reference: p.reference,
      type: t(PERMIT_TYPE_LABEL[p.type]),
      site: p.site,
      authority: p.authority,
      // A granted permit past its expiry at the period's end was expired then, whatever its stored status said.
      status: t(
        `permits.statuses.${p.status === "granted" && attentionOf(p, state.request.periodEnd) === "expired" ? "expired" : p.status}`,
      ),
      expires: p.expiresOn ?? "—",
      // Whole days from the period's last day to the permit's (0: it expired on the last day).
      daysLeft: p.expiresOn ? Math.round((Date.parse(p.expiresOn) - Date.parse(state.request.periodEnd)) / DAY) : "—",
    })),
    hasAgreements: REPORT_FRAMEWORKS[state.request.framework].agreements,
    agreements: state.agreements.map((a) => {
      const obligations = a.content.obligations;
      const open = obligations.filter((o) => (o.lastUpdate?.status ?? o.status) === "open");
      const overdue = open.filter((o) => o.dueOn && o.dueOn < state.request.periodEnd);
      return {
        title: a.title,
        type: t(labelOf(AGREEMENT_TYPE_LABEL, a.type)),
        version: String(a.version),
        effective: a.content.terms.effectiveDate,
        obligations: t("reports.audit.obligationsText", {
          total: obligations.length,
          open: open.length,
          overdue: overdue.length,
          done: obligations.length - open.length,
        }),
      };
    }),
    hasReview: state.review !== null,
    review: state.review && {
      title: state.review.title,
      auditors: state.review.auditors.join(", ") || "—",
      summary: t("audits.progress", {
        accepted: [...verdicts(state.review.trail).values()].filter((v) => v === "accepted").length,
        flagged: [...verdicts(state.review.trail).values()].filter((v) => v === "flagged").length,
      }),
    },
    reviewTrail: (state.review?.trail ?? []).map((e) => ({
      item: e.itemId,
      kind: t(REVIEW_KIND_LABEL[e.kind]),
      comment: e.comment,
      author: `${e.authorLabel} (${t(labelOf(ROLE_LABEL, e.authorRole))})`,
      at: documentTime(new Date(e.createdAt)),
    })),
    hasPoliciesChanged: state.policiesChangedSince !== null,
    policiesChanged: state.policiesChangedSince ? t("reports.audit.policiesChanged", { now: grouped(state.policiesChangedSince) }) : "",
    runsListed: t(state.runs.total > state.runs.listed.length ? "reports.audit.runsListed" : "reports.audit.runsListedAll", {
      total: state.runs.total,
      shown: state.runs.listed.length,
    }),
    runs: state.runs.listed.map((r) => ({
      id: r.id,
      finishedAt: documentTime(new Date(r.finished_at)),
      trigger: `${t(labelOf(RUN_TRIGGER_LABEL, r.trigger))} / ${t(labelOf(RUN_SCOPE_LABEL, r.scope))}`,
      checks: r.counts?.checks ?? 0,
      failing: r.counts?.fail ?? 0,
    })),
  };
}
