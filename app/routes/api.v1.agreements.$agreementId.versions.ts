import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { amendAgreement, getAgreement } from "../agreements/agreements.server";
import { compareVersions } from "../agreements/compare";
import { changeSentence } from "../agreements/compare-text";
import { partyNames } from "../agreements/compare.server";
import type { AgreementContent } from "../agreements/content";
import { apiError, apiLocale, issueDetails, requireApiScope } from "../api/api.server";
import { readJsonBody } from "../api/body.server";
import { AgreementApiInput, agreementJson, contentFromApi } from "../api/registers.server";
import * as clock from "../config/clock";
import { translator } from "../i18n/i18n";

/**
 * POST /api/v1/agreements/{id}/versions — an amendment: the next version of the agreement. The answer carries what
 * the amendment changed from the version before: `changes`, each with a stable `code` ("terms.noticeDays",
 * "party.added", "obligation.text"…) for machines and its `label` and `text` in the request's language for people.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.amendAgreement");
  const principal = await requireApiScope(request, context, "agreements:write");
  const agreementId = z.uuid().safeParse(params.agreementId);
  if (!agreementId.success) return apiError(request, 404, "not_found", "api.notFound.agreement");
  const parsed = AgreementApiInput.safeParse(await readJsonBody(request, 1024 * 1024));
  if (!parsed.success) return apiError(request, 422, "invalid_agreement", "api.errors.fixFields", issueDetails(parsed.error));
  const organizationId = principal.organizationId;
  const content = contentFromApi(parsed.data);
  const amended = await withScope(context.db, { organizationId }, async (tx) => {
    const previous = (await getAgreement(tx, { organizationId, agreementId: agreementId.data }))?.versions[0];
    const outcome = await amendAgreement(tx, {
      organizationId,
      actor: { userId: null, label: principal.label },
      agreementId: agreementId.data,
      content,
      note: parsed.data.note ?? "",
    });
    const changes = previous
      ? compareVersions(previous.content as AgreementContent, content, await partyNames(tx, { organizationId }))
      : [];
    return { outcome, changes };
  });
  const { outcome } = amended;
  if (!outcome) return apiError(request, 404, "not_found", "api.notFound.agreement");
  if (!outcome.ok)
    return apiError(
      request,
      422,
      "invalid_agreement",
      "api.errors.unknownParties",
      Object.keys(outcome.fieldErrors ?? {}).map((path) => ({ path, message: "api.details.noParty" })),
    );
  const locale = apiLocale(request);
  const t = translator(locale);
  const changes = amended.changes.map((c) => ({
    code: c.code,
    section: c.section,
    change: c.change,
    label: t(c.label),
    text: changeSentence(t, locale, c),
  }));
  return Response.json(
    { data: { ...agreementJson(outcome.value, content, clock.today()), changes } },
    { status: 201, headers: { "Content-Language": locale, Vary: "Accept-Language" } },
  );
}
