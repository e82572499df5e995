import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";

/**
 * Figures an organisation's pages read on every view but that change only with a version the database keeps (the
 * inventory's newest change set, the engine's results version): computed once per version and per reading scope,
 * in this process. The scope is part of the key because row-level security shows a tenant member only their rows: a
 * figure summed for the operator is never handed to a tenant, nor the reverse. The version is read before the
 * figures, so a write landing in between makes the entry look older than it is and the next read recomputes it —
 * never the reverse. Each instance keeps its own.
 */
export function versionedCache<T>(capacity = 200) {
  const entries = new Map<string, { version: number; value: T }>();
  /** `version` is a query answering one row with `v`: the version as this transaction sees it. */
  return async function read(tx: Tx, organizationId: string, version: ReturnType<typeof sql>, compute: () => Promise<T>): Promise<T> {
    const [row] = rowsOf<{ v: string | number | null; scope: string }>(
      await tx.execute(sql`select (${version}) as v, coalesce(current_setting('app.tenant_id', true), '') || '|' || current_user as scope`),
    );
    const key = `${organizationId}|${row!.scope}`;
    const current = Number(row!.v ?? 0);
    const cached = entries.get(key);
    if (cached?.version === current) return cached.value;
    const value = await compute();
    entries.delete(key);
    if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
    entries.set(key, { version: current, value });
    return value;
  };
}
