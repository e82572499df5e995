import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    index("audit_log_org_actor_idx").on(t.organizationId, t.actorUserId),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;
