import { sql } from "drizzle-orm";
import { bigint, check, date, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity";
import * as clock from "../../app/config/clock";

/** An audit: a framework, a period and the auditors who review it. */
export const audits = pgTable(
  "audits",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    title: text().notNull(),
    framework: text().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    status: text().$type<"open" | "closed">().notNull().default("open"),
    createdByLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("audits_org_idx").on(t.organizationId, t.createdAt),
    check("audits_status_check", sql`${t.status} in ('open','closed')`),
    check("audits_period_check", sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);
export type Audit = typeof audits.$inferSelect;

export const auditAuditors = pgTable(
  "audit_auditors",
  {
    auditId: uuid()
      .notNull()
      .references(() => audits.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    addedByLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [primaryKey({ columns: [t.auditId, t.userId] })],
);

export const REVIEW_KINDS = ["accepted", "flagged", "response"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/**
 * The review trail of an audit, one entry per verdict or answer, never edited: an auditor accepts or flags a control
 * with a comment, the compliance officer answers; a control's state is its latest verdict.
 */
export const auditReviews = pgTable(
  "audit_reviews",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    auditId: uuid()
      .notNull()
      .references(() => audits.id),
    itemId: text().notNull(),
    kind: text().$type<ReviewKind>().notNull(),
    comment: text().notNull(),
    authorUserId: uuid().references(() => users.id),
    authorLabel: text().notNull(),
    authorRole: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    index("audit_reviews_audit_idx").on(t.auditId, t.itemId, t.id),
    check("audit_reviews_kind_check", sql`${t.kind} in ('accepted','flagged','response')`),
  ],
);
export type AuditReview = typeof auditReviews.$inferSelect;
