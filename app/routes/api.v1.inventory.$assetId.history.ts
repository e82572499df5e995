import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { parseQuery } from "../api/inventory-query.server";
import { assetHistory } from "../inventory/queries.server";
import { versionJson } from "../inventory/serialize";

const Query = z.object({ as_of: z.iso.datetime({ offset: true }).optional() }).strict();

/** GET /api/v1/inventory/{id}/history — every version, newest first (up to `as_of` when given). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "inventory:read");
  const query = parseQuery(Query, new URL(request.url));
  const assetId = z.uuid().safeParse(params.assetId);
  if (!assetId.success) return apiError(404, "not_found", "No such asset");
  const organizationId = principal.organizationId;
  const versions = await withScope(context.db, { organizationId }, (tx) => assetHistory(tx, { organizationId, assetId: assetId.data }));
  if (versions.length === 0) return apiError(404, "not_found", "No such asset");
  const asOf = query.as_of ? new Date(query.as_of) : undefined;
  const visible = asOf ? versions.filter((v) => v.validFrom <= asOf) : versions;
  return Response.json({ data: visible.map(versionJson) });
}
