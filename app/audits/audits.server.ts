import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { anyText } from "../../db/sql-lists";
import { auditAuditors, auditReviews, audits, memberships, users, type Audit, type ReviewKind } from "../../db/schema";
import { notifyPeople, settleNotifications } from "../deadlines/personal.server";
import type { Role } from "../../db/schema/identity";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { catalogue, localText } from "../controls/catalogue.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { policyInScope, REPORT_FRAMEWORKS, type ReportFramework } from "../reports/report-frameworks";
import * as clock from "../config/clock";
import type { Theme } from "./themes";
import { labelOf, POLICY_PACK_LABEL } from "../i18n/labels";
import { translator } from "../i18n/i18n";

type OrgParams = { organizationId: string };
export type Reviewer = Actor & { role: Role };

export class AuditError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export async function auditorChoices(tx: Tx, { organizationId }: OrgParams) {
  return tx
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "auditor")))
    .orderBy(asc(users.name));
}

export async function createAudit(
  tx: Tx,
  params: OrgParams & {
    actor: Actor;
    title: string;
    framework: ReportFramework;
    periodStart: string;
    periodEnd: string;
    auditorIds: string[];
  },
): Promise<Audit> {
  const allowed = new Set((await auditorChoices(tx, params)).map((a) => a.userId));
  const unknown = params.auditorIds.find((id) => !allowed.has(id));
  if (unknown) throw new AuditError("auditorIds", "audits.auditorInvalid");
  const [audit] = await tx
    .insert(audits)
    .values({
      organizationId: params.organizationId,
      title: params.title,
      framework: params.framework,
      periodStart: params.periodStart,
      periodEnd: params.periodEnd,
      createdByLabel: params.actor.label,
    })
    .returning();
  if (params.auditorIds.length > 0) {
    await tx.insert(auditAuditors).values(
      params.auditorIds.map((userId) => ({
        auditId: audit!.id,
        organizationId: params.organizationId,
        userId,
        addedByLabel: params.actor.label,
      })),
    );
  }
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "audit.create",
    entityType: "audit",
    entityId: audit!.id,
    after: {
      title: params.title,
      framework: params.framework,
      periodStart: params.periodStart,
      periodEnd: params.periodEnd,
      auditors: params.auditorIds,
    },
  });
  return audit!;
}

/** Audits a user may open: an auditor sees those it is assigned to, the operator's other staff see them all. */
export async function listAudits(tx: Tx, params: OrgParams & { userId: string; role: Role }) {
  const assigned =
    params.role === "auditor"
      ? sql`and exists (select 1 from audit_auditors aa where aa.audit_id = a.id and aa.user_id = ${params.userId})`
      : sql``;
  return rowsOf<{
    id: string;
    title: string;
    framework: string;
    period_start: string;
    period_end: string;
    status: string;
    created_at: Date;
    auditors: number;
    flagged: number;
    accepted: number;
  }>(
    await tx.execute(sql`
      select a.id, a.title, a.framework, a.period_start::text, a.period_end::text, a.status, a.created_at,
        (select count(*)::int from audit_auditors aa where aa.audit_id = a.id) as auditors,
        (select count(*)::int from (select distinct on (item_id) kind from audit_reviews r where r.audit_id = a.id and r.kind <> 'response' order by item_id, id desc) v where v.kind = 'flagged') as flagged,
        (select count(*)::int from (select distinct on (item_id) kind from audit_reviews r where r.audit_id = a.id and r.kind <> 'response' order by item_id, id desc) v where v.kind = 'accepted') as accepted
      from audits a where a.organization_id = ${params.organizationId} ${assigned}
      order by a.created_at desc, a.id limit 200`),
  );
}

export async function getAudit(tx: Tx, params: OrgParams & { auditId: string }) {
  const [audit] = await tx
    .select()
    .from(audits)
    .where(and(eq(audits.organizationId, params.organizationId), eq(audits.id, params.auditId)));
  if (!audit) return null;
  const auditors = await tx
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(auditAuditors)
    .innerJoin(users, eq(users.id, auditAuditors.userId))
    .where(eq(auditAuditors.auditId, audit.id))
    .orderBy(asc(users.name));
  return { audit, auditors };
}

export type AuditItem = {
  id: string;
  title: { en: string; fr: string };
  /** The framework's own grouping (catalogue themes), or for register audits the policy id's prefix. */
  theme: Theme;
  policies: { id: string; title: { en: string; fr: string }; opened: number; resolved: number; open: number }[];
  /** `id` opens a stored file at /controls/evidence/{id} when `hasFile`; a link carries its `url`. */
  evidence: { id: string; title: string; kind: string; date: string; url: string | null; hasFile: boolean }[];
};

/** A register audit reviews policies, grouped by the pack they come from (permits, agreements…), named in words. */
function packTheme(pack: string): Theme {
  const label = labelOf(POLICY_PACK_LABEL, pack);
  return { id: pack, name: { en: translator("en")(label), fr: translator("fr")(label) } };
}

