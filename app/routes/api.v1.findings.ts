import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { withScope } from "../../db/connection.server";
import { tenants } from "../../db/schema";
import { apiError, requireApiScope } from "../api/api.server";
import { decodeFindingCursor, encodeFindingCursor, findingJson, FindingsApiQuery } from "../api/findings-api.server";
import { parseQuery } from "../api/inventory-query.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { listFindingsAfter } from "../policy-engine/findings.server";
import { isSite } from "../permits/permits.server";

/**
 * GET /api/v1/findings — filters status (default: open or accepted), severity, tenant (slug), policy, framework, site
 * (a site's id: findings on it, everything in it and its permits); cursor pagination.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "findings:read");
  const query = parseQuery(request, FindingsApiQuery);
  const after = decodeFindingCursor(request, query.cursor);
  const organizationId = principal.organizationId;
  const page = await withScope(context.db, { organizationId }, async (tx) => {
    let tenantId: string | undefined;
    if (query.tenant) {
      const [tenant] = await tx
        .select({ id: tenants.id })
        .from(tenants)
        .where(and(eq(tenants.organizationId, organizationId), eq(tenants.slug, query.tenant)));
      if (!tenant) throw apiError(request, 400, "invalid_query", { key: "api.errors.noTenant", values: { tenant: query.tenant } });
      tenantId = tenant.id;
    }
    if (query.site && !(await isSite(tx, { organizationId, assetId: query.site })))
      throw apiError(request, 400, "invalid_query", { key: "api.errors.noSite", values: { name: query.site } });
    return listFindingsAfter(tx, {
      organizationId,
      policySet: await organizationPolicySet(tx, { organizationId }),
      filters: {
        status: query.status,
        severity: query.severity,
        tenantId,
        policyId: query.policy,
        framework: query.framework,
        underAssetId: query.site,
      },
      after,
      limit: query.limit,
    });
  });
  const last = page.rows.at(-1);
  return Response.json({
    data: page.rows.map((r) => findingJson(r.finding, r.tenantSlug)),
    next_cursor: page.more && last ? encodeFindingCursor(last.finding) : null,
  });
}
