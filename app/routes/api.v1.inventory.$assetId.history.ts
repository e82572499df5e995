import type { LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { apiError } from "../api/api.server";
import { parseAssetRequest } from "../api/inventory-query.server";
import { assetHistory } from "../inventory/queries.server";
import { versionJson } from "../inventory/serialize";

/** GET /api/v1/inventory/{id}/history — every version, newest first (up to `as_of` when given). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { principal, assetId, asOf } = await parseAssetRequest(request, params, context);
  const organizationId = principal.organizationId;
  const versions = await withScope(context.db, { organizationId }, (tx) => assetHistory(tx, { organizationId, assetId }));
  if (versions.length === 0) return apiError(request, 404, "not_found", "api.notFound.asset");
  const visible = asOf ? versions.filter((v) => v.validFrom <= asOf) : versions;
  return Response.json({ data: visible.map(versionJson) });
}
