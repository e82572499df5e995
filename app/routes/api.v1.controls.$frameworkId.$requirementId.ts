import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { CONTROL_STATUSES } from "../../db/schema/controls";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { findRequirement } from "../controls/catalogue.server";
import { controlApiAccess, controlApiEntry } from "../controls/control-api.server";
import { updateControl } from "../controls/controls.server";
import * as clock from "../config/clock";

const ControlApiInput = z
  .object({
    applicable: z.boolean(),
    justification: z.string().trim().max(2000).optional(),
    status: z.enum(CONTROL_STATUSES),
    owner_user_id: z.uuid().nullable().optional(),
    review_interval_months: z.number().int().min(1).max(60).default(12),
    next_review_on: z.iso.date().nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.applicable && !v.justification)
      ctx.addIssue({ code: "custom", path: ["justification"], message: "controls.justificationRequired" });
  });

/** GET /api/v1/controls/{framework}/{requirement} — one requirement: declared and effective status, reasons, checks. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "controls:read");
  const found = findRequirement(params.frameworkId ?? "", params.requirementId ?? "");
  if (!found) return apiError(request, 404, "not_found", "api.notFound.requirement");
  const organizationId = principal.organizationId;
  const entry = await withScope(context.db, { organizationId }, (tx) =>
    controlApiEntry(tx, {
      organizationId,
      frameworkId: found.framework.id,
      requirementId: found.requirement.id,
      today: clock.today(),
      access: controlApiAccess(principal),
    }),
  );
  if (!entry) return apiError(request, 404, "not_found", "api.notFound.requirement");
  return Response.json({ data: entry });
}

/** PUT /api/v1/controls/{framework}/{requirement} — the organisation's assessment of one requirement. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PUT") return apiError(request, 405, "method_not_allowed", "api.methods.setControl");
  const principal = await requireApiScope(request, context, "controls:write");
  const found = findRequirement(params.frameworkId ?? "", params.requirementId ?? "");
  if (!found) return apiError(request, 404, "not_found", "api.notFound.requirement");
  const parsed = ControlApiInput.safeParse(await readJsonBody(request, 64 * 1024));
  if (!parsed.success) return apiError(request, 422, "invalid_control", "api.errors.fixFields", issueDetails(parsed.error));
  const v = parsed.data;
  const organizationId = principal.organizationId;
  const entry = await withScope(context.db, { organizationId }, async (tx) => {
    await updateControl(tx, {
      organizationId,
      actor: { userId: null, label: principal.label },
      frameworkId: found.framework.id,
      requirementId: found.requirement.id,
      input: {
        applicable: v.applicable ? "yes" : "no",
        justification: v.justification,
        status: v.status,
        ownerUserId: v.owner_user_id ?? undefined,
        reviewIntervalMonths: v.review_interval_months,
        nextReviewOn: v.next_review_on ?? undefined,
      },
    });
    return controlApiEntry(tx, {
      organizationId,
      frameworkId: found.framework.id,
      requirementId: found.requirement.id,
      today: clock.today(),
      access: controlApiAccess(principal),
    });
  });
  // As written, then as Attest judges it: the declared status comes back with its effective status and reasons.
  return Response.json({ data: { ...entry, ...v, status: entry?.status ?? v.status } });
}
