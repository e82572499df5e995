import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAudit, recordAudit } from "../audit/audit.server";
import { csvRow } from "../audit/csv";
import { filtersOf, parseAuditQuery } from "../audit/filters";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import * as clock from "../config/clock";

const PAGE = 1000;
const MAX_ROWS = 100_000;
const HEADER = ["seq", "created_at", "actor", "action", "entity_type", "entity_id", "before", "after", "prev_hash", "hash"];

/** The filtered audit log as CSV, for the roles allowed to export it. The export itself is audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "export", "AuditLog");
  const query = parseAuditQuery(new URL(request.url));
  const filters = filtersOf(query);
  const organizationId = auth.organization.id;
  const body = await scoped(context, auth, async (tx) => {
    let csv = csvRow(HEADER);
    let rows = 0;
    for (let page = 1; rows < MAX_ROWS; page += 1) {
      const { entries } = await listAudit(tx, { organizationId, filters, page, pageSize: PAGE });
      for (const e of entries) {
        csv += csvRow([
          e.seq,
          e.createdAt.toISOString(),
          e.actorLabel,
          e.action,
          e.entityType,
          e.entityId,
          e.before,
          e.after,
          e.prevHash,
          e.hash,
        ]);
      }
      rows += entries.length;
      if (entries.length < PAGE) break;
    }
    await recordAudit(tx, {
      organizationId,
      actor: actorOf(auth),
      action: "audit_log.export",
      entityType: "audit_log",
      entityId: organizationId,
      after: { filters: query, rows },
    });
    return csv;
  });
  const day = clock.today();
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="attest-audit-${auth.organization.slug}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
