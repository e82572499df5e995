import type { TFunction } from "i18next";
import { useEffect, useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { messageText, type MessageKey } from "../i18n/keys";
import type { AgreementFormSchema } from "./content";

/** The agreement form's sections, in order; each field below belongs to one. */
export const FORM_SECTIONS = ["general", "parties", "term", "law", "locations", "clauses", "obligations", "amendment"] as const;
export type FormSection = (typeof FORM_SECTIONS)[number];

export const sectionId = (formId: string, section: FormSection) => `${formId}-section-${section}`;

type FormField = keyof z.input<typeof AgreementFormSchema>;

/** Each field of the form: its label (as the form shows it) and its section, in the form's order. */
const FIELDS = {
  title: ["agreements.fields.title", "general"],
  type: ["agreements.fields.type", "general"],
  parties: ["agreements.fields.parties", "parties"],
  effectiveDate: ["agreements.fields.effectiveDate", "term"],
  termMonths: ["agreements.fields.termMonths", "term"],
  autoRenew: ["agreements.fields.autoRenew", "term"],
  renewalTermMonths: ["agreements.fields.renewalTermMonths", "term"],
  noticeDays: ["agreements.fields.noticeDays", "term"],
  governingLaw: ["agreements.fields.governingLaw", "law"],
  value: ["agreements.fields.value", "law"],
  currency: ["agreements.fields.currency", "law"],
  dataLocation: ["agreements.fields.dataLocation", "locations"],
  capacityMw: ["agreements.fields.capacityMw", "clauses"],
  capacityRacks: ["agreements.fields.capacityRacks", "clauses"],
  capacityGpus: ["agreements.fields.capacityGpus", "clauses"],
  slaAvailability: ["agreements.fields.slaAvailability", "clauses"],
  breachNotificationHours: ["agreements.fields.breachNotificationHours", "clauses"],
  subProcessing: ["agreements.fields.subProcessing", "clauses"],
  liabilityCap: ["agreements.fields.liabilityCap", "clauses"],
  confidentialityYears: ["agreements.fields.confidentialityYears", "clauses"],
  ipOwnership: ["agreements.fields.ipOwnership", "clauses"],
  freeClauses: ["agreements.fields.freeClauses", "clauses"],
  obligations: ["agreements.fields.obligations", "obligations"],
  note: ["agreements.fields.amendmentNote", "amendment"],
} as const satisfies Record<FormField, readonly [MessageKey, FormSection]>;

/** The fields of one party and of one obligation, labelled with their number ("Party 2: role"). */
const ITEM_FIELDS = {
  parties: {
    ref: "agreements.fields.party",
    role: "agreements.fields.role",
    signatory: "agreements.fields.signatory",
    signature: "agreements.fields.signature",
  },
  obligations: {
    party: "agreements.fields.obligationParty",
    text: "agreements.fields.obligationText",
    dueOn: "agreements.fields.dueOn",
    recurrence: "agreements.fields.recurrence",
    owner: "agreements.fields.owner",
    status: "agreements.fields.obligationStatus",
  },
} as const satisfies Record<"parties" | "obligations", Record<string, MessageKey>>;

const NAME = /^(\w+)(?:\[(\d+)\](?:\.(\w+))?)?$/;
const ORDER = Object.keys(FIELDS);

export type ErrorEntry = { name: string; label: string; target: string | null; messages: string[] };

/** A field's name as Conform writes it ("parties[1].ref") in the reader's words, or null for none of the form's. */
export function fieldLabel(t: TFunction, name: string): string | null {
  const [, top, index, sub] = name.match(NAME) ?? [];
  if (!top || !Object.hasOwn(FIELDS, top)) return null;
  if (index === undefined) return t(FIELDS[top as FormField][0]);
  if (top !== "parties" && top !== "obligations") return null;
  const items: Record<string, MessageKey> = ITEM_FIELDS[top];
  const key = sub === undefined ? (top === "parties" ? items.ref : items.text) : items[sub];
  return key ? t(key, { n: Number(index) + 1 }) : null;
}

/** The form's errors, in the order of the form, each with the element its link leads to. */
export function errorEntries(t: TFunction, formId: string, errors: Record<string, string[] | undefined>): ErrorEntry[] {
  const rank = (name: string) => {
    const [, top = "", index = "0"] = name.match(NAME) ?? [];
    return [ORDER.indexOf(top), Number(index)] as const;
  };
  return Object.entries(errors)
    .filter(([, messages]) => messages?.length)
    .map(([name, messages]) => {
      const label = fieldLabel(t, name);
      const top = name.match(NAME)?.[1];
      // A list's own error (too few parties) leads to its section; a field's to the field.
      const target =
        label === null
          ? null
          : name === top && (top === "parties" || top === "obligations")
            ? sectionId(formId, FIELDS[top][1])
            : `${formId}-${name}`;
      return { name, label: label ?? t("agreements.formErrors"), target, messages: messages!.map((m) => messageText(t, m)) };
    })
    .sort((a, b) => {
      const [ra, rb] = [rank(a.name), rank(b.name)];
      return ra[0] - rb[0] || ra[1] - rb[1] || a.name.localeCompare(b.name);
    });
}

const summaryId = (formId: string) => `${formId}-error-summary`;

function focusTarget(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  event.preventDefault();
  element.focus();
  element.scrollIntoView({ block: "center" });
}

/**
 * Every error of a refused submission at the top of the form, each linked to its field; shown once the form has
 * been sent (not while it is being filled in).
 */
export function ErrorSummary({ formId, errors, sent }: { formId: string; errors: Record<string, string[] | undefined>; sent: boolean }) {
  const { t } = useTranslation();
  const entries = errorEntries(t, formId, errors);
  if (!sent || entries.length === 0) return null;
  return (
    <div className="alert alert-error error-summary" id={summaryId(formId)} tabIndex={-1} aria-labelledby={`${summaryId(formId)}-title`}>
      <p id={`${summaryId(formId)}-title`}>
        <strong>{t("agreements.errorSummary", { count: entries.length })}</strong>
      </p>
      <ul>
        {entries.map((e) => (
          <li key={e.name}>
            {e.target ? (
              <a href={`#${e.target}`} onClick={(event) => focusTarget(event, e.target!)}>
                {e.label}
              </a>
            ) : (
              e.label
            )}
            {t("agreements.changes.colon")}
            {e.messages.join(" ")}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Whether the form has been sent; after each refused submission (refused by the browser-side check or by the
 * server), focus moves to the summary, so that a screen reader reads the count and the list first.
 */
export function useFocusErrorSummary(formId: string, lastResult: unknown): boolean {
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    if (!lastResult) return;
    setTimeout(() => document.getElementById(summaryId(formId))?.focus(), 0);
  }, [formId, lastResult]);
  useEffect(() => {
    const form = document.getElementById(formId);
    const onSubmit = () => {
      setSubmitted(true);
      // After React has rendered the errors of this submission.
      setTimeout(() => document.getElementById(summaryId(formId))?.focus(), 0);
    };
    form?.addEventListener("submit", onSubmit);
    return () => form?.removeEventListener("submit", onSubmit);
  }, [formId]);
  return submitted || Boolean(lastResult);
}
