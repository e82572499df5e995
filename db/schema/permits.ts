import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { assets } from "./inventory";
import { organizations } from "./identity";
import * as clock from "../../app/config/clock";

export const PERMIT_TYPES = ["icpe", "building", "occupancy", "grid_connection", "water_withdrawal", "generator_fuel", "noise"] as const;
export type PermitType = (typeof PERMIT_TYPES)[number];
export const PERMIT_STATUSES = ["applied", "granted", "suspended", "expired", "withdrawn"] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

export type PermitConditions = {
  max_power_mw?: number | undefined;
  max_generator_hours_per_year?: number | undefined;
  max_noise_db?: number | undefined;
  max_water_m3_per_year?: number | undefined;
  text?: string | undefined;
};

/** Authorisations a site operates under, with the limits they set. */
export const permits = pgTable(
  "permits",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    siteId: uuid()
      .notNull()
      .references(() => assets.id),
    type: text().$type<PermitType>().notNull(),
    authority: text().notNull(),
    reference: text().notNull(),
    issuedOn: date({ mode: "string" }),
    expiresOn: date({ mode: "string" }),
    status: text().$type<PermitStatus>().notNull(),
    conditions: jsonb().$type<PermitConditions>().notNull().default({}),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    index("permits_org_site_idx").on(t.organizationId, t.siteId),
    index("permits_org_expiry_idx").on(t.organizationId, t.expiresOn),
    check(
      "permits_type_check",
      sql`${t.type} in ('icpe','building','occupancy','grid_connection','water_withdrawal','generator_fuel','noise')`,
    ),
    check("permits_status_check", sql`${t.status} in ('applied','granted','suspended','expired','withdrawn')`),
    check("permits_dates_check", sql`${t.issuedOn} is null or ${t.expiresOn} is null or ${t.expiresOn} >= ${t.issuedOn}`),
  ],
);
export type Permit = typeof permits.$inferSelect;

/** The permit itself (the prefectoral order, the signed convention) and its attachments. */
export const permitDocuments = pgTable(
  "permit_documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    permitId: uuid()
      .notNull()
      .references(() => permits.id),
    title: text().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    contentType: text().notNull(),
    authorLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("permit_documents_permit_idx").on(t.permitId)],
);
