import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { PermitApiInput, permitJson } from "../api/registers.server";
import { createPermit, listPermits } from "../permits/permits.server";
import * as clock from "../config/clock";

const today = clock.today;

/** GET /api/v1/permits — the permit register (archived permits included, flagged). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "permits:read");
  const organizationId = principal.organizationId;
  const rows = await withScope(context.db, { organizationId }, (tx) => listPermits(tx, { organizationId, includeArchived: true }));
  return Response.json({ data: rows.map((r) => permitJson(r.permit, today())) });
}

/** POST /api/v1/permits — records a permit; bad input is refused field by field (422), nothing written. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.recordPermit");
  const principal = await requireApiScope(request, context, "permits:write");
  const parsed = PermitApiInput.safeParse(await readJsonBody(request, 1024 * 1024));
  if (!parsed.success) {
    return apiError(request, 422, "invalid_permit", "api.errors.fixFields", issueDetails(parsed.error));
  }
  const p = parsed.data;
  const organizationId = principal.organizationId;
  const outcome = await withScope(context.db, { organizationId }, (tx) =>
    createPermit(tx, {
      organizationId,
      actor: { userId: null, label: principal.label },
      input: {
        siteId: p.site_id,
        type: p.type,
        authority: p.authority,
        reference: p.reference,
        issuedOn: p.issued_on,
        expiresOn: p.expires_on,
        status: p.status,
        maxPowerMw: p.conditions.max_power_mw,
        maxGeneratorHours: p.conditions.max_generator_hours_per_year,
        maxNoiseDb: p.conditions.max_noise_db,
        maxWaterM3: p.conditions.max_water_m3_per_year,
        conditionsText: p.conditions.text,
      },
    }),
  );
  if (!outcome.ok)
    return apiError(request, 422, "invalid_permit", "api.errors.fixFields", [{ path: "site_id", message: "api.details.noSite" }]);
  return Response.json({ data: permitJson(outcome.value, today()) }, { status: 201 });
}
