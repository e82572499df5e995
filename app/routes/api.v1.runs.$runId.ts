import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { evaluationRuns } from "../../db/schema";
import { apiError, requireApiScope } from "../api/api.server";
import { runJson } from "../api/findings-api.server";

/** GET /api/v1/runs/{id} — one evaluation run: status, counts, policy set and inventory version. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "findings:read");
  const runId = z.uuid().safeParse(params.runId);
  if (!runId.success) return apiError(request, 404, "not_found", "api.notFound.run");
  const organizationId = principal.organizationId;
  const [run] = await withScope(context.db, { organizationId }, (tx) =>
    tx
      .select()
      .from(evaluationRuns)
      .where(and(eq(evaluationRuns.organizationId, organizationId), eq(evaluationRuns.id, runId.data))),
  );
  if (!run) return apiError(request, 404, "not_found", "api.notFound.run");
  return Response.json({ data: runJson(run) });
}
