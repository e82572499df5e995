import { z } from "zod";
import { PageParam } from "../ui/params";
import type { AuditFilters } from "./audit.server";

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
