import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { parseQuery } from "../api/inventory-query.server";
import { getAsset, getAssetAsOf } from "../inventory/queries.server";
import { assetJson, versionJson } from "../inventory/serialize";

const Query = z.object({ as_of: z.iso.datetime({ offset: true }).optional() }).strict();

/** GET /api/v1/inventory/{id} — one asset, now or as of an instant. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "inventory:read");
  const query = parseQuery(Query, new URL(request.url));
  const assetId = z.uuid().safeParse(params.assetId);
  if (!assetId.success) return apiError(404, "not_found", "No such asset");
  const organizationId = principal.organizationId;
  const body = await withScope(context.db, { organizationId }, async (tx) => {
    if (query.as_of) {
      const version = await getAssetAsOf(tx, { organizationId, assetId: assetId.data, asOf: new Date(query.as_of) });
      return version ? versionJson(version) : null;
    }
    const asset = await getAsset(tx, { organizationId, assetId: assetId.data });
    return asset ? assetJson(asset) : null;
  });
  if (!body) return apiError(404, "not_found", query.as_of ? "The asset did not exist at that instant" : "No such asset");
  return Response.json({ data: body });
}
