import { z } from "zod";
import { PageParam } from "../ui/params";
import { SortParam, type Sort } from "../ui/sort";
import { ASSET_KINDS } from "./kinds";

export const INVENTORY_SORTS = ["name", "kind", "country", "updated"] as const;
export type InventorySort = Sort<(typeof INVENTORY_SORTS)[number]>;
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/**
 * Links written before the shared sort rule said `sort=name&dir=desc`; they still open the same view, now as
 * `sort=-name` (a `dir` beside an already signed sort is ignored).
 */
function legacyDirection(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const { dir, ...rest } = input as Record<string, unknown>;
  if (dir === "desc" && typeof rest.sort === "string" && !rest.sort.startsWith("-")) return { ...rest, sort: `-${rest.sort}` };
  return rest;
}

/** The inventory browser's query string; values that make no sense are dropped, never fatal. */
export const BrowseQuery = z.preprocess(
  legacyDirection,
  z.object({
    kind: optional(z.preprocess(blankToUndefined, z.enum(ASSET_KINDS).optional())),
    tenant: optional(z.preprocess(blankToUndefined, z.uuid().optional())),
    site: optional(z.preprocess(blankToUndefined, z.uuid().optional())),
    country: optional(
      z.preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
      ),
    ),
    q: optional(z.preprocess(blankToUndefined, z.string().trim().max(200).optional())),
    // By name, as it always was; the id breaks ties.
    sort: SortParam(INVENTORY_SORTS, { column: "name", direction: "asc" }),
    asOf: optional(z.preprocess(blankToUndefined, z.iso.date().optional())),
    page: PageParam,
  }),
);
export type BrowseQuery = z.infer<typeof BrowseQuery>;

/** "As of" a day means at the end of that day (UTC): what the inventory held when the day was over. */
export function endOfDay(date: string): Date {
  return new Date(`${date}T23:59:59.999Z`);
}
