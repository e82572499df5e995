import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { LOCALES } from "../i18n/i18n";
import { issueMessage } from "../i18n/zod-errors";
import { scaleOf } from "../risks/save-risk.server";
import { saveRiskScale } from "../risks/scale-settings.server";
import { MAX_LEVELS, MIN_LEVELS, RiskScale } from "../risks/scale";
import { CsrfInput, plainFieldErrors, type FieldError } from "../ui/forms";
import { PageHeader } from "../ui/layout";

const AXES = ["likelihood", "impact"] as const;
const SIZES = Array.from({ length: MAX_LEVELS - MIN_LEVELS + 1 }, (_, i) => MIN_LEVELS + i);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Risk");
  return {
    canEdit: auth.ability.can("update", "Risk"),
    scale: await scoped(context, auth, (tx) => scaleOf(tx, { organizationId: auth.organization.id })),
  };
}

/** The form's fields: `likelihoodLevels` (3–5), then `likelihood.0.en`, `likelihood.0.fr`, …; rows past the count are not read. */
function scaleFromForm(form: FormData) {
  const axis = (name: (typeof AXES)[number]) => {
    const size = Number(form.get(`${name}Levels`));
    const count = SIZES.includes(size) ? size : 0;
    return Array.from({ length: count }, (_, i) => ({
      en: String(form.get(`${name}.${i}.en`) ?? ""),
      fr: String(form.get(`${name}.${i}.fr`) ?? ""),
    }));
  };
  return { likelihood: axis("likelihood"), impact: axis("impact") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const form = await request.formData();
  assertCsrf(request, form);
  const parsed = RiskScale.safeParse(scaleFromForm(form));
  if (!parsed.success) {
    const errors: Record<string, FieldError> = {};
    for (const issue of parsed.error.issues) {
      // A list of the wrong length is the count's error; a label's is its own.
      const path = issue.path.length === 1 ? `${String(issue.path[0])}Levels` : issue.path.join(".");
      errors[path] ??= issueMessage(issue);
    }
    return data({ saved: false, errors }, { status: 400 });
  }
  const outcome = await scoped(context, auth, (tx) =>
    saveRiskScale(tx, { organizationId: auth.organization.id, actor: actorOf(auth), scale: parsed.data }),
  );
  if (!outcome.ok)
    return data(
      { saved: false, errors: Object.fromEntries(Object.entries(outcome.fieldErrors ?? {}).map(([k, v]) => [k, v[0]!])) },
      { status: 400 },
    );
  return { saved: true, errors: {} as Record<string, FieldError> };
}

export default function RiskScalePage() {
  const { t } = useTranslation();
  const { canEdit, scale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [sizes, setSizes] = useState({ likelihood: scale.likelihood.length, impact: scale.impact.length });
  const { error, described } = plainFieldErrors("scale", result?.errors ?? {});
  return (
    <>
      <PageHeader title={t("risks.scale.title")} description={t("risks.scale.description")} />
      {result?.saved ? (
        <p className="alert alert-info" role="status">
          {t("risks.scale.saved")}
        </p>
      ) : null}
      <Form method="post" className="form">
        <CsrfInput />
        {AXES.map((axis) => (
          <fieldset key={axis} className="form-section">
            <legend>{t(axis === "likelihood" ? "risks.heatMap.likelihood" : "risks.heatMap.impact")}</legend>
            <div className="field">
              <label htmlFor={`${axis}Levels`}>{t("risks.scale.levels")}</label>
              <select
                id={`${axis}Levels`}
                name={`${axis}Levels`}
                value={sizes[axis]}
                disabled={!canEdit}
                onChange={(event) => setSizes({ ...sizes, [axis]: Number(event.target.value) })}
                {...described(`${axis}Levels`)}
              >
                {SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              {error(`${axis}Levels`)}
            </div>
            <table className="scale-levels">
              <caption className="visually-hidden">{t("risks.scale.labels")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("risks.scale.level")}</th>
                  {LOCALES.map((l) => (
                    <th key={l} scope="col">
                      {t(l === "en" ? "risks.scale.labelEn" : "risks.scale.labelFr")}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: MAX_LEVELS }, (_, i) => (
                  <tr key={i} hidden={i >= sizes[axis]}>
                    <th scope="row">{i + 1}</th>
                    {LOCALES.map((l) => {
                      const name = `${axis}.${i}.${l}`;
                      return (
                        <td key={l}>
                          <input
                            name={name}
                            aria-label={t("risks.scale.labelOf", {
                              level: i + 1,
                              language: t(l === "en" ? "risks.scale.labelEn" : "risks.scale.labelFr"),
                            })}
                            defaultValue={scale[axis][i]?.[l] ?? ""}
                            maxLength={60}
                            disabled={!canEdit}
                            {...described(name)}
                          />
                          {error(name)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
        ))}
        <p className="field-hint">{t("risks.scale.hint")}</p>
        {canEdit ? (
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t("common.save")}
            </button>
            <Link to="/settings">{t("common.cancel")}</Link>
          </div>
        ) : null}
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "risks.scale.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
