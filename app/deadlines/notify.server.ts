import { and, eq, inArray } from "drizzle-orm";
import { withSystem, type Db, type Tx } from "../../db/connection.server";
import {
  memberships,
  notificationPreferences,
  notifications,
  organizations,
  users,
  type DeadlineKind,
  type Role,
  type Threshold,
} from "../../db/schema";
import { DEADLINE_KINDS } from "../../db/schema/notifications";
import { translator, isLocale } from "../i18n/i18n";
import { collectDeadlines, deadlineTitle, thresholdFor } from "./deadlines.server";
import type { Mailer } from "./mailer.server";
import * as clock from "../config/clock";
import { DEADLINE_KIND_LABEL, DEADLINE_THRESHOLD_LABEL } from "../i18n/labels";

/** What a member hears about until they choose otherwise. */
export const DEFAULT_KINDS: Record<Role, readonly DeadlineKind[]> = {
  admin: DEADLINE_KINDS,
  compliance_officer: DEADLINE_KINDS,
  legal: ["permit_expiry", "permit_renewal", "agreement_notice", "agreement_expiry", "obligation_due"],
  auditor: [],
  tenant_member: [],
};

export async function preferencesOf(tx: Tx, organizationId: string, userId: string, role: Role) {
  const [stored] = await tx
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.organizationId, organizationId), eq(notificationPreferences.userId, userId)));
  return stored
    ? { kinds: stored.kinds, email: stored.email, personalEmail: stored.personalEmail }
    : { kinds: [...DEFAULT_KINDS[role]], email: false, personalEmail: true };
}

export type NotifyReport = { created: number; emailed: number };

/**
 * Creates the notifications due today for every member of every organisation (once per deadline and threshold),
 * and e-mails those who asked for it. Safe to run as often as wanted.
 */
export async function runDeadlineNotifications(db: Db, params: { now: Date; mailer: Mailer; baseUrl: string }): Promise<NotifyReport> {
  const today = params.now.toISOString().slice(0, 10);
  const report = { created: 0, emailed: 0 };
  const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations);
  for (const org of orgs) {
    const outbox = await withSystem(db, async (tx) => {
      const due = (await collectDeadlines(tx, org.id))
        .map((d) => ({ ...d, threshold: thresholdFor(d.dueOn, today) }))
        .filter((d) => d.threshold !== null);
      if (due.length === 0) return [];
      const members = await tx
        .select({ userId: users.id, email: users.email, locale: users.locale, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, org.id), inArray(memberships.role, ["admin", "compliance_officer", "legal", "auditor"])));
      const mails = [];
      for (const member of members) {
        const prefs = await preferencesOf(tx, org.id, member.userId, member.role);
        const mine = due.filter((d) => prefs.kinds.includes(d.kind));
        if (mine.length === 0) continue;
        const inserted = await tx
          .insert(notifications)
          .values(
            mine.map((d) => ({
              organizationId: org.id,
              userId: member.userId,
              kind: d.kind,
              deadlineKey: d.key,
              threshold: d.threshold!,
              title: d.title,
              dueOn: d.dueOn,
              link: d.link,
            })),
          )
          .onConflictDoNothing()
          .returning();
        report.created += inserted.length;
        if (prefs.email && inserted.length > 0) mails.push({ member, items: inserted });
      }
      return mails;
    });
    for (const { member, items } of outbox) {
      const locale = isLocale(member.locale) ? member.locale : "en";
      const t = translator(locale);
      // This job inserts deadline notifications only: a kind, a due date and a threshold each.
      const deadlineItems = items as ((typeof items)[number] & { kind: DeadlineKind; dueOn: string; threshold: Threshold })[];
      const lines = deadlineItems.map(
        (n) =>
          `${t("deadlines.mailLine", {
            kind: t(DEADLINE_KIND_LABEL[n.kind]),
            title: deadlineTitle({ kind: n.kind, key: n.deadlineKey, title: n.title }, locale),
            date: n.dueOn,
            threshold: t(DEADLINE_THRESHOLD_LABEL[n.threshold]),
          })}\n  ${params.baseUrl}${n.link}`,
      );
      await params.mailer.send({
        to: member.email,
        subject: t("deadlines.mailSubject", { organization: org.name, count: items.length }),
        text: lines.join("\n"),
      });
      await db
        .update(notifications)
        .set({ emailedAt: clock.now() })
        .where(
          inArray(
            notifications.id,
            items.map((n) => n.id),
          ),
        );
      report.emailed += 1;
    }
  }
  return report;
}
