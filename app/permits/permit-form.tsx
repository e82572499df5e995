import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput, FormError, SelectField, TextAreaField, TextField, useFocusFirstError } from "../ui/forms";
import { PERMIT_STATUSES, PERMIT_TYPES, PermitFormSchema } from "./permit-schema";
import { PERMIT_STATUS_LABEL, PERMIT_TYPE_LABEL } from "../i18n/labels";

export function PermitForm({
  sites,
  defaultValue,
  lastResult,
  submitLabel,
  cancelTo,
}: {
  sites: { id: string; name: string }[];
  defaultValue?: Record<string, string>;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof PermitFormSchema>, z.output<typeof PermitFormSchema>>({
    id: "permit",
    lastResult,
    defaultValue: (defaultValue ?? { status: "granted" }) as Partial<z.input<typeof PermitFormSchema>>,
    constraint: getZodConstraint(PermitFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PermitFormSchema }),
  });
  useFocusFirstError(form.id, lastResult);
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <CsrfInput />
      <FormError id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields.siteId}
        label={t("permits.site")}
        placeholder={t("common.choose")}
        options={sites.map((s) => ({ value: s.id, label: s.name }))}
      />
      <SelectField
        meta={fields.type}
        label={t("permits.type")}
        placeholder={t("common.choose")}
        options={PERMIT_TYPES.map((v) => ({ value: v, label: t(PERMIT_TYPE_LABEL[v]) }))}
      />
      <TextField meta={fields.authority} label={t("permits.authority")} hint={t("permits.authorityHint")} />
      <TextField meta={fields.reference} label={t("permits.reference")} />
      <SelectField
        meta={fields.status}
        label={t("permits.status")}
        options={PERMIT_STATUSES.map((v) => ({ value: v, label: t(PERMIT_STATUS_LABEL[v]) }))}
      />
      <TextField meta={fields.issuedOn} label={t("permits.issuedOn")} type="date" />
      <TextField meta={fields.expiresOn} label={t("permits.expiresOn")} type="date" />
      <fieldset className="contacts">
        <legend>{t("permits.conditions")}</legend>
        <TextField meta={fields.maxPowerMw} label={t("permits.maxPowerMw")} />
        <TextField meta={fields.maxGeneratorHours} label={t("permits.maxGeneratorHours")} />
        <TextField meta={fields.maxNoiseDb} label={t("permits.maxNoiseDb")} />
        <TextField meta={fields.maxWaterM3} label={t("permits.maxWaterM3")} />
        <TextAreaField meta={fields.conditionsText} label={t("permits.conditionsText")} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
        <Link to={cancelTo}>{t("common.cancel")}</Link>
      </div>
    </Form>
  );
}
