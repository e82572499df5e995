import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAudit, recordAudit } from "../audit/audit.server";
import { csvRow } from "../audit/csv";
import { filtersOf, parseAuditQuery } from "../audit/filters";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import * as clock from "../config/clock";
import { translator } from "../i18n/i18n";
import { actorName } from "../i18n/labels";
import { detectLocale } from "../i18n/locale.server";

const PAGE = 1000;
const MAX_ROWS = 100_000;
// The header in the reader's language; the action and entity type stay the codes the log records (and the filters and
// the API take), and before/after the JSON the hash chain covers, byte for byte.
const HEADER = [
  "audit.csv.seq",
  "audit.csv.createdAt",
  "audit.csv.actor",
  "audit.csv.action",
  "audit.csv.entityType",
  "audit.csv.entityId",
  "audit.csv.before",
  "audit.csv.after",
  "audit.csv.prevHash",
  "audit.csv.hash",
] as const;

/** The filtered audit log as CSV, for the roles allowed to export it. The export itself is audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "export", "AuditLog");
  const query = parseAuditQuery(new URL(request.url));
  const filters = filtersOf(query);
  const organizationId = auth.organization.id;
  const locale = await detectLocale(request);
  const t = translator(locale);
  const body = await scoped(context, auth, async (tx) => {
    let csv = csvRow(HEADER.map((k) => t(k)));
    let rows = 0;
    for (let page = 1; rows < MAX_ROWS; page += 1) {
      const { entries } = await listAudit(tx, { organizationId, filters, page, pageSize: PAGE });
      for (const e of entries) {
        csv += csvRow([
          e.seq,
          e.createdAt.toISOString(),
          actorName(e.actorLabel, locale),
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
