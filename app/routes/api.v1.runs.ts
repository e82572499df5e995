import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { runJson } from "../api/findings-api.server";
import { queueFullRun } from "../policy-engine/runs.server";
import { kickEvaluation } from "../policy-engine/worker.server";

/** POST /api/v1/runs — queues a full evaluation (or answers the one already queued); poll GET /runs/{id}. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.startRun");
  const principal = await requireApiScope(request, context, "runs:write");
  const organizationId = principal.organizationId;
  const run = await withScope(context.db, { organizationId }, (tx) => queueFullRun(tx, organizationId, "api", principal.label));
  kickEvaluation();
  return Response.json({ data: runJson(run) }, { status: 202, headers: { Location: `/api/v1/runs/${run.id}` } });
}

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(request, 405, "method_not_allowed", "api.methods.startRunOrRead");
}
