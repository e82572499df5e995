import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { parseQuery } from "../api/inventory-query.server";
import { RiskApiInput, RiskApiQuery, riskErrorDetails, riskInputFromApi, risksJson } from "../api/risks-api.server";
import * as clock from "../config/clock";
import { getRisk, listRisksAfter } from "../risks/risks.server";
import { controlRefOf, createRisk } from "../risks/save-risk.server";

/**
 * GET /api/v1/risks — the live risks of the register in reference order, filtered by treatment or by a control that
 * treats them ("A.7.11", or "framework:requirement"); cursor pagination on the reference.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "risks:read");
  const query = parseQuery(request, RiskApiQuery);
  const control = query.control === undefined ? undefined : controlRefOf(query.control);
  if (control === null)
    throw apiError(request, 400, "invalid_query", { key: "api.errors.noControl", values: { code: query.control ?? "" } });
  const organizationId = principal.organizationId;
  const today = clock.today();
  const page = await withScope(context.db, { organizationId }, async (tx) => {
    const found = await listRisksAfter(tx, {
      organizationId,
      treatment: query.treatment,
      control,
      after: query.cursor === undefined ? undefined : Number(query.cursor.slice(2)),
      limit: query.limit,
    });
    return { ...found, data: await risksJson(tx, { organizationId, rows: found.rows, today }) };
  });
  const last = page.data.at(-1);
  return Response.json({ data: page.data, next_cursor: page.more && last ? last.reference : null });
}

/** POST /api/v1/risks — records a risk, assessed on its treating controls as they stand; bad input is refused by field. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.recordRisk");
  const principal = await requireApiScope(request, context, "risks:write");
  const parsed = RiskApiInput.safeParse(await readJsonBody(request, 256 * 1024));
  if (!parsed.success) return apiError(request, 422, "invalid_risk", "api.errors.fixFields", issueDetails(parsed.error));
  const organizationId = principal.organizationId;
  const result = await withScope(context.db, { organizationId }, async (tx) => {
    const outcome = await createRisk(tx, {
      organizationId,
      actor: { userId: null, label: principal.label },
      input: riskInputFromApi(parsed.data),
    });
    if (!outcome.ok) return { ok: false as const, errors: outcome.fieldErrors ?? {} };
    const created = await getRisk(tx, { organizationId, riskId: outcome.value.id });
    return { ok: true as const, json: (await risksJson(tx, { organizationId, rows: [created!], today: clock.today() }))[0] };
  });
  if (!result.ok) return apiError(request, 422, "invalid_risk", "api.errors.fixFields", riskErrorDetails(result.errors));
  return Response.json({ data: result.json }, { status: 201 });
}
