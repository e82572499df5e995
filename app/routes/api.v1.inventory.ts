import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { kickEvaluation } from "../policy-engine/worker.server";
import { withScope } from "../../db/connection.server";
import { apiError, ingestDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { decodeCursor, encodeCursor, ListQuery, parseQuery, resolveFilters } from "../api/inventory-query.server";
import { ingestInventory } from "../inventory/ingest.server";
import { IngestRequest, ingestErrors, MAX_ASSETS_PER_REQUEST, MAX_INGEST_BODY_BYTES } from "../inventory/ingest-schema";
import { listAssetsAfter, listAssetsAsOf } from "../inventory/queries.server";
import { assetJson, versionJson } from "../inventory/serialize";

/** GET /api/v1/inventory — live assets (or as of an instant), filtered, with cursor pagination. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "inventory:read");
  const query = parseQuery(request, ListQuery);
  const organizationId = principal.organizationId;
  const page = await withScope(context.db, { organizationId }, async (tx) => {
    const filters = await resolveFilters(request, tx, organizationId, query);
    const after = decodeCursor(request, query.cursor);
    if (query.as_of) {
      const rows = await listAssetsAsOf(tx, { organizationId, asOf: new Date(query.as_of), filters, after, limit: query.limit });
      return { data: rows.map(versionJson), last: rows.at(-1)?.assetId };
    }
    const rows = await listAssetsAfter(tx, { organizationId, filters, after, limit: query.limit });
    return { data: rows.map(assetJson), last: rows.at(-1)?.id };
  });
  const nextCursor = page.data.length === query.limit && page.last ? encodeCursor(page.last) : null;
  return Response.json({ data: page.data, next_cursor: nextCursor });
}

/** POST /api/v1/inventory — ingests a batch of assets, all or nothing. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.ingest");
  const principal = await requireApiScope(request, context, "inventory:write");
  const body = await readJsonBody(request, MAX_INGEST_BODY_BYTES);
  const count = (body as { assets?: unknown })?.assets;
  if (Array.isArray(count) && count.length > MAX_ASSETS_PER_REQUEST) {
    return apiError(request, 413, "payload_too_large", { key: "api.errors.tooManyAssets", values: { max: MAX_ASSETS_PER_REQUEST } });
  }
  const parsed = IngestRequest.safeParse(body);
  if (!parsed.success)
    return apiError(request, 422, "invalid_inventory", "api.errors.fixAssets", ingestDetails(ingestErrors(parsed.error)));
  const organizationId = principal.organizationId;
  const outcome = await withScope(context.db, { organizationId }, (tx) =>
    ingestInventory(tx, { organizationId, actor: { userId: null, label: principal.label }, request: parsed.data }),
  );
  if (!outcome.ok && outcome.massDelete) {
    const { wouldDelete, live } = outcome.massDelete;
    const [refusal] = outcome.errors;
    const message = refusal?.params ? { key: refusal.code, values: refusal.params } : "api.errors.massDelete";
    return apiError(request, 409, "mass_delete_unconfirmed", message, undefined, { would_delete: wouldDelete, live });
  }
  if (!outcome.ok) {
    return apiError(request, 422, "invalid_inventory", "api.errors.fixAssets", ingestDetails(outcome.errors));
  }
  kickEvaluation();
  context.log.info({ event: "inventory_ingest", ingestId: outcome.ingestId, source: parsed.data.source }, "inventory ingested");
  const { ingestId, created, updated, unchanged, deleted, readings } = outcome;
  return Response.json({ ingest_id: ingestId, created, updated, unchanged, deleted, readings }, { status: 200 });
}
