import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { patchedBody, RiskApiInput, RiskApiPatch, riskErrorDetails, riskInputFromApi, risksJson } from "../api/risks-api.server";
import * as clock from "../config/clock";
import { getRisk, linksByRisk } from "../risks/risks.server";
import { lockLiveRisk, updateRisk } from "../risks/save-risk.server";

function riskIdOf(request: Request, params: LoaderFunctionArgs["params"]) {
  const id = z.uuid().safeParse(params.riskId);
  if (!id.success) throw apiError(request, 404, "not_found", "api.notFound.risk");
  return id.data;
}

/** GET /api/v1/risks/{id} — one risk (an archived one too, with archived_at). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "risks:read");
  const riskId = riskIdOf(request, params);
  const organizationId = principal.organizationId;
  const json = await withScope(context.db, { organizationId }, async (tx) => {
    const found = await getRisk(tx, { organizationId, riskId });
    return found ? (await risksJson(tx, { organizationId, rows: [found], today: clock.today() }))[0] : null;
  });
  if (!json) return apiError(request, 404, "not_found", "api.notFound.risk");
  return Response.json({ data: json });
}

/**
 * PATCH /api/v1/risks/{id} — changes the fields named; the result is checked whole, as a new risk would be, and the
 * residual score is assessed again on the treating controls. Changing the treatment or the residual levels ends an
 * acceptance (the owner accepts in Attest, signed in: a token cannot accept a risk).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return apiError(request, 405, "method_not_allowed", "api.methods.changeRisk");
  const principal = await requireApiScope(request, context, "risks:write");
  const riskId = riskIdOf(request, params);
  const patch = RiskApiPatch.safeParse(await readJsonBody(request, 256 * 1024));
  if (!patch.success) return apiError(request, 422, "invalid_risk", "api.errors.fixFields", issueDetails(patch.error));
  const organizationId = principal.organizationId;
  const result = await withScope(context.db, { organizationId }, async (tx) => {
    const locked = await lockLiveRisk(tx, { organizationId, riskId });
    if (!locked) return null;
    const links = (await linksByRisk(tx, [riskId])).get(riskId)!;
    const whole = RiskApiInput.safeParse(patchedBody(locked, links, patch.data));
    if (!whole.success) return { ok: false as const, details: issueDetails(whole.error) };
    const outcome = await updateRisk(tx, {
      organizationId,
      riskId,
      actor: { userId: null, label: principal.label },
      input: riskInputFromApi(whole.data),
    });
    if (!outcome) return null;
    if (!outcome.ok) return { ok: false as const, details: riskErrorDetails(outcome.fieldErrors ?? {}) };
    const updated = await getRisk(tx, { organizationId, riskId });
    return { ok: true as const, json: (await risksJson(tx, { organizationId, rows: [updated!], today: clock.today() }))[0] };
  });
  if (!result) return apiError(request, 404, "not_found", "api.notFound.risk");
  if (!result.ok) return apiError(request, 422, "invalid_risk", "api.errors.fixFields", result.details);
  return Response.json({ data: result.json });
}
