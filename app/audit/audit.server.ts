import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gte, ilike, lt, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { containsPattern } from "../../db/like";
import { auditLog, type AuditEntry } from "../../db/schema";
import type { Actor } from "../auth/auth.server";
import { entryHash, GENESIS_HASH, toJsonValue } from "./chain";
import * as clock from "../config/clock";
import { orderBy } from "../ui/sort.server";
import { AUDIT_DEFAULT_SORT, type AuditSort } from "./filters";

export type AuditInput = {
  organizationId: string;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends one entry to the organisation's chain, inside the caller's transaction, so that the change and its
 * record commit or roll back together.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<AuditEntry> {
  // Serialise writers of one organisation's chain; the unique (organization_id, prev_hash) index backs this up.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${input.organizationId}, 0))`);
  const [last] = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.organizationId, input.organizationId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const fields = {
    id: randomUUID(),
    organizationId: input.organizationId,
    actorUserId: input.actor.userId,
    actorLabel: input.actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: toJsonValue(input.before),
    after: toJsonValue(input.after),
    createdAt: clock.now(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const [entry] = await tx
    .insert(auditLog)
    .values({ ...fields, hash: entryHash(fields) })
    .returning();
  if (!entry) throw new Error("Audit entry was not written");
  return entry;
}

export type AuditFilters = {
  actor?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

function whereOf(organizationId: string, f: AuditFilters): SQL | undefined {
  return and(
    eq(auditLog.organizationId, organizationId),
    f.actor ? ilike(auditLog.actorLabel, containsPattern(f.actor)) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? gte(auditLog.createdAt, f.from) : undefined,
    f.to ? lt(auditLog.createdAt, f.to) : undefined,
  );
}

const AUDIT_SORT_COLUMNS = {
  seq: auditLog.seq,
  when: auditLog.createdAt,
  actor: auditLog.actorLabel,
  action: auditLog.action,
  entity: auditLog.entityType,
};

export async function listAudit(
  tx: Tx,
  params: { organizationId: string; filters: AuditFilters; page: number; pageSize: number; sort?: AuditSort },
) {
  const where = whereOf(params.organizationId, params.filters);
  const [total] = await tx.select({ value: count() }).from(auditLog).where(where);
  const entries = await tx
    .select()
    .from(auditLog)
    .where(where)
    // The sequence is unique within an organisation: it breaks every tie.
    .orderBy(...orderBy(params.sort ?? AUDIT_DEFAULT_SORT, AUDIT_SORT_COLUMNS, auditLog.seq))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { entries, total: total?.value ?? 0 };
}

export async function auditEntityTypes(tx: Tx, organizationId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ entityType: auditLog.entityType })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId))
    .orderBy(auditLog.entityType);
  return rows.map((r) => r.entityType);
}
