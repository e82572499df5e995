import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./controls";
import { organizations, tenants, users } from "./identity";
import * as clock from "../../app/config/clock";

/**
 * A signed residency attestation: the PDF as issued (never regenerated), the signature it carries, and what it
 * attests. The verification code is public: anyone holding the document can check it at /verify/{code}.
 */
export const attestations = pgTable(
  "attestations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    code: text().notNull().unique(),
    language: text().$type<"en" | "fr">().notNull(),
    /** The instant the document attests; the state is the one judged by `runId`. */
    attestedAt: timestamp({ withTimezone: true }).notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    issuedByLabel: text().notNull(),
    runId: uuid().notNull(),
    inventoryDigest: text().notNull(),
    /** The audit chain head the document saw (seq and hash of the organisation's newest entry); null before 0034. */
    auditHeadSeq: bigint({ mode: "number" }),
    auditHeadHash: text(),
    kid: text().notNull(),
    /** The compact JWS embedded in the PDF (EdDSA over the payload, which names the PDF's signed-content hash). */
    jws: text().notNull(),
    /** SHA-256 of the file as downloaded. */
    sha256: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedByLabel: text(),
    revocationReason: text(),
  },
  (t) => [index("attestations_org_tenant_idx").on(t.organizationId, t.tenantId, t.issuedAt)],
);
export type Attestation = typeof attestations.$inferSelect;

export const REPORT_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_KINDS = ["audit_report", "evidence_pack"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Generated audit reports and evidence packs. Requested rows are queued and built by a background worker that
 * records its progress; a finished report keeps its bytes and SHA-256 so it can be downloaded and re-verified.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<ReportKind>().notNull(),
    framework: text().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    language: text().$type<"en" | "fr">().notNull(),
    auditId: uuid(),
    status: text().$type<ReportStatus>().notNull().default("queued"),
    progress: integer().notNull().default(0),
    stage: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    fileName: text(),
    contentType: text(),
    content: bytea(),
    sha256: text(),
    size: integer(),
    runId: uuid(),
    inventoryVersion: bigint({ mode: "number" }),
    /** The audit chain head the report saw (seq and hash of the organisation's newest entry when it was built). */
    auditHeadSeq: bigint({ mode: "number" }),
    auditHeadHash: text(),
    requestedByUserId: uuid().references(() => users.id),
    requestedByLabel: text().notNull(),
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("reports_org_idx").on(t.organizationId, t.queuedAt),
    index("reports_queued_idx")
      .on(t.queuedAt)
      .where(sql`${t.status} in ('queued','running')`),
    check("reports_status_check", sql`${t.status} in ('queued','running','completed','failed')`),
    check("reports_kind_check", sql`${t.kind} in ('audit_report','evidence_pack')`),
    check("reports_period_check", sql`${t.periodStart} <= ${t.periodEnd}`),
    check("reports_progress_check", sql`${t.progress} between 0 and 100`),
  ],
);
export type Report = typeof reports.$inferSelect;
