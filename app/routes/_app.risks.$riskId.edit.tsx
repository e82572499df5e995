import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { formFieldErrors, riskFormChoices, riskFormDefaults } from "../risks/risk-form.server";
import { RiskForm } from "../risks/risk-form";
import { RiskFormSchema } from "../risks/risk-schema";
import { getRisk } from "../risks/risks.server";
import { updateRisk } from "../risks/save-risk.server";
import { PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const riskId = requireUuidParam(params.riskId);
  const organizationId = auth.organization.id;
  const lang = await detectLocale(request);
  return scoped(context, auth, async (tx) => {
    const found = await getRisk(tx, { organizationId, riskId });
    if (!found || found.risk.archivedAt) throw notFound();
    return {
      risk: { id: found.risk.id, reference: found.risk.reference, acceptedAt: found.risk.acceptedAt },
      defaultValue: riskFormDefaults(found.risk, found),
      choices: await riskFormChoices(tx, { organizationId, lang, links: found }),
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const riskId = requireUuidParam(params.riskId);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: RiskFormSchema });
  const outcome = await scoped(context, auth, async (tx) => {
    const found = await getRisk(tx, { organizationId: auth.organization.id, riskId });
    if (!found) return null;
    if (submission.status !== "success") return undefined;
    return updateRisk(tx, { organizationId: auth.organization.id, actor: actorOf(auth), riskId, input: submission.value });
  });
  if (outcome === null) throw notFound();
  if (outcome === undefined) return data({ result: submission.reply() }, { status: 400 });
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: formFieldErrors(outcome.fieldErrors ?? {}) }) }, { status: 400 });
  return redirect(`/risks/${outcome.value.id}`);
}

export default function EditRiskPage() {
  const { t } = useTranslation();
  const { risk, defaultValue, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("risks.form.editTitle", { reference: risk.reference })} />
      {risk.acceptedAt ? (
        <p className="alert alert-info" role="note">
          {t("risks.form.acceptanceLapses")}
        </p>
      ) : null}
      <RiskForm
        choices={choices}
        defaultValue={defaultValue}
        lastResult={actionData?.result}
        submitLabel={t("common.save")}
        cancelTo={`/risks/${risk.id}`}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.risks");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
