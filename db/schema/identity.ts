import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import * as clock from "../../app/config/clock";

export const ROLES = ["admin", "compliance_officer", "legal", "auditor", "tenant_member"] as const;
export type Role = (typeof ROLES)[number];

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
};

/** The operators: each is a fully isolated customer of Attest. */
export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  country: text().notNull(),
  /** Severities whose exceptions a second person must approve (four eyes): the requester cannot approve. */
  fourEyesSeverities: text()
    .array()
    .$type<("critical" | "high" | "medium" | "low")[]>()
    .notNull()
    .default(sql`'{critical,high}'::text[]`),
  /**
   * Changes (to a random value, so a restored backup never repeats one) in the transaction of every evaluation run
   * that changed a policy result: what their counts are keyed by.
   */
  resultsVersion: uuid().notNull().defaultRandom(),
  ...timestamps,
});
export type Organization = typeof organizations.$inferSelect;

export type TenantContact = { name: string; email: string; role?: string | undefined };

/** The operator's colocation customers. */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    slug: text().notNull(),
    legalName: text().notNull(),
    country: text().notNull(),
    registrationNumber: text().notNull(),
    contacts: jsonb().$type<TenantContact[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("tenants_org_slug_key").on(t.organizationId, t.slug),
    uniqueIndex("tenants_org_legal_name_key").on(t.organizationId, t.legalName),
  ],
);
export type Tenant = typeof tenants.$inferSelect;

/** People. Identity is global; what a user may see comes from memberships. */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text(),
    locale: text(),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);
export type User = typeof users.$inferSelect;

export const memberships = pgTable(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    role: text().$type<Role>().notNull(),
    tenantId: uuid().references(() => tenants.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("memberships_org_user_key").on(t.organizationId, t.userId),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", sql`${t.role} in ('admin','compliance_officer','legal','auditor','tenant_member')`),
    check("memberships_tenant_iff_tenant_member", sql`(${t.role} = 'tenant_member') = (${t.tenantId} is not null)`),
  ],
);
export type Membership = typeof memberships.$inferSelect;

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    email: text().notNull(),
    role: text().$type<Role>().notNull(),
    tenantId: uuid().references(() => tenants.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    invitedByUserId: uuid()
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("invitations_org_idx").on(t.organizationId),
    check("invitations_role_check", sql`${t.role} in ('admin','compliance_officer','legal','auditor','tenant_member')`),
    check("invitations_tenant_iff_tenant_member", sql`(${t.role} = 'tenant_member') = (${t.tenantId} is not null)`),
  ],
);
export type Invitation = typeof invitations.$inferSelect;

export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    activeOrganizationId: uuid().references(() => organizations.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
export type Session = typeof sessions.$inferSelect;

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("login_attempts_lookup_idx").on(t.email, t.ip, t.createdAt)],
);
