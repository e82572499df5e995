import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { LANGUAGE_LABEL, RISK_TREATMENT_LABEL } from "../i18n/labels";
import { LOCALES } from "../i18n/i18n";
import type { MessageKey } from "../i18n/keys";
import { CsrfInput, FieldErrors, FormError, SelectField, TextAreaField, TextField, useFocusFirstError } from "../ui/forms";
import type { ChoiceGroup, RiskFormValues } from "./risk-form.server";
import { RISK_TREATMENTS, RiskFormSchema } from "./risk-schema";

type Choice = { value: string; label: string };
export type RiskFormChoices = {
  levels: { likelihood: Choice[]; impact: Choice[] };
  owners: Choice[];
  controls: ChoiceGroup[];
  scope: ChoiceGroup[];
};

/** The names of the groups that are not Annex A themes (those carry their own name). */
const GROUP_LABEL: Record<string, MessageKey> = {
  other: "risks.form.otherControls",
  site: "risks.form.sites",
  hall: "risks.form.halls",
  asset: "risks.form.otherAssets",
  tenant: "risks.form.tenants",
  agreement: "risks.form.agreements",
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** A long list of checkboxes, one folded group each; a group with a chosen entry opens. */
function CheckboxGroups({
  meta,
  legend,
  hint,
  groups,
}: {
  meta: FieldMetadata<string[] | undefined>;
  legend: string;
  hint: string;
  groups: ChoiceGroup[];
}) {
  const { t } = useTranslation();
  const chosen = new Set([meta.initialValue ?? []].flat().filter((v): v is string => typeof v === "string"));
  const errors = meta.errors;
  return (
    <fieldset className="checkbox-groups" aria-describedby={`${meta.id}-hint${errors?.length ? ` ${meta.errorId}` : ""}`}>
      <legend>{legend}</legend>
      <p className="field-hint" id={`${meta.id}-hint`}>
        {hint}
      </p>
      {groups.map((group) => {
        const count = group.choices.filter((c) => chosen.has(c.value)).length;
        return (
          <details key={group.id} open={count > 0}>
            <summary>
              {group.label || (GROUP_LABEL[group.id] ? t(GROUP_LABEL[group.id]!) : group.id)}
              {count > 0 ? <span className="muted"> · {t("risks.form.chosen", { count })}</span> : null}
            </summary>
            <div className="checkboxes">
              {group.choices.map((c) => (
                <label key={c.value}>
                  <input type="checkbox" name={meta.name} value={c.value} defaultChecked={chosen.has(c.value)} /> {c.label}
                </label>
              ))}
            </div>
          </details>
        );
      })}
      <FieldErrors id={meta.errorId} errors={errors} />
    </fieldset>
  );
}

export function RiskForm({
  choices,
  defaultValue,
  lastResult,
  submitLabel,
  cancelTo,
}: {
  choices: RiskFormChoices;
  defaultValue: RiskFormValues;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof RiskFormSchema>, z.output<typeof RiskFormSchema>>({
    id: "risk",
    lastResult,
    defaultValue: defaultValue as Partial<z.input<typeof RiskFormSchema>>,
    constraint: getZodConstraint(RiskFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RiskFormSchema }),
  });
  useFocusFirstError(form.id, lastResult);
  const level = (meta: FieldMetadata<string | number | undefined>, label: string, options: Choice[]) => (
    <SelectField meta={meta as FieldMetadata<string | undefined>} label={label} placeholder={t("common.choose")} options={options} />
  );
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <CsrfInput />
      {typeof defaultValue.libraryId === "string" ? (
        <input type="hidden" name={fields.libraryId.name} value={defaultValue.libraryId} />
      ) : null}
      <FormError id={form.errorId} errors={form.errors} />
      <Section title={t("risks.page.context")}>
        <TextField meta={fields.title} label={t("risks.form.title")} />
        <SelectField
          meta={fields.language}
          label={t("risks.page.language")}
          hint={t("risks.form.languageHint")}
          options={LOCALES.map((l) => ({ value: l, label: t(LANGUAGE_LABEL[l]) }))}
        />
        <TextAreaField meta={fields.description} label={t("risks.page.description")} />
        <TextAreaField meta={fields.riskSource} label={t("risks.page.riskSource")} />
        <TextAreaField meta={fields.threat} label={t("risks.page.threat")} />
        <TextAreaField meta={fields.vulnerability} label={t("risks.page.vulnerability")} />
      </Section>
      <Section title={t("risks.page.assessment")}>
        <SelectField
          meta={fields.ownerUserId}
          label={t("risks.register.owner")}
          hint={t("risks.form.ownerHint")}
          placeholder={t("risks.register.noOwner")}
          options={choices.owners}
        />
        <div className="form-grid">
          {level(fields.inherentLikelihood, t("risks.form.inherentLikelihood"), choices.levels.likelihood)}
          {level(fields.inherentImpact, t("risks.form.inherentImpact"), choices.levels.impact)}
          {level(fields.residualLikelihood, t("risks.form.residualLikelihood"), choices.levels.likelihood)}
          {level(fields.residualImpact, t("risks.form.residualImpact"), choices.levels.impact)}
        </div>
      </Section>
      <Section title={t("risks.form.treatment")}>
        <SelectField
          meta={fields.treatment}
          label={t("risks.register.treatment")}
          hint={t("risks.form.treatmentHint")}
          placeholder={t("common.choose")}
          options={RISK_TREATMENTS.map((v) => ({ value: v, label: t(RISK_TREATMENT_LABEL[v]) }))}
        />
        <CheckboxGroups
          meta={fields.controls as FieldMetadata<string[] | undefined>}
          legend={t("risks.page.controls")}
          hint={t("risks.form.controlsHint")}
          groups={choices.controls}
        />
      </Section>
      <Section title={t("risks.page.scope")}>
        <CheckboxGroups
          meta={fields.scope as unknown as FieldMetadata<string[] | undefined>}
          legend={t("risks.form.scopeLegend")}
          hint={t("risks.form.scopeHint")}
          groups={choices.scope}
        />
      </Section>
      <Section title={t("risks.form.review")}>
        <TextField meta={fields.nextReviewOn} label={t("risks.register.nextReview")} type="date" />
      </Section>
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
        <Link to={cancelTo}>{t("common.cancel")}</Link>
      </div>
    </Form>
  );
}
