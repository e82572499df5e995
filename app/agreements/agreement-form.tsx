import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { countryOptions } from "../i18n/countries";
import { CsrfInput, FieldErrors, FormError, SelectField, TextAreaField, TextField } from "../ui/forms";
import { AGREEMENT_TYPES, AgreementFormSchema, PARTY_ROLES, RECURRENCES, SIGNATURES } from "./content";
import { labelOf, AGREEMENT_TYPE_LABEL, PARTY_ROLE_LABEL, RECURRENCE_LABEL, SIGNATURE_LABEL, SUB_PROCESSING_LABEL } from "../i18n/labels";
import { ErrorSummary, FORM_SECTIONS, sectionId, useFocusErrorSummary, type FormSection } from "./form-errors";

type Choice = { ref: string; label: string };

export function AgreementForm({
  parties,
  defaultValue,
  lastResult,
  submitLabel,
  cancelTo,
  amendment,
}: {
  parties: Choice[];
  defaultValue?: Record<string, unknown>;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  cancelTo: string;
  amendment?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm<z.input<typeof AgreementFormSchema>, z.output<typeof AgreementFormSchema>>({
    id: "agreement",
    lastResult,
    defaultValue: (defaultValue ?? {
      autoRenew: "no",
      governingLaw: "FR",
      parties: [
        { ref: "", role: "provider", signature: "pending" },
        { ref: "", role: "customer", signature: "pending" },
      ],
      obligations: [],
    }) as Partial<z.input<typeof AgreementFormSchema>>,
    constraint: getZodConstraint(AgreementFormSchema),
    // Every field's error at once when the form is sent (Conform then validates all of them); a field left is
    // checked on blur, and re-checked as it is corrected.
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgreementFormSchema }),
  });
  const sent = useFocusErrorSummary(form.id, lastResult);
  const partyList = fields.parties.getFieldList();
  const obligationList = fields.obligations.getFieldList();
  const countries = countryOptions(i18n.language).map((c) => ({ value: c.code, label: c.name }));
  // An obligation binds one of the parties above: offered by name as soon as the party is chosen.
  const partyName = new Map(parties.map((c) => [c.ref, c.label]));
  const obligationParties = partyList.map((party, i) => {
    const ref = party.getFieldset().ref.value;
    return { value: String(i), label: (ref && partyName.get(ref)) || t("agreements.fields.party", { n: i + 1 }) };
  });
  const sections: FormSection[] = FORM_SECTIONS.filter((s) => amendment || s !== "amendment");
  const section = (name: FormSection) => ({ id: sectionId(form.id, name), legend: t(SECTION_LEGEND[name]) });
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <CsrfInput />
      <FormError id={form.errorId} errors={form.errors} />
      <ErrorSummary formId={form.id} errors={form.allErrors} sent={sent} />
      <nav className="form-contents" aria-label={t("agreements.sections.contents")}>
        <ol>
          {sections.map((name) => (
            <li key={name}>
              <a href={`#${sectionId(form.id, name)}`}>{t(SECTION_LEGEND[name])}</a>
            </li>
          ))}
        </ol>
      </nav>
      <SectionSet {...section("general")}>
        <TextField meta={fields.title} label={t("agreements.fields.title")} />
        <SelectField
          meta={fields.type}
          label={t("agreements.fields.type")}
          placeholder={t("common.choose")}
          options={AGREEMENT_TYPES.map((v) => ({ value: v, label: t(AGREEMENT_TYPE_LABEL[v]) }))}
        />
      </SectionSet>
      <SectionSet {...section("parties")}>
        <FieldErrors id={fields.parties.errorId} errors={fields.parties.errors} />
        {partyList.map((party, index) => {
          const p = party.getFieldset();
          return (
            <div key={party.key} className="contact-row">
              <SelectField
                meta={p.ref}
                label={t("agreements.fields.party", { n: index + 1 })}
                placeholder={t("common.choose")}
                options={parties.map((c) => ({ value: c.ref, label: c.label }))}
              />
              <SelectField
                meta={p.role}
                label={t("agreements.fields.role", { n: index + 1 })}
                options={PARTY_ROLES.map((v) => ({ value: v, label: t(PARTY_ROLE_LABEL[v]) }))}
              />
              <TextField meta={p.signatory} label={t("agreements.fields.signatory", { n: index + 1 })} />
              <SelectField
                meta={p.signature}
                label={t("agreements.fields.signature", { n: index + 1 })}
                options={SIGNATURES.map((v) => ({ value: v, label: t(SIGNATURE_LABEL[v]) }))}
              />
              {partyList.length > 2 ? (
                <button className="button small" {...form.remove.getButtonProps({ name: fields.parties.name, index })}>
                  {t("agreements.fields.removeParty", { n: index + 1 })}
                </button>
              ) : null}
            </div>
          );
        })}
        <button
          className="button small"
          {...form.insert.getButtonProps({ name: fields.parties.name, defaultValue: { ref: "", role: "customer", signature: "pending" } })}
        >
          {t("agreements.fields.addParty")}
        </button>
      </SectionSet>
      <SectionSet {...section("term")}>
        <TextField meta={fields.effectiveDate} label={t("agreements.fields.effectiveDate")} type="date" />
        <TextField meta={fields.termMonths} label={t("agreements.fields.termMonths")} />
        <SelectField
          meta={fields.autoRenew}
          label={t("agreements.fields.autoRenew")}
          options={[
            { value: "no", label: t("controls.no") },
            { value: "yes", label: t("controls.yes") },
          ]}
        />
        <TextField meta={fields.renewalTermMonths} label={t("agreements.fields.renewalTermMonths")} />
        <TextField meta={fields.noticeDays} label={t("agreements.fields.noticeDays")} />
      </SectionSet>
      <SectionSet {...section("law")}>
        <SelectField meta={fields.governingLaw} label={t("agreements.fields.governingLaw")} options={countries} />
        <TextField meta={fields.value} label={t("agreements.fields.value")} />
        <TextField meta={fields.currency} label={t("agreements.fields.currency")} hint="EUR, USD…" />
      </SectionSet>
      <SectionSet {...section("locations")}>
        <TextField meta={fields.dataLocation} label={t("agreements.fields.dataLocation")} hint={t("agreements.fields.dataLocationHint")} />
      </SectionSet>
      <SectionSet {...section("clauses")}>
        <TextField meta={fields.capacityMw} label={t("agreements.fields.capacityMw")} />
        <TextField meta={fields.capacityRacks} label={t("agreements.fields.capacityRacks")} />
        <TextField meta={fields.capacityGpus} label={t("agreements.fields.capacityGpus")} />
        <TextField meta={fields.slaAvailability} label={t("agreements.fields.slaAvailability")} />
        <TextField meta={fields.breachNotificationHours} label={t("agreements.fields.breachNotificationHours")} />
        <SelectField
          meta={fields.subProcessing}
          label={t("agreements.fields.subProcessing")}
          placeholder={t("agreements.fields.notSaid")}
          options={["allowed", "with_consent", "forbidden"].map((v) => ({ value: v, label: t(labelOf(SUB_PROCESSING_LABEL, v)) }))}
        />
        <TextField meta={fields.liabilityCap} label={t("agreements.fields.liabilityCap")} />
        <TextField meta={fields.confidentialityYears} label={t("agreements.fields.confidentialityYears")} />
        <TextField meta={fields.ipOwnership} label={t("agreements.fields.ipOwnership")} />
        <TextAreaField meta={fields.freeClauses} label={t("agreements.fields.freeClauses")} />
      </SectionSet>
      <SectionSet {...section("obligations")}>
        <FieldErrors id={fields.obligations.errorId} errors={fields.obligations.errors} />
        {obligationList.map((obligation, index) => {
          const o = obligation.getFieldset();
          return (
            <div key={obligation.key} className="contact-row">
              <SelectField
                meta={o.party}
                label={t("agreements.fields.obligationParty", { n: index + 1 })}
                placeholder={t("common.choose")}
                options={obligationParties}
              />
              <TextAreaField meta={o.text} label={t("agreements.fields.obligationText", { n: index + 1 })} />
              <TextField meta={o.dueOn} label={t("agreements.fields.dueOn", { n: index + 1 })} type="date" />
              <SelectField
                meta={o.recurrence}
                label={t("agreements.fields.recurrence", { n: index + 1 })}
                options={RECURRENCES.map((v) => ({ value: v, label: t(RECURRENCE_LABEL[v]) }))}
              />
              <TextField meta={o.owner} label={t("agreements.fields.owner", { n: index + 1 })} />
              <SelectField
                meta={o.status}
                label={t("agreements.fields.obligationStatus", { n: index + 1 })}
                options={[
                  { value: "open", label: t("agreements.open") },
                  { value: "done", label: t("agreements.done") },
                ]}
              />
              <button className="button small" {...form.remove.getButtonProps({ name: fields.obligations.name, index })}>
                {t("agreements.fields.removeObligation", { n: index + 1 })}
              </button>
            </div>
          );
        })}
        <button
          className="button small"
          {...form.insert.getButtonProps({
            name: fields.obligations.name,
            defaultValue: { party: "0", text: "", recurrence: "once", status: "open" },
          })}
        >
          {t("agreements.fields.addObligation")}
        </button>
      </SectionSet>
      {amendment ? (
        <SectionSet {...section("amendment")}>
          <TextAreaField meta={fields.note} label={t("agreements.fields.amendmentNote")} />
        </SectionSet>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
        <Link to={cancelTo}>{t("common.cancel")}</Link>
      </div>
    </Form>
  );
}

const SECTION_LEGEND = {
  general: "agreements.sections.general",
  parties: "agreements.fields.parties",
  term: "agreements.sections.term",
  law: "agreements.sections.law",
  locations: "agreements.sections.locations",
  clauses: "agreements.fields.clauses",
  obligations: "agreements.fields.obligations",
  amendment: "agreements.sections.amendment",
} as const satisfies Record<FormSection, string>;

/** One section of the form: a fieldset the table of contents and the error summary lead to (focusable for that). */
function SectionSet({ id, legend, children }: { id: string; legend: string; children: ReactNode }) {
  return (
    <fieldset className="contacts form-section" id={id} tabIndex={-1}>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
