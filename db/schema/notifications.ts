import { boolean, date, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity";
import * as clock from "../../app/config/clock";

export const DEADLINE_KINDS = [
  "permit_expiry",
  "permit_renewal",
  "control_review",
  "evidence_expiry",
  "agreement_notice",
  "agreement_expiry",
  "obligation_due",
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
/**
 * Notifications addressed to one person about work waiting for them or about their own request
 * (app/deadlines/personal.server.ts): an auditor flagged a control (to the compliance officers and admins), a
 * compliance officer answered (to the audit's auditors), a four-eyes exception waits for a second person (to the
 * other compliance officers and admins), a request was decided (to its requester). Not deadlines: no due date, no
 * threshold, and not subject to the deadline preferences.
 */
export const PERSONAL_NOTIFICATION_KINDS = ["audit_flagged", "audit_answered", "exception_requested", "exception_decided"] as const;
export type PersonalNotificationKind = (typeof PERSONAL_NOTIFICATION_KINDS)[number];
export type NotificationKind = DeadlineKind | PersonalNotificationKind;
export const isPersonalNotificationKind = (kind: string): kind is PersonalNotificationKind =>
  (PERSONAL_NOTIFICATION_KINDS as readonly string[]).includes(kind);
export const THRESHOLDS = ["90", "30", "7", "overdue"] as const;
export type Threshold = (typeof THRESHOLDS)[number];

/** What each member wants to be told about, and whether by e-mail too. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kinds: jsonb().$type<DeadlineKind[]>().notNull(),
    email: boolean().notNull().default(false),
    /** E-mails of what is addressed to this person (a flag, an answer, an exception to decide, a decision): on by default. */
    personalEmail: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

/**
 * One deadline reaching one threshold, for one member: never sent twice. Personal notifications (PERSONAL_NOTIFICATION_KINDS)
 * have no threshold nor due date; their key names the review entry, so each is created once too.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text().$type<NotificationKind>().notNull(),
    deadlineKey: text().notNull(),
    threshold: text().$type<Threshold>(),
    title: text().notNull(),
    dueOn: date({ mode: "string" }),
    link: text().notNull(),
    readAt: timestamp({ withTimezone: true }),
    emailedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    uniqueIndex("notifications_once_key").on(t.userId, t.organizationId, t.deadlineKey, t.threshold),
    index("notifications_user_idx").on(t.organizationId, t.userId, t.createdAt),
  ],
);

/** The secret address of a member's deadline calendar (stored hashed). */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);
