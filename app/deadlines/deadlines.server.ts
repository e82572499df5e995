import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { assets, controlRecords, permits, type DeadlineKind, type Threshold } from "../../db/schema";
import { listAgreements } from "../agreements/agreements.server";
import type { AppAbility, SubjectName } from "../auth/ability";
import { termDates, type AgreementContent } from "../agreements/content";
import { renewalDue } from "../permits/permit-schema";
import { controlPath } from "../controls/soa-query";
import { frameworkShortName } from "../controls/catalogue.server";
import { translator, type Locale } from "../i18n/i18n";
import * as clock from "../config/clock";

export type Deadline = {
  /** Stable identity of the deadline: a notification is sent once per key and threshold. */
  key: string;
  kind: DeadlineKind;
  title: string;
  dueOn: string;
  link: string;
};

const DAY = 86_400_000;

const controlKey = (frameworkId: string, requirementId: string, dueOn: string) => `control:${frameworkId}:${requirementId}:review:${dueOn}`;

/**
 * A deadline's subject in the reader's words (e-mail, calendar, pages): a control review names its framework as the
 * reader's language does, read from its key (the stored title keeps the catalogue id); any other title is the
 * record's own (a permit reference and site, an agreement's title, an evidence's title).
 */
export function deadlineTitle(deadline: { kind: DeadlineKind; key: string; title: string }, locale: Locale): string {
  const parts = deadline.key.split(":");
  if (deadline.kind !== "control_review" || parts.length < 5 || parts[0] !== "control") return deadline.title;
  const requirement = parts.slice(2, -2).join(":");
  return translator(locale)("deadlines.controlTitle", { id: requirement, framework: frameworkShortName(parts[1]!, locale) });
}

/**
 * Deadlines belong to the operator's registers: a member hears of them (page, bell, e-mail, calendar feed) only while
 * their role reads permits or controls. A tenant member does not. The one rule the pages and the feed share.
 */
export function readsDeadlines(ability: AppAbility): boolean {
  return ability.can("read", "Permit") || ability.can("read", "Control");
}

const SUBJECT_OF: Record<DeadlineKind, SubjectName> = {
  permit_expiry: "Permit",
  permit_renewal: "Permit",
  control_review: "Control",
  evidence_expiry: "Control",
  agreement_notice: "Agreement",
  agreement_expiry: "Agreement",
  obligation_due: "Agreement",
};

/** The deadlines a member may see now: none unless their role reads deadlines, then those of registers it reads. */
export function deadlinesSeenBy(ability: AppAbility, deadlines: Deadline[]): Deadline[] {
  if (!readsDeadlines(ability)) return [];
  return deadlines.filter((d) => ability.can("read", SUBJECT_OF[d.kind]));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The notification step a deadline has reached: 90, 30 or 7 days ahead, or overdue. */
export function thresholdFor(dueOn: string, today: string): Threshold | null {
  const days = daysBetween(today, dueOn);
  if (days < 0) return "overdue";
  if (days <= 7) return "7";
  if (days <= 30) return "30";
  if (days <= 90) return "90";
  return null;
}

/** Every dated obligation of the organisation's registers, in due order. */
export async function collectDeadlines(tx: Tx, organizationId: string): Promise<Deadline[]> {
  const deadlines: Deadline[] = [];
  const permitRows = await tx
    .select({ permit: permits, siteName: assets.name })
    .from(permits)
    .innerJoin(assets, eq(assets.id, permits.siteId))
    .where(and(eq(permits.organizationId, organizationId), isNull(permits.archivedAt), ne(permits.status, "withdrawn")));
  for (const { permit, siteName } of permitRows) {
    if (!permit.expiresOn) continue;
    const title = `${permit.reference} (${siteName})`;
    const link = `/permits/${permit.id}`;
    deadlines.push({ key: `permit:${permit.id}:expiry:${permit.expiresOn}`, kind: "permit_expiry", title, dueOn: permit.expiresOn, link });
    const due = renewalDue(permit.type, permit.expiresOn);
    if (due) deadlines.push({ key: `permit:${permit.id}:renewal:${due}`, kind: "permit_renewal", title, dueOn: due, link });
  }
  const reviews = await tx
    .select()
    .from(controlRecords)
    .where(
      and(
        eq(controlRecords.organizationId, organizationId),
        eq(controlRecords.applicable, true),
        sql`${controlRecords.nextReviewOn} is not null`,
      ),
    );
  for (const r of reviews) {
    deadlines.push({
      key: controlKey(r.frameworkId, r.requirementId, r.nextReviewOn!),
      kind: "control_review",
      title: `${r.requirementId} (${r.frameworkId})`,
      dueOn: r.nextReviewOn!,
      link: controlPath(r.frameworkId, r.requirementId),
    });
  }
  // Only the newest version of each evidence lineage can expire: older ones were renewed.
  const evidence = await tx.execute(sql`
    select distinct on (lineage_id) id, framework_id, requirement_id, title, expires_on::text as expires_on
    from control_evidence where organization_id = ${organizationId}
    order by lineage_id, version desc`);
  type EvidenceRow = { id: string; framework_id: string; requirement_id: string; title: string; expires_on: string | null };
  for (const e of rowsOf<EvidenceRow>(evidence)) {
    if (!e.expires_on) continue;
    deadlines.push({
      key: `evidence:${e.id}:expiry:${e.expires_on}`,
      kind: "evidence_expiry",
      title: `${e.title} — ${e.requirement_id}`,
      dueOn: e.expires_on,
      link: controlPath(e.framework_id, e.requirement_id),
    });
  }
  const today = clock.today();
  for (const { agreement, content } of await listAgreements(tx, { organizationId })) {
    const c = content as AgreementContent;
    const link = `/agreements/${agreement.id}`;
    const { endsOn, noticeBy } = termDates(c.terms, today);
    if (noticeBy)
      deadlines.push({
        key: `agreement:${agreement.id}:notice:${noticeBy}`,
        kind: "agreement_notice",
        title: agreement.title,
        dueOn: noticeBy,
        link,
      });
    if (endsOn && !c.terms.autoRenew)
      deadlines.push({
        key: `agreement:${agreement.id}:expiry:${endsOn}`,
        kind: "agreement_expiry",
        title: agreement.title,
        dueOn: endsOn,
        link,
      });
    c.obligations.forEach((o, i) => {
      if (o.status === "done" || !o.dueOn) return;
      deadlines.push({
        key: `agreement:${agreement.id}:obligation:${i}:${o.dueOn}`,
        kind: "obligation_due",
        title: `${o.text.slice(0, 80)} — ${agreement.title}`,
        dueOn: o.dueOn,
        link,
      });
    });
  }
  return deadlines.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}
