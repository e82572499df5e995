import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity";

/**
 * Append-only, hash-chained record of every change to compliance data.
 * The database refuses UPDATE, DELETE and TRUNCATE (see the custom migration).
 * Each organisation has its own chain, ordered by `seq`.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid().notNull().unique(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    actorUserId: uuid().references(() => users.id),
    actorLabel: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index("audit_log_org_seq_idx").on(t.organizationId, t.seq),
    index("audit_log_org_entity_idx").on(t.organizationId, t.entityType, t.entityId),
    // A register's changes after an instant (its state then: app/audit/state-at.server.ts).
    index("audit_log_org_type_time_idx").on(t.organizationId, t.entityType, t.createdAt),
    index("audit_log_org_actor_idx").on(t.organizationId, t.actorUserId),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;

/**
 * Signed checkpoints of each organisation's audit chain head: the position (1-based, within the organisation's
 * chain), seq and hash of the head entry, signed with the organisation's Ed25519 key. Append-only like the audit log
 * (the database refuses UPDATE, DELETE and TRUNCATE, see the custom migration) and published at
 * /.well-known/attest-audit-checkpoints/{slug}, so that deleting or rewriting the chain's tail is detected, by the
 * database's copy or by an outside one (docs/decisions/004-audit-chain.md).
 */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    position: bigint({ mode: "number" }).notNull(),
    headSeq: bigint({ mode: "number" }).notNull(),
    headHash: text().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull(),
    kid: text().notNull(),
    signature: text().notNull(),
  },
  (t) => [uniqueIndex("audit_checkpoints_org_position_key").on(t.organizationId, t.position)],
);
export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect;
