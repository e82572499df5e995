import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AgreementForm } from "../agreements/agreement-form";
import { createAgreement, partyChoices } from "../agreements/agreements.server";
import { AgreementFormSchema } from "../agreements/content";
import { draftFromTemplate, loadTemplates } from "../agreements/templates.server";
import { detectLocale } from "../i18n/locale.server";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Agreement");
  const url = new URL(request.url);
  const templates = loadTemplates();
  const chosen = templates.find((t) => t.id === url.searchParams.get("template"));
  const lang = url.searchParams.get("lang") === "fr" ? "fr" : url.searchParams.get("lang") === "en" ? "en" : await detectLocale(request);
  return {
    parties: (await scoped(context, auth, (tx) => partyChoices(tx, { organizationId: auth.organization.id }))).filter(
      (p) => !("archived" in p) || !p.archived,
    ),
    templates: templates.map((t) => ({ id: t.id, title: t.title })),
    chosen: chosen?.id ?? "",
    lang,
    draft: chosen ? draftFromTemplate(chosen, lang) : undefined,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Agreement");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: AgreementFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    createAgreement(tx, { organizationId: auth.organization.id, actor: actorOf(auth), form: submission.value }),
  );
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/agreements/${outcome.value.id}`);
}

export default function NewAgreementPage() {
  const { t } = useTranslation();
  const { parties, templates, chosen, lang, draft } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("agreements.new")} />
      <FilterForm>
        <div className="field">
          <label htmlFor="template">{t("agreements.fromTemplate")}</label>
          <select id="template" name="template" defaultValue={chosen}>
            <option value="">{t("agreements.blank")}</option>
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.title[lang]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="template-lang">{t("agreements.templateLanguage")}</label>
          <select id="template-lang" name="lang" defaultValue={lang}>
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </div>
        <button type="submit" className="button">
          {t("agreements.useTemplate")}
        </button>
      </FilterForm>
      <AgreementForm
        key={`${chosen}-${lang}`}
        parties={parties}
        defaultValue={draft}
        lastResult={actionData?.result}
        submitLabel={t("agreements.create")}
        cancelTo="/agreements"
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agreements.new");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
