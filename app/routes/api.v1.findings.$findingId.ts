import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { findingJson } from "../api/findings-api.server";
import { getFinding } from "../policy-engine/findings.server";

/** GET /api/v1/findings/{id} — a finding with its history and exceptions. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "findings:read");
  const findingId = z.uuid().safeParse(params.findingId);
  if (!findingId.success) return apiError(request, 404, "not_found", "api.notFound.finding");
  const organizationId = principal.organizationId;
  const found = await withScope(context.db, { organizationId }, (tx) => getFinding(tx, { organizationId, findingId: findingId.data }));
  if (!found) return apiError(request, 404, "not_found", "api.notFound.finding");
  return Response.json({
    data: {
      ...findingJson(found.finding, null),
      tenant_name: found.tenantName,
      history: found.events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), actor: e.actorLabel, run_id: e.runId, detail: e.detail })),
      exceptions: found.exceptions.map((x) => ({
        id: x.id,
        justification: x.justification,
        expires_on: x.expiresOn,
        granted_by: x.grantedByLabel,
        granted_at: x.grantedAt.toISOString(),
        ended_at: x.endedAt?.toISOString() ?? null,
        end_reason: x.endReason,
      })),
    },
  });
}
