import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { kickEvaluation } from "../policy-engine/worker.server";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { decodeCursor, encodeCursor, ListQuery, parseQuery, resolveFilters } from "../api/inventory-query.server";
import { ingestInventory } from "../inventory/ingest.server";
import { IngestRequest, ingestErrors, MAX_ASSETS_PER_REQUEST, MAX_INGEST_BODY_BYTES } from "../inventory/ingest-schema";
import { listAssetsAfter, listAssetsAsOf } from "../inventory/queries.server";
import { assetJson, versionJson } from "../inventory/serialize";

/** GET /api/v1/inventory — live assets (or as of an instant), filtered, with cursor pagination. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "inventory:read");
  const query = parseQuery(ListQuery, new URL(request.url));
  const organizationId = principal.organizationId;
  const page = await withScope(context.db, { organizationId }, async (tx) => {
    const filters = await resolveFilters(tx, organizationId, query);
    const after = decodeCursor(query.cursor);
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
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST to ingest, GET to read");
  const principal = await requireApiScope(request, context, "inventory:write");
  const body = await readJsonBody(request, MAX_INGEST_BODY_BYTES);
  const count = (body as { assets?: unknown })?.assets;
  if (Array.isArray(count) && count.length > MAX_ASSETS_PER_REQUEST) {
    return apiError(413, "payload_too_large", `At most ${MAX_ASSETS_PER_REQUEST} assets per request; split the batch`);
  }
  const parsed = IngestRequest.safeParse(body);
  if (!parsed.success) return apiError(422, "invalid_inventory", "Nothing was written: fix these assets", ingestErrors(parsed.error));
  const organizationId = principal.organizationId;
  const outcome = await withScope(context.db, { organizationId }, (tx) =>
    ingestInventory(tx, { organizationId, actor: { userId: null, label: principal.label }, request: parsed.data }),
  );
  if (!outcome.ok && outcome.massDelete) {
    const { wouldDelete, live } = outcome.massDelete;
    return Response.json(
      { error: { code: "mass_delete_unconfirmed", message: outcome.errors[0]!.message, would_delete: wouldDelete, live } },
      { status: 409 },
    );
  }
  if (!outcome.ok) {
    const details = outcome.errors.map(({ index, path, message }) => ({ ...(index === undefined ? {} : { index }), path, message }));
    return apiError(422, "invalid_inventory", "Nothing was written: fix these assets", details);
  }
  kickEvaluation();
  context.log.info({ event: "inventory_ingest", ingestId: outcome.ingestId, source: parsed.data.source }, "inventory ingested");
  const { ingestId, created, updated, unchanged, deleted, readings } = outcome;
  return Response.json({ ingest_id: ingestId, created, updated, unchanged, deleted, readings }, { status: 200 });
}
