import { asc, desc, type AnyColumn, type SQL } from "drizzle-orm";
import type { Sort } from "./sort";

/**
 * The ORDER BY of a sorted list: the chosen column, then a unique tiebreaker so that pages never repeat or skip a row
 * when many rows share a value.
 */
export function orderBy<C extends string>(sort: Sort<C>, columns: Record<C, AnyColumn | SQL>, tiebreaker: AnyColumn | SQL): SQL[] {
  const direction = sort.direction === "desc" ? desc : asc;
  return [direction(columns[sort.column]), direction(tiebreaker)];
}
