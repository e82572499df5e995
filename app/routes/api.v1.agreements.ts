import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { createAgreement, listAgreements } from "../agreements/agreements.server";
import type { AgreementContent } from "../agreements/content";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { AgreementApiInput, agreementJson, contentFromApi } from "../api/registers.server";
import * as clock from "../config/clock";

/** GET /api/v1/agreements — current version of every agreement, with its end and notice dates. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "agreements:read");
  const organizationId = principal.organizationId;
  const today = clock.today();
  const rows = await withScope(context.db, { organizationId }, (tx) => listAgreements(tx, { organizationId }));
  return Response.json({ data: rows.map((r) => agreementJson(r.agreement, r.content as AgreementContent, today)) });
}

/** POST /api/v1/agreements — records an agreement (version 1); bad input is refused field by field. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.recordAgreement");
  const principal = await requireApiScope(request, context, "agreements:write");
  const parsed = AgreementApiInput.safeParse(await readJsonBody(request, 1024 * 1024));
  if (!parsed.success) return apiError(request, 422, "invalid_agreement", "api.errors.fixFields", issueDetails(parsed.error));
  const organizationId = principal.organizationId;
  const content = contentFromApi(parsed.data);
  const outcome = await withScope(context.db, { organizationId }, (tx) =>
    createAgreement(tx, { organizationId, actor: { userId: null, label: principal.label }, content, note: parsed.data.note ?? "" }),
  );
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
