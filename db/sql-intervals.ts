import { sql, type SQL } from "drizzle-orm";

/**
 * Whether a row with a validity interval [valid_from, valid_to) (valid_to null: still valid) held at an instant.
 * `alias` names the table in the query, or is omitted for an unqualified one. The one rule for every history table
 * (asset versions, check results).
 */
export function validAt(at: Date, alias?: string): SQL {
  const column = (name: string) => (alias ? sql`${sql.identifier(alias)}.${sql.identifier(name)}` : sql.identifier(name));
  const t = at.toISOString();
  return sql`(${column("valid_from")} <= ${t}::timestamptz and (${column("valid_to")} is null or ${column("valid_to")} > ${t}::timestamptz))`;
}
