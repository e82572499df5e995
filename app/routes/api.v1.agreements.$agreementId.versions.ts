import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { amendAgreement } from "../agreements/agreements.server";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { AgreementApiInput, agreementJson, contentFromApi } from "../api/registers.server";
import * as clock from "../config/clock";

/** POST /api/v1/agreements/{id}/versions — an amendment: the next version of the agreement. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.amendAgreement");
  const principal = await requireApiScope(request, context, "agreements:write");
  const agreementId = z.uuid().safeParse(params.agreementId);
  if (!agreementId.success) return apiError(request, 404, "not_found", "api.notFound.agreement");
  const parsed = AgreementApiInput.safeParse(await readJsonBody(request, 1024 * 1024));
  if (!parsed.success) return apiError(request, 422, "invalid_agreement", "api.errors.fixFields", issueDetails(parsed.error));
  const organizationId = principal.organizationId;
  const content = contentFromApi(parsed.data);
  const outcome = await withScope(context.db, { organizationId }, (tx) =>
    amendAgreement(tx, {
      organizationId,
      actor: { userId: null, label: principal.label },
      agreementId: agreementId.data,
      content,
      note: parsed.data.note ?? "",
    }),
  );
  if (!outcome) return apiError(request, 404, "not_found", "api.notFound.agreement");
  if (!outcome.ok)
    return apiError(
      request,
      422,
      "invalid_agreement",
      "api.errors.unknownParties",
      Object.keys(outcome.fieldErrors ?? {}).map((path) => ({ path, message: "api.details.noParty" })),
    );
  return Response.json({ data: agreementJson(outcome.value, content, clock.today()) }, { status: 201 });
}
