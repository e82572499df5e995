import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { amendAgreement } from "../agreements/agreements.server";
import { apiError, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { AgreementApiInput, agreementJson, contentFromApi, issuesOf } from "../api/registers.server";
import * as clock from "../config/clock";

/** POST /api/v1/agreements/{id}/versions — an amendment: the next version of the agreement. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST to amend an agreement");
  const principal = await requireApiScope(request, context, "agreements:write");
  const agreementId = z.uuid().safeParse(params.agreementId);
  if (!agreementId.success) return apiError(404, "not_found", "No such agreement");
  const parsed = AgreementApiInput.safeParse(await readJsonBody(request, 1024 * 1024));
  if (!parsed.success) return apiError(422, "invalid_agreement", "Nothing was written: fix these fields", issuesOf(parsed.error));
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
  if (!outcome) return apiError(404, "not_found", "No such agreement");
  if (!outcome.ok)
    return apiError(
      422,
      "invalid_agreement",
      "Nothing was written: unknown parties",
      Object.keys(outcome.fieldErrors ?? {}).map((path) => ({ path, message: "no such party in your organisation" })),
    );
  return Response.json({ data: agreementJson(outcome.value, content, clock.today()) }, { status: 201 });
}
