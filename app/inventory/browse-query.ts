import { z } from "zod";
import { PageParam } from "../ui/params";
import { ASSET_KINDS } from "./kinds";

const SORTS = ["name", "kind", "country", "updated"] as const;
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** The inventory browser's query string; values that make no sense are dropped, never fatal. */
export const BrowseQuery = z.object({
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
  sort: z.enum(SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  asOf: optional(z.preprocess(blankToUndefined, z.iso.date().optional())),
  page: PageParam,
});
export type BrowseQuery = z.infer<typeof BrowseQuery>;

/** "As of" a day means at the end of that day (UTC): what the inventory held when the day was over. */
export function endOfDay(date: string): Date {
  return new Date(`${date}T23:59:59.999Z`);
}
