import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import type { DeadlineKind, Role } from "../../db/schema";
import type { AppAbility } from "../auth/ability";
import { daysBetween, deadlineTitle, deadlinesSeenBy, type Deadline } from "../deadlines/deadlines.server";
import type { Locale } from "../i18n/i18n";
import { listPendingExceptions } from "../policy-engine/exception-requests.server";
import { ACTION_HORIZON_DAYS, DEADLINE_WINDOW_DAYS } from "./horizons";

/**
 * What the dashboard asks its reader to do next, in date order: the registers' deadlines (permits, evidence, control
 * reviews, agreements' notice dates and obligations — app/deadlines/deadlines.server.ts computes them for the
 * e-mails, the calendar feed and the notifications page too: one rule), finding exceptions about to lapse, and
 * controls an auditor flagged in an open audit.
 *
 * Extension point: a new kind of action is one more source below (a function of the reader's context answering
 * NextAction rows) and one label in NEXT_ACTION_KIND_LABEL (app/i18n/labels.ts). Exceptions awaiting a second
 * person's approval (four eyes: app/policy-engine/exception-requests.server.ts) are `exception_pending`, dated by
 * their request, for those who may decide them and did not ask; policy parameter overrides (app/policy-engine/overrides.server.ts) have no expiry, so nothing of theirs is due.
 */
export type NextActionKind = DeadlineKind | "exception_expiry" | "exception_pending" | "audit_flag";

export type NextAction = {
  /** Stable and unique among the actions (a React key; a deadline's own key). */
  key: string;
  kind: NextActionKind;
  /** The subject in the reader's words or the record's own (a permit reference, a finding's message). */
  title: string;
  /** The date it is due, or, for a flag, the day it was raised. */
  on: string;
  /** Days from today to `on`: negative when overdue (or raised that many days ago). */
  days: number;
  /** Where to act. */
  link: string;
  /** A flag the compliance officer has answered since: it waits for the auditor now. */
  answered?: boolean;
};

export type ActionReader = {
  organizationId: string;
  ability: AppAbility;
  role: Role;
  userId: string;
  locale: Locale;
  today: string;
};

/** The registers' deadlines this reader may see, each with its days from today and its title in their words. */
export function deadlinesFor(reader: ActionReader, all: Deadline[]) {
  return deadlinesSeenBy(reader.ability, all).map((d) => ({
    ...d,
    title: deadlineTitle(d, reader.locale),
    days: daysBetween(reader.today, d.dueOn),
  }));
}
export type ReaderDeadline = ReturnType<typeof deadlinesFor>[number];

function fromDeadlines(deadlines: ReaderDeadline[]): NextAction[] {
  return deadlines
    .filter((d) => d.days <= ACTION_HORIZON_DAYS)
    .map((d) => ({ key: d.key, kind: d.kind, title: d.title, on: d.dueOn, days: d.days, link: d.link }));
}

/** Exceptions still holding that lapse within the horizon (or should have lapsed already): decide to renew or fix. */
async function expiringExceptions(tx: Tx, reader: ActionReader): Promise<NextAction[]> {
  if (!reader.ability.can("read", "Finding")) return [];
  const rows = rowsOf<{ id: string; finding_id: string; expires_on: string; resource_name: string; message: { en: string; fr?: string } }>(
    await tx.execute(sql`
      select e.id, e.finding_id, e.expires_on::text as expires_on, f.resource_name, f.message
      from finding_exceptions e join findings f on f.id = e.finding_id
      where e.organization_id = ${reader.organizationId} and e.ended_at is null
        and e.expires_on <= ${reader.today}::date + ${ACTION_HORIZON_DAYS}::int`),
  );
  return rows.map((r) => ({
    key: `exception:${r.id}`,
    kind: "exception_expiry",
    title: `${r.message[reader.locale] ?? r.message.en} — ${r.resource_name}`,
    on: r.expires_on,
    days: daysBetween(reader.today, r.expires_on),
    link: `/findings/${r.finding_id}`,
  }));
}

