import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TenantContact } from "../../db/schema/identity";
import { countryOptions } from "../i18n/countries";
import { CsrfInput, FieldErrors, FormError, SelectField, TextField, useFocusFirstError } from "../ui/forms";
import { TenantFormSchema } from "./tenant-schema";

export type TenantDefaults = {
  legalName: string;
  slug: string;
  country: string;
  registrationNumber: string;
  contacts: TenantContact[];
};

export function TenantForm({
  defaultValue,
  lastResult,
  submitLabel,
  cancelTo,
}: {
  defaultValue?: TenantDefaults;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "tenant",
    lastResult,
    defaultValue: defaultValue ?? { contacts: [{ name: "", email: "", role: "" }] },
    constraint: getZodConstraint(TenantFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TenantFormSchema }),
  });
  useFocusFirstError(form.id, lastResult);
  const contacts = fields.contacts.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <CsrfInput />
      <FormError id={form.errorId} errors={form.errors} />
      <TextField meta={fields.legalName} label={t("tenants.fields.legalName")} />
      <TextField meta={fields.slug} label={t("tenants.fields.slug")} hint={t("tenants.fields.slugHint")} />
      <SelectField
        meta={fields.country}
        label={t("tenants.fields.country")}
        placeholder={t("common.choose")}
        options={countryOptions(i18n.language).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
      />
      <TextField meta={fields.registrationNumber} label={t("tenants.fields.registrationNumber")} />
      <fieldset className="contacts">
        <legend>{t("tenants.fields.contacts")}</legend>
        <FieldErrors id={fields.contacts.errorId} errors={fields.contacts.errors} />
        {contacts.map((contact, index) => {
          const c = contact.getFieldset();
          return (
            <div key={contact.key} className="contact-row">
              <TextField meta={c.name} label={t("tenants.fields.contactName", { n: index + 1 })} />
              <TextField meta={c.email} type="email" label={t("tenants.fields.contactEmail", { n: index + 1 })} />
              <TextField meta={c.role} label={t("tenants.fields.contactRole", { n: index + 1 })} />
              {contacts.length > 1 ? (
                <button className="button small" {...form.remove.getButtonProps({ name: fields.contacts.name, index })}>
                  {t("tenants.fields.removeContact", { n: index + 1 })}
                </button>
              ) : null}
            </div>
          );
        })}
        {contacts.length < 10 ? (
          <button
            className="button small"
            {...form.insert.getButtonProps({ name: fields.contacts.name, defaultValue: { name: "", email: "", role: "" } })}
          >
            {t("tenants.fields.addContact")}
          </button>
        ) : null}
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
