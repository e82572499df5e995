import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { riskLibrary } from "../risks/library.server";
import { formFieldErrors, libraryDefaults, riskFormChoices } from "../risks/risk-form.server";
import { RiskForm } from "../risks/risk-form";
import { RiskFormSchema } from "../risks/risk-schema";
import { createRisk, scaleOf } from "../risks/save-risk.server";
import { PageHeader } from "../ui/layout";

/** `?library=<id>` starts the risk from the library; an unknown id starts from a blank form. */
const Prefill = z.object({ library: z.string().max(100).optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Risk");
  const lang = await detectLocale(request);
  const { library } = Prefill.parse(Object.fromEntries(new URL(request.url).searchParams));
  const organizationId = auth.organization.id;
  return scoped(context, auth, async (tx) => {
    const entry = riskLibrary().find((r) => r.id === library);
    const defaultValue = entry ? libraryDefaults(entry, lang, await scaleOf(tx, { organizationId })) : { language: lang };
    return { choices: await riskFormChoices(tx, { organizationId, lang }), defaultValue, libraryId: entry?.id ?? "" };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Risk");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: RiskFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    createRisk(tx, { organizationId: auth.organization.id, actor: actorOf(auth), input: submission.value }),
  );
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: formFieldErrors(outcome.fieldErrors ?? {}) }) }, { status: 400 });
  return redirect(`/risks/${outcome.value.id}`);
}

export default function NewRiskPage() {
  const { t } = useTranslation();
  const { choices, defaultValue, libraryId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("risks.form.newTitle")} />
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="library">{t("risks.form.fromLibrary")}</label>
          <select id="library" name="library" defaultValue={libraryId}>
            <option value="">{t("risks.form.blank")}</option>
            {choices.library.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("risks.form.useLibrary")}
        </button>
      </Form>
      <RiskForm
        key={libraryId}
        choices={choices}
        defaultValue={defaultValue}
        lastResult={actionData?.result}
        submitLabel={t("risks.form.create")}
        cancelTo="/risks"
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "risks.form.newTitle");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
