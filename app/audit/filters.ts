import { z } from "zod";
import { PageParam } from "../ui/params";
import { SortParam, type Sort } from "../ui/sort";
import type { AuditFilters } from "./audit.server";

export const AUDIT_SORTS = ["seq", "when", "actor", "action", "entity"] as const;
export type AuditSort = Sort<(typeof AUDIT_SORTS)[number]>;
/** Newest first, by the chain's own sequence (the order the CSV export keeps, whatever the page shows). */
export const AUDIT_DEFAULT_SORT: AuditSort = { column: "seq", direction: "desc" };

const DAY_MS = 24 * 60 * 60 * 1000;
const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined)
  .catch(undefined);
const optionalDate = z.iso.date().optional().catch(undefined);

/** The audit log's query string: unusable values are dropped rather than failing the page. */
export const AuditQuerySchema = z.object({
  actor: optionalText,
  entityType: optionalText,
  entityId: optionalText,
  from: optionalDate,
  to: optionalDate,
  page: PageParam,
  sort: SortParam(AUDIT_SORTS, AUDIT_DEFAULT_SORT),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export function parseAuditQuery(url: URL): AuditQuery {
  return AuditQuerySchema.parse(Object.fromEntries(url.searchParams));
}

export function filtersOf(query: AuditQuery): AuditFilters {
  return {
    actor: query.actor,
    entityType: query.entityType,
    entityId: query.entityId,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    // The "to" day is included: the range ends at the next midnight (UTC).
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
  };
}
