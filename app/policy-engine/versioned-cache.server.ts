import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";

/**
 * Figures an organisation's pages read on every view but that change only with a version the database keeps (the
 * inventory's newest change set, the engine's results version, the findings' newest change): computed once per
 * version and per reading scope, in this process. The scope is part of the key because row-level security shows a
 * tenant member only their rows: a figure summed for the operator is never handed to a tenant, nor the reverse. The
 * version is read before the figures, so a write landing in between makes the entry look older than it is and the
 * next read recomputes it — never the reverse. Each instance keeps its own.
 */
export function versionedCache<T>(capacity = 200) {
  const entries = new Map<string, { version: string; value: T }>();
  /**
   * `version` is a query answering one row with `v`: the version as this transaction sees it. `variant` names
   * inputs of the figures that are not in the database (a day, a window), kept apart in the cache.
   */
  return async function read(
    tx: Tx,
    organizationId: string,
    version: ReturnType<typeof sql>,
    compute: () => Promise<T>,
    variant = "",
  ): Promise<T> {
    const [row] = rowsOf<{ v: string | number | null; scope: string }>(
      await tx.execute(
        sql`select (${version})::text as v, coalesce(current_setting('app.tenant_id', true), '') || '|' || current_user as scope`,
      ),
    );
    const key = `${organizationId}|${row!.scope}|${variant}`;
    const current = String(row!.v ?? "");
    const cached = entries.get(key);
    if (cached?.version === current) return cached.value;
    const value = await compute();
    entries.delete(key);
    if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
    entries.set(key, { version: current, value });
    return value;
  };
}

/** The findings' version: the newest statement that wrote findings or permits (db/schema/findings.ts, findings_changes). */
export const findingsVersion = (organizationId: string) =>
  sql`select token from findings_changes where organization_id = ${organizationId} order by id desc limit 1`;

/**
 * The inventory's version: the newest change set that changed an asset, named by its number and its time (a restored
 * backup numbers its next change sets again; their times differ).
 */
export const inventoryVersion = (organizationId: string) =>
  sql`select id::text || '@' || created_at::text from inventory_outbox where organization_id = ${organizationId} and has_changes order by id desc limit 1`;
