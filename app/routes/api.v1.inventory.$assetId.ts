import type { LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { apiError } from "../api/api.server";
import { parseAssetRequest } from "../api/inventory-query.server";
import { getAsset, getAssetAsOf } from "../inventory/queries.server";
import { assetJson, versionJson } from "../inventory/serialize";

/** GET /api/v1/inventory/{id} — one asset, now or as of an instant. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { principal, assetId, asOf } = await parseAssetRequest(request, params, context);
  const organizationId = principal.organizationId;
  const body = await withScope(context.db, { organizationId }, async (tx) => {
    if (asOf) {
      const version = await getAssetAsOf(tx, { organizationId, assetId, asOf });
      return version ? versionJson(version) : null;
    }
    const asset = await getAsset(tx, { organizationId, assetId });
    return asset ? assetJson(asset) : null;
  });
  if (!body) return apiError(request, 404, "not_found", asOf ? "api.notFound.assetAtInstant" : "api.notFound.asset");
  return Response.json({ data: body });
}
