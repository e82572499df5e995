import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, tenants, users } from "./identity";
import * as clock from "../../app/config/clock";

/** External companies that sign agreements: GPU-cloud partners, investors, suppliers. */
export const counterparties = pgTable(
  "counterparties",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    name: text().notNull(),
    registrationCountry: text().notNull(),
    /** Sovereignty is not location: where the company is headquartered decides which laws reach it. */
    headquartersCountry: text().notNull(),
    subProcessors: jsonb().$type<{ name: string; country: string; access: string }[]>().notNull().default([]),
    /** Archived: no longer offered for new agreements; kept on the agreements that name it. */
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [uniqueIndex("counterparties_org_name_key").on(t.organizationId, t.name)],
);
export type Counterparty = typeof counterparties.$inferSelect;

export const AGREEMENT_TYPES = ["msa", "colocation", "gpu_capacity", "licence", "nda", "dpa", "scc", "partnership", "financing"] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

/** An agreement; what it says lives in its versions (every amendment is a new version). */
export const agreements = pgTable(
  "agreements",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    title: text().notNull(),
    type: text().$type<AgreementType>().notNull(),
    currentVersion: integer().notNull(),
    /** Tenants among the current version's parties, so that a tenant member sees its own agreements only. */
    tenantIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("agreements_org_idx").on(t.organizationId), index("agreements_tenants_idx").using("gin", t.tenantIds)],
);
export type Agreement = typeof agreements.$inferSelect;

export const agreementVersions = pgTable(
  "agreement_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id),
    version: integer().notNull(),
    /** The whole content of this version (parties, terms, clauses, obligations), validated by AgreementContent. */
    content: jsonb().$type<Record<string, unknown>>().notNull(),
    note: text().notNull().default(""),
    authorUserId: uuid().references(() => users.id),
    authorLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [uniqueIndex("agreement_versions_key").on(t.agreementId, t.version), check("agreement_versions_positive", sql`${t.version} >= 1`)],
);
export type AgreementVersion = typeof agreementVersions.$inferSelect;

/** The signed agreement and its annexes, per version; the bytes live in the organisation's file store. */
export const agreementDocuments = pgTable(
  "agreement_documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id),
    version: integer().notNull(),
    kind: text().$type<"signed" | "annex">().notNull(),
    title: text().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    contentType: text().notNull(),
    authorLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    index("agreement_documents_agreement_idx").on(t.agreementId, t.version),
    check("agreement_documents_kind_check", sql`${t.kind} in ('signed','annex')`),
  ],
);
export type AgreementDocument = typeof agreementDocuments.$inferSelect;

/** Locations added to a tenant's residency profile by hand, each with its justification (e.g. a written instruction). */
export const residencyEntries = pgTable(
  "residency_entries",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    allowed: jsonb().$type<string[]>().notNull(),
    justification: text().notNull(),
    authorLabel: text().notNull(),
    removedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("residency_entries_tenant_idx").on(t.organizationId, t.tenantId)],
);

/**
 * An obligation's status changed outside an amendment (delivered, reopened), with a note on the evidence. The
 * latest one per (agreement, version, obligation) wins over the status written in that version.
 */
export const obligationUpdates = pgTable(
  "obligation_updates",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id),
    version: integer().notNull(),
    obligationIndex: integer().notNull(),
    status: text().$type<"open" | "done">().notNull(),
    note: text().notNull().default(""),
    authorUserId: uuid().references(() => users.id),
    authorLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    index("obligation_updates_agreement_idx").on(t.agreementId, t.version, t.obligationIndex, t.createdAt),
    check("obligation_updates_status_check", sql`${t.status} in ('open','done')`),
  ],
);