/** Four-eyes requests this reader may decide (not their own), on findings still open: dated by the request. */
async function pendingExceptions(tx: Tx, reader: ActionReader): Promise<NextAction[]> {
  if (!reader.ability.can("update", "ExceptionRequest")) return [];
  const rows = await listPendingExceptions(tx, { organizationId: reader.organizationId });
  return rows
    .filter((r) => r.requestedByUserId !== reader.userId)
    .map((r) => {
      const on = r.requestedAt.toISOString().slice(0, 10);
      return {
        key: `exception-request:${r.id}`,
        kind: "exception_pending",
        title: `${r.message[reader.locale] ?? r.message.en} — ${r.resourceName}`,
        on,
        days: daysBetween(reader.today, on),
        link: "/findings?tab=pending",
      };
    });
}

/**
 * Items of open audits whose latest verdict is a flag (the rule of the audits list and the audit page:
 * app/audits/audits.server.ts `verdicts`): dated by that flag. An auditor sees those of the audits assigned to them,
 * as on the audits list.
 */
async function flaggedAuditItems(tx: Tx, reader: ActionReader): Promise<NextAction[]> {
  if (!reader.ability.can("read", "Audit")) return [];
  const assigned =
    reader.role === "auditor"
      ? sql`and exists (select 1 from audit_auditors aa where aa.audit_id = a.id and aa.user_id = ${reader.userId})`
      : sql``;
  const rows = rowsOf<{ audit_id: string; title: string; item_id: string; flagged_on: string; answered: boolean }>(
    await tx.execute(sql`
      select v.audit_id, a.title, v.item_id, (v.created_at at time zone 'UTC')::date::text as flagged_on,
        exists (select 1 from audit_reviews r where r.audit_id = v.audit_id and r.item_id = v.item_id
                and r.kind = 'response' and r.id > v.id) as answered
      from (select distinct on (audit_id, item_id) id, audit_id, item_id, kind, created_at
            from audit_reviews where organization_id = ${reader.organizationId} and kind <> 'response'
            order by audit_id, item_id, id desc) v
      join audits a on a.id = v.audit_id
      where v.kind = 'flagged' and a.status = 'open' and a.organization_id = ${reader.organizationId} ${assigned}`),
  );
  return rows.map((r) => {
    const on = r.flagged_on;
    return {
      key: `audit:${r.audit_id}:${r.item_id}`,
      kind: "audit_flag",
      title: `${r.item_id} — ${r.title}`,
      on,
      days: daysBetween(reader.today, on),
      link: `/audits/${r.audit_id}?show=flagged#item-${encodeURIComponent(r.item_id)}`,
      answered: r.answered,
    };
  });
}

const KIND_ORDER: NextActionKind[] = [
  "audit_flag",
  "exception_pending",
  "obligation_due",
  "agreement_notice",
  "agreement_expiry",
  "permit_expiry",
  "permit_renewal",
  "evidence_expiry",
  "exception_expiry",
  "control_review",
];

/** Earliest first; on one day, in a fixed order of kinds, then by title and key so that the order never wavers. */
export function byDate(a: NextAction, b: NextAction): number {
  return (
    a.on.localeCompare(b.on) ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    a.title.localeCompare(b.title) ||
    a.key.localeCompare(b.key)
  );
}

/** Every next action of this reader, in date order; `deadlines` are theirs (deadlinesFor), read once per page. */
export async function nextActions(tx: Tx, reader: ActionReader, deadlines: ReaderDeadline[]): Promise<NextAction[]> {
  const sources = [
    fromDeadlines(deadlines),
    await expiringExceptions(tx, reader),
    await pendingExceptions(tx, reader),
    await flaggedAuditItems(tx, reader),
  ];
  return sources.flat().sort(byDate);
}

/** Deadlines overdue, due within 30 days and within 90 days (the last includes the second), and those from 31 to 90. */
export function deadlineWindows(deadlines: ReaderDeadline[]) {
  const ahead = deadlines.filter((d) => d.days >= 0 && d.days <= DEADLINE_WINDOW_DAYS);
  return {
    overdue: deadlines.filter((d) => d.days < 0).length,
    within30: ahead.filter((d) => d.days <= ACTION_HORIZON_DAYS).length,
    within90: ahead.length,
    later: ahead.filter((d) => d.days > ACTION_HORIZON_DAYS),
  };
}
