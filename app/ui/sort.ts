import { z } from "zod";

export type SortDirection = "asc" | "desc";
export type Sort<C extends string> = { column: C; direction: SortDirection };

/**
 * A list's order as the URL carries it: `sort=<column>` ascending, `sort=-<column>` descending, so a view can be shared.
 * An unknown column falls back to the list's stable default order instead of failing the page.
 */
export function SortParam<const C extends readonly [string, ...string[]]>(columns: C, fallback: Sort<C[number]>) {
  return z
    .string()
    .transform((value, ctx): Sort<C[number]> => {
      const direction: SortDirection = value.startsWith("-") ? "desc" : "asc";
      const column = direction === "desc" ? value.slice(1) : value;
      if (!(columns as readonly string[]).includes(column)) {
        ctx.addIssue({ code: "custom", message: "validation.invalid" });
        return z.NEVER;
      }
      return { column: column as C[number], direction };
    })
    .catch(fallback)
    .default(fallback);
}

/** The `sort` value of a URL for an order. */
export function sortValue<C extends string>(sort: Sort<C>): string {
  return sort.direction === "desc" ? `-${sort.column}` : sort.column;
}

/** Clicking a column: the active one flips, another starts ascending (or in its natural direction, e.g. newest first). */
export function nextSort<C extends string>(current: Sort<C>, column: C, firstDirection: SortDirection = "asc"): Sort<C> {
  if (current.column !== column) return { column, direction: firstDirection };
  return { column, direction: current.direction === "asc" ? "desc" : "asc" };
}
