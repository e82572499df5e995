import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "../audit/audit.server";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { translator } from "../i18n/i18n";
import { detectLocale } from "../i18n/locale.server";
import { organizationPolicySet } from "./custom-policies.server";
import { FindingQuery } from "./finding-schema";
import { listFindings } from "./findings.server";
import * as clock from "../config/clock";

const MAX_ROWS = 50_000;

/** The findings matching the list's filters as rows, in the reader's language; the export is audited. */
export async function findingsExportRows(request: Request, context: AppLoadContext, format: "csv" | "xlsx") {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "export", "Finding");
  const query = FindingQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = await detectLocale(request);
  const t = translator(locale);
  const organizationId = auth.organization.id;
  const filters = {
    status: query.status,
    severity: query.severity,
    tenantId: query.tenant,
    policyId: query.policy,
    framework: query.framework,
    q: query.q,
  };
  const { list, policies } = await scoped(context, auth, async (tx) => {
    const policies = await organizationPolicySet(tx, { organizationId });
    const list = await listFindings(tx, { organizationId, filters, offset: 0, limit: MAX_ROWS, policySet: policies });
    await recordAudit(tx, {
      organizationId,
      actor: actorOf(auth),
      action: "findings.export",
      entityType: "findings",
      entityId: organizationId,
      after: { format, filters, rows: list.rows.length },
    });
    return { list, policies };
  });
  const header = [
    "id",
    "severity",
    "status",
    "policy",
    "title",
    "resource_kind",
    "resource",
    "tenant",
    "message",
    "first_seen",
    "last_seen",
    "resolved",
  ].map((k) => t(`findings.export.${k}`));
  const rows = list.rows.map(({ finding: f, tenantName }) => [
    f.id,
    t(`findings.severities.${f.severity}`),
    t(`findings.statuses.${f.status}`),
    f.policyId,
    policies.byId.get(f.policyId)?.title[locale] ?? "",
    t(`findings.kinds.${f.resourceKind}`),
    f.resourceName,
    tenantName ?? "",
    f.message[locale],
    f.firstSeenAt.toISOString(),
    f.lastSeenAt.toISOString(),
    f.resolvedAt?.toISOString() ?? "",
  ]);
  return { header, rows, fileName: `attest-findings-${auth.organization.slug}-${clock.today()}`, sheetName: t("nav.findings") };
}
