import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "../audit/audit.server";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { translator } from "../i18n/i18n";
import { detectLocale } from "../i18n/locale.server";
import { organizationPolicySet } from "./custom-policies.server";
import { FindingQuery, findingFilters } from "./finding-schema";
import { listFindings } from "./findings.server";
import * as clock from "../config/clock";
import { sortValue } from "../ui/sort";
import { labelOf, FINDING_STATUS_LABEL, RESOURCE_KIND_LABEL, SEVERITY_LABEL } from "../i18n/labels";

const MAX_ROWS = 50_000;

/** The findings matching the list's filters as rows, in the reader's language; the export is audited. */
export async function findingsExportRows(request: Request, context: AppLoadContext, format: "csv" | "xlsx") {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "export", "Finding");
  const query = FindingQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = await detectLocale(request);
  const t = translator(locale);
  const organizationId = auth.organization.id;
  const filters = findingFilters(query);
  const { list, policies } = await scoped(context, auth, async (tx) => {
    const policies = await organizationPolicySet(tx, { organizationId });
    // The rows in the list's order: the same filters and sort as the page the export was asked from.
    const list = await listFindings(tx, {
      organizationId,
      filters,
      sort: query.sort,
      locale,
      offset: 0,
      limit: MAX_ROWS,
      policySet: policies,
    });
    await recordAudit(tx, {
      organizationId,
      actor: actorOf(auth),
      action: "findings.export",
      entityType: "findings",
      entityId: organizationId,
      after: { format, filters, sort: sortValue(query.sort), rows: list.rows.length },
    });
    return { list, policies };
  });
  const header = (
    [
      "findings.export.id",
      "findings.export.severity",
      "findings.export.status",
      "findings.export.policy",
      "findings.export.title",
      "findings.export.resource_kind",
      "findings.export.resource",
      "findings.export.tenant",
      "findings.export.message",
      "findings.export.first_seen",
      "findings.export.last_seen",
      "findings.export.resolved",
    ] as const
  ).map((k) => t(k));
  const rows = list.rows.map(({ finding: f, tenantName }) => [
    f.id,
    t(SEVERITY_LABEL[f.severity]),
    t(FINDING_STATUS_LABEL[f.status]),
    f.policyId,
    policies.byId.get(f.policyId)?.title[locale] ?? "",
    t(labelOf(RESOURCE_KIND_LABEL, f.resourceKind)),
    f.resourceName,
    tenantName ?? "",
    f.message[locale],
    f.firstSeenAt.toISOString(),
    f.lastSeenAt.toISOString(),
    f.resolvedAt?.toISOString() ?? "",
  ]);
  return { header, rows, fileName: `attest-findings-${auth.organization.slug}-${clock.today()}`, sheetName: t("nav.findings") };
}