/** What is reviewed: the framework's requirements, or, for a register framework, the policies in scope. */
export async function auditItems(tx: Tx, audit: Audit): Promise<AuditItem[]> {
  const spec = REPORT_FRAMEWORKS[audit.framework as ReportFramework];
  const set = await organizationPolicySet(tx, { organizationId: audit.organizationId });
  const inScope = set.policies.filter((p) => policyInScope(p, audit.framework as ReportFramework));
  const counts = await findingCounts(
    tx,
    audit,
    inScope.map((p) => p.id),
  );
  const policyView = (id: string) => ({ id, title: set.byId.get(id)!.title, ...(counts.get(id) ?? { opened: 0, resolved: 0, open: 0 }) });
  if (!spec.catalogue)
    return inScope.map((p) => ({ id: p.id, title: p.title, theme: packTheme(p.pack), policies: [policyView(p.id)], evidence: [] }));
  const framework = catalogue().frameworks.find((f) => f.id === spec.catalogue)!;
  const evidence = await evidenceInPeriod(tx, audit, framework.id);
  const themes = new Map(
    framework.themes.map((t) => [t.id, { id: t.id, name: { en: localText(t.name, "en"), fr: localText(t.name, "fr") } }]),
  );
  return framework.requirements.map((r) => ({
    id: r.id,
    title: { en: localText(r.title, "en"), fr: localText(r.title, "fr") },
    theme: themes.get(r.theme)!,
    policies: inScope
      .filter((p) => p.references.some((ref) => ref.framework === framework.id && ref.requirement === r.id))
      .map((p) => policyView(p.id)),
    evidence: evidence.get(r.id) ?? [],
  }));
}

/** Per policy, the findings of the audit's period: opened in it, resolved in it, still open at its end. */
async function findingCounts(tx: Tx, audit: Audit, policyIds: string[]) {
  const counts = new Map<string, { opened: number; resolved: number; open: number }>();
  if (policyIds.length === 0) return counts;
  const start = `${audit.periodStart}T00:00:00Z`;
  const end = `${audit.periodEnd}T23:59:59.999Z`;
  const rows = rowsOf<{ policy_id: string; opened: number; resolved: number; open: number }>(
    await tx.execute(sql`
      select policy_id,
        count(*) filter (where first_seen_at between ${start}::timestamptz and ${end}::timestamptz)::int as opened,
        count(*) filter (where resolved_at between ${start}::timestamptz and ${end}::timestamptz)::int as resolved,
        count(*) filter (where first_seen_at <= ${end}::timestamptz and (resolved_at is null or resolved_at > ${end}::timestamptz))::int as open
      from findings where organization_id = ${audit.organizationId} and policy_id = ${anyText(policyIds)}
      group by policy_id`),
  );
  for (const row of rows) counts.set(row.policy_id, row);
  return counts;
}

async function evidenceInPeriod(tx: Tx, audit: Audit, frameworkId: string) {
  const rows = rowsOf<{
    id: string;
    requirement_id: string;
    title: string;
    kind: string;
    evidence_date: string;
    url: string | null;
    has_file: boolean;
  }>(
    await tx.execute(sql`
      select distinct on (lineage_id) id, requirement_id, title, kind, evidence_date::text as evidence_date, url,
        (file_sha256 is not null) as has_file
      from control_evidence
      where organization_id = ${audit.organizationId} and framework_id = ${frameworkId} and evidence_date <= ${audit.periodEnd}::date
        and (expires_on is null or expires_on >= ${audit.periodStart}::date)
      order by lineage_id, version desc`),
  );
  const byRequirement = new Map<string, AuditItem["evidence"]>();
  for (const row of rows)
    byRequirement.set(row.requirement_id, [
      ...(byRequirement.get(row.requirement_id) ?? []),
      { id: row.id, title: row.title, kind: row.kind, date: row.evidence_date, url: row.url, hasFile: row.has_file },
    ]);
  return byRequirement;
}

export async function reviewTrail(tx: Tx, params: OrgParams & { auditId: string }) {
  return tx
    .select()
    .from(auditReviews)
    .where(and(eq(auditReviews.organizationId, params.organizationId), eq(auditReviews.auditId, params.auditId)))
    .orderBy(asc(auditReviews.itemId), asc(auditReviews.id));
}

/** The latest verdict per item: accepted, flagged, or not reviewed yet (absent). */
export function verdicts(trail: { itemId: string; kind: ReviewKind }[]): Map<string, "accepted" | "flagged"> {
  const latest = new Map<string, "accepted" | "flagged">();
  for (const entry of trail) if (entry.kind !== "response") latest.set(entry.itemId, entry.kind);
  return latest;
}

async function isAssigned(tx: Tx, auditId: string, userId: string | null) {
  if (!userId) return false;
  const [row] = await tx
    .select({ userId: auditAuditors.userId })
    .from(auditAuditors)
    .where(and(eq(auditAuditors.auditId, auditId), eq(auditAuditors.userId, userId)));
  return !!row;
}

/**
 * Who hears of a review entry, within the audit's organisation only: a flag goes to its compliance officers and
 * admins, an answer to the audit's assigned auditors. An acceptance notifies nobody. The author is never told of
 * their own entry.
 */
