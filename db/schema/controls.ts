import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations, users } from "./identity";
import * as clock from "../../app/config/clock";

export const CONTROL_STATUSES = ["not_started", "partial", "implemented", "not_applicable"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** One organisation's Statement of Applicability entry for one requirement of a framework. */
export const controlRecords = pgTable(
  "control_records",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    frameworkId: text().notNull(),
    requirementId: text().notNull(),
    applicable: boolean().notNull().default(true),
    justification: text().notNull().default(""),
    status: text().$type<ControlStatus>().notNull().default("not_started"),
    ownerUserId: uuid().references(() => users.id),
    reviewIntervalMonths: integer().notNull().default(12),
    nextReviewOn: date({ mode: "string" }),
    linkedPolicies: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    uniqueIndex("control_records_org_requirement_key").on(t.organizationId, t.frameworkId, t.requirementId),
    check("control_records_status_check", sql`${t.status} in ('not_started','partial','implemented','not_applicable')`),
    check("control_records_review_interval_check", sql`${t.reviewIntervalMonths} between 1 and 60`),
  ],
);
export type ControlRecord = typeof controlRecords.$inferSelect;

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/** Uploaded evidence content, stored once per organisation and SHA-256. */
export const evidenceFiles = pgTable(
  "evidence_files",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    sha256: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    contentType: text().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.sha256] })],
);

/**
 * Evidence for a requirement: a file or a link. Renewing evidence adds a version to its lineage; every version is
 * kept, and the newest one of a lineage is the current one.
 */
export const controlEvidence = pgTable(
  "control_evidence",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    frameworkId: text().notNull(),
    requirementId: text().notNull(),
    lineageId: uuid().notNull(),
    version: integer().notNull(),
    kind: text().$type<"file" | "link">().notNull(),
    title: text().notNull(),
    url: text(),
    fileSha256: text(),
    fileName: text(),
    evidenceDate: date({ mode: "string" }).notNull(),
    expiresOn: date({ mode: "string" }),
    authorUserId: uuid().references(() => users.id),
    authorLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    uniqueIndex("control_evidence_lineage_version_key").on(t.lineageId, t.version),
    index("control_evidence_org_requirement_idx").on(t.organizationId, t.frameworkId, t.requirementId),
    check(
      "control_evidence_kind_check",
      sql`(${t.kind} = 'file' and ${t.fileSha256} is not null) or (${t.kind} = 'link' and ${t.url} is not null)`,
    ),
  ],
);
export type ControlEvidence = typeof controlEvidence.$inferSelect;
