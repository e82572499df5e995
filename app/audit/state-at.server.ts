import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { anyText } from "../../db/sql-lists";

/**
 * Registers as they were at a past instant, read from the audit log: every change records the entity's state before
 * it, so the state at an instant is the `before` of the entity's first change after that instant (null when that
 * change created it: it did not exist yet). Entities missing from the answer have not changed since: their current
 * row is their state then.
 */
export async function statesBefore(
  tx: Tx,
  params: { organizationId: string; entityType: string; actions: readonly string[]; at: Date },
): Promise<Map<string, unknown>> {
  const rows = rowsOf<{ entity_id: string; before: unknown }>(
    await tx.execute(sql`
      select distinct on (entity_id) entity_id, before from audit_log
      where organization_id = ${params.organizationId} and entity_type = ${params.entityType}
        and action = ${anyText(params.actions)} and created_at > ${params.at.toISOString()}::timestamptz
      order by entity_id, seq`),
  );
  return new Map(rows.map((r) => [r.entity_id, r.before ?? null]));
}