async function reviewRecipients(tx: Tx, audit: Audit, kind: ReviewKind, authorUserId: string | null) {
  if (kind === "accepted") return [];
  const people =
    kind === "flagged"
      ? await tx
          .select({ userId: users.id, email: users.email, locale: users.locale })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.organizationId, audit.organizationId), inArray(memberships.role, ["compliance_officer", "admin"])))
      : await tx
          .select({ userId: users.id, email: users.email, locale: users.locale })
          .from(auditAuditors)
          .innerJoin(users, eq(users.id, auditAuditors.userId))
          .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, audit.organizationId)))
          .where(and(eq(auditAuditors.auditId, audit.id), eq(auditAuditors.organizationId, audit.organizationId)));
  return people.filter((p) => p.userId !== authorUserId);
}

/**
 * Adds a verdict (an assigned auditor accepts or flags an item) or an answer (the compliance officer or an admin
 * responds) to an open audit's trail; a flag or an answer creates the recipients' notifications in the same
 * transaction, and returns what to e-mail once it has committed (app/deadlines/personal.server.ts). Only an item's
 * latest review waits for someone: it settles the bell entries of those before it (an answer, the officers' flag; a
 * new verdict, the auditors' answer or the auditor's own earlier flag).
 */
export async function recordReview(
  tx: Tx,
  params: OrgParams & { auditId: string; itemId: string; kind: ReviewKind; comment: string; reviewer: Reviewer },
) {
  const found = await getAudit(tx, params);
  if (!found) throw new AuditError("audit", "audits.notFound");
  if (found.audit.status !== "open") throw new AuditError("audit", "audits.closedAudit");
  const items = await auditItems(tx, found.audit);
  if (!items.some((i) => i.id === params.itemId)) throw new AuditError("itemId", "audits.itemInvalid");
  const verdict = params.kind !== "response";
  if (verdict && (params.reviewer.role !== "auditor" || !(await isAssigned(tx, found.audit.id, params.reviewer.userId))))
    throw new AuditError("kind", "audits.notAssigned");
  if (!verdict && params.reviewer.role !== "compliance_officer" && params.reviewer.role !== "admin")
    throw new AuditError("kind", "audits.notOfficer");
  const [entry] = await tx
    .insert(auditReviews)
    .values({
      organizationId: params.organizationId,
      auditId: found.audit.id,
      itemId: params.itemId,
      kind: params.kind,
      comment: params.comment,
      authorUserId: params.reviewer.userId,
      authorLabel: params.reviewer.label,
      authorRole: params.reviewer.role,
    })
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.reviewer,
    action: `audit.${params.kind}`,
    entityType: "audit",
    entityId: found.audit.id,
    after: { itemId: params.itemId, kind: params.kind, comment: params.comment },
  });
  const earlier = await tx
    .select({ id: auditReviews.id })
    .from(auditReviews)
    .where(and(eq(auditReviews.auditId, found.audit.id), eq(auditReviews.itemId, params.itemId), sql`${auditReviews.id} < ${entry!.id}`));
  await settleNotifications(tx, { organizationId: params.organizationId, keys: earlier.map((r) => reviewNotificationKey(r.id)) });
  const recipients = await reviewRecipients(tx, found.audit, params.kind, params.reviewer.userId);
  // ?item= opens the workspace's page that holds the control (app/routes/_app.audits.$auditId.tsx).
  const item = encodeURIComponent(params.itemId);
  const values = { title: found.audit.title, id: params.itemId, author: params.reviewer.label };
  const outbox = await notifyPeople(tx, {
    organizationId: params.organizationId,
    people: recipients,
    kind: params.kind === "flagged" ? "audit_flagged" : "audit_answered",
    key: reviewNotificationKey(entry!.id),
    title: `${params.itemId} — ${found.audit.title}`,
    link: `/audits/${found.audit.id}?item=${item}#item-${item}`,
    mail: {
      subject: { key: "audits.notifications.mailSubject", values },
      body: { key: "audits.notifications.mailBody", values },
      quote: params.comment,
    },
  });
  return { entry: entry!, outbox };
}

/** The bell entry of a review, one per person it told. */
const reviewNotificationKey = (reviewId: number | string) => `audit-review:${reviewId}`;

/** Closing an audit settles every entry its trail created: nothing in it waits any more. */
export async function closeAudit(tx: Tx, params: OrgParams & { auditId: string; actor: Actor }) {
  const [closed] = await tx
    .update(audits)
    .set({ status: "closed", closedAt: clock.now() })
    .where(and(eq(audits.organizationId, params.organizationId), eq(audits.id, params.auditId), eq(audits.status, "open")))
    .returning();
  if (!closed) return null;
  const trail = await tx.select({ id: auditReviews.id }).from(auditReviews).where(eq(auditReviews.auditId, closed.id));
  await settleNotifications(tx, { organizationId: params.organizationId, keys: trail.map((r) => reviewNotificationKey(r.id)) });
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "audit.close",
    entityType: "audit",
    entityId: closed.id,
    before: { status: "open" },
    after: { status: "closed" },
  });
  return closed;
}
