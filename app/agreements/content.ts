import { z } from "zod";
import { AGREEMENT_TYPES } from "../../db/schema/agreements";
import { isCountryCode } from "../i18n/countries";

export { AGREEMENT_TYPES };
export const PARTY_KINDS = ["organization", "tenant", "counterparty"] as const;
export const PARTY_ROLES = ["provider", "customer", "licensor", "licensee", "processor", "controller", "guarantor", "investor"] as const;
export const SIGNATURES = ["pending", "signed", "declined"] as const;
export const RECURRENCES = ["once", "monthly", "quarterly", "yearly"] as const;
/** Where data may live: a country, or one of the blocs the GDPR reasons in. */
export const LOCATION_BLOCS = ["EEA", "EU"] as const;

const required = { error: "validation.required" } as const;
const day = z.iso.date({ error: "validation.date" });
const optionalNumber = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+([.,]\d+)?$/, { error: "validation.number" })
    .transform((v) => Number(v.replace(",", ".")))
    .pipe(z.number().min(0).max(max, { error: "validation.tooLarge" }))
    .optional();
const optionalInt = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: "validation.number" })
    .transform(Number)
    .pipe(z.number().int().min(0).max(max, { error: "validation.tooLarge" }))
    .optional();

const PartyForm = z.object({
  ref: z.string(required).regex(/^(organization|tenant|counterparty):[0-9a-f-]{36}$/, { error: "agreements.partyRequired" }),
  role: z.enum(PARTY_ROLES, required),
  signatory: z.string().trim().max(200).optional(),
  signature: z.enum(SIGNATURES, required),
});

const ObligationForm = z.object({
  party: z.string(required).regex(/^\d+$/, required),
  text: z.string(required).trim().min(3, { error: "validation.tooShort" }).max(2000, { error: "validation.tooLong" }),
  dueOn: day.optional(),
  recurrence: z.enum(RECURRENCES, required),
  owner: z.string().trim().max(200).optional(),
  status: z.enum(["open", "done"], required),
});

/** The agreement form: terms, parties, typed clauses (each at most once) and obligations. */
export const AgreementFormSchema = z
  .object({
    title: z.string(required).trim().min(3, { error: "validation.tooShort" }).max(300, { error: "validation.tooLong" }),
    type: z.enum(AGREEMENT_TYPES, required),
    effectiveDate: day,
    termMonths: optionalInt(600),
    autoRenew: z.enum(["yes", "no"], required),
    renewalTermMonths: optionalInt(120),
    noticeDays: optionalInt(3650),
    governingLaw: z.string(required).refine(isCountryCode, { error: "validation.country" }),
    value: optionalNumber(1e12),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, { error: "agreements.currency" })
      .optional(),
    parties: z.array(PartyForm).min(2, { error: "agreements.twoParties" }).max(10, { error: "validation.tooMany" }),
    dataLocation: z.string().trim().max(500).optional(),
    capacityMw: optionalNumber(10_000),
    capacityRacks: optionalInt(100_000),
    capacityGpus: optionalInt(10_000_000),
    slaAvailability: optionalNumber(100),
    breachNotificationHours: optionalInt(8760),
    subProcessing: z.enum(["allowed", "with_consent", "forbidden"]).optional(),
    liabilityCap: optionalNumber(1e12),
    confidentialityYears: optionalInt(100),
    ipOwnership: z.string().trim().max(500).optional(),
    freeClauses: z.string().trim().max(20_000).optional(),
    obligations: z.array(ObligationForm).max(50, { error: "validation.tooMany" }).default([]),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    const refs = v.parties.map((p) => p.ref);
    refs.forEach((ref, i) => {
      if (refs.indexOf(ref) !== i) ctx.addIssue({ code: "custom", path: ["parties", i, "ref"], message: "agreements.partyTwice" });
    });
    for (const code of locationCodes(v.dataLocation)) {
      if (!isCountryCode(code) && !(LOCATION_BLOCS as readonly string[]).includes(code)) {
        ctx.addIssue({ code: "custom", path: ["dataLocation"], message: "agreements.locationInvalid" });
        break;
      }
    }
    v.obligations.forEach((o, i) => {
      if (Number(o.party) >= v.parties.length)
        ctx.addIssue({ code: "custom", path: ["obligations", i, "party"], message: "agreements.partyRequired" });
    });
    if (v.autoRenew === "yes" && !v.termMonths) ctx.addIssue({ code: "custom", path: ["termMonths"], message: "agreements.termRequired" });
  });
export type AgreementForm = z.infer<typeof AgreementFormSchema>;

export function locationCodes(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

export type Party = {
  kind: (typeof PARTY_KINDS)[number];
  id: string;
  role: (typeof PARTY_ROLES)[number];
  signatory: string | null;
  signature: (typeof SIGNATURES)[number];
};
export type AgreementContent = {
  title: string;
  type: (typeof AGREEMENT_TYPES)[number];
  terms: {
    effectiveDate: string;
    termMonths: number | null;
    autoRenew: boolean;
    renewalTermMonths: number | null;
    noticeDays: number | null;
    governingLaw: string;
    value: number | null;
    currency: string | null;
  };
  parties: Party[];
  clauses: {
    dataLocation: string[] | null;
    capacity: { mw: number | null; racks: number | null; gpus: number | null } | null;
    slaAvailability: number | null;
    breachNotificationHours: number | null;
    subProcessing: "allowed" | "with_consent" | "forbidden" | null;
    liabilityCap: number | null;
    confidentialityYears: number | null;
    ipOwnership: string | null;
    free: string | null;
  };
  obligations: {
    party: number;
    text: string;
    dueOn: string | null;
    recurrence: (typeof RECURRENCES)[number];
    owner: string | null;
    status: "open" | "done";
    /** Set when the status was changed outside an amendment (applied when read, never stored in the version). */
    lastUpdate?: { status: "open" | "done"; note: string; author: string; at: string };
  }[];
};

const n = <T>(v: T | undefined) => (v === undefined || v === "" ? null : v);

/** The stored form of an agreement version. */
export function contentOf(form: AgreementForm): AgreementContent {
  const capacity = form.capacityMw ?? form.capacityRacks ?? form.capacityGpus;
  return {
    title: form.title,
    type: form.type,
    terms: {
      effectiveDate: form.effectiveDate,
      termMonths: n(form.termMonths),
      autoRenew: form.autoRenew === "yes",
      renewalTermMonths: n(form.renewalTermMonths),
      noticeDays: n(form.noticeDays),
      governingLaw: form.governingLaw,
      value: n(form.value),
      currency: n(form.currency),
    },
    parties: form.parties.map((p) => {
      const [kind, id] = p.ref.split(":") as [Party["kind"], string];
      return { kind, id, role: p.role, signatory: n(p.signatory), signature: p.signature };
    }),
    clauses: {
      dataLocation: form.dataLocation ? locationCodes(form.dataLocation) : null,
      capacity: capacity === undefined ? null : { mw: n(form.capacityMw), racks: n(form.capacityRacks), gpus: n(form.capacityGpus) },
      slaAvailability: n(form.slaAvailability),
      breachNotificationHours: n(form.breachNotificationHours),
      subProcessing: n(form.subProcessing),
      liabilityCap: n(form.liabilityCap),
      confidentialityYears: n(form.confidentialityYears),
      ipOwnership: n(form.ipOwnership),
      free: n(form.freeClauses),
    },
    obligations: form.obligations.map((o) => ({
      party: Number(o.party),
      text: o.text,
      dueOn: n(o.dueOn),
      recurrence: o.recurrence,
      owner: n(o.owner),
      status: o.status,
    })),
  };
}

/** The form's view of a stored version, for amendments. */
export function formOf(c: AgreementContent): Record<string, unknown> {
  const s = (v: number | string | null) => (v === null ? "" : String(v));
  return {
    title: c.title,
    type: c.type,
    effectiveDate: c.terms.effectiveDate,
    termMonths: s(c.terms.termMonths),
    autoRenew: c.terms.autoRenew ? "yes" : "no",
    renewalTermMonths: s(c.terms.renewalTermMonths),
    noticeDays: s(c.terms.noticeDays),
    governingLaw: c.terms.governingLaw,
    value: s(c.terms.value),
    currency: c.terms.currency ?? "",
    parties: c.parties.map((p) => ({ ref: `${p.kind}:${p.id}`, role: p.role, signatory: p.signatory ?? "", signature: p.signature })),
    dataLocation: (c.clauses.dataLocation ?? []).join(", "),
    capacityMw: s(c.clauses.capacity?.mw ?? null),
    capacityRacks: s(c.clauses.capacity?.racks ?? null),
    capacityGpus: s(c.clauses.capacity?.gpus ?? null),
    slaAvailability: s(c.clauses.slaAvailability),
    breachNotificationHours: s(c.clauses.breachNotificationHours),
    subProcessing: c.clauses.subProcessing ?? "",
    liabilityCap: s(c.clauses.liabilityCap),
    confidentialityYears: s(c.clauses.confidentialityYears),
    ipOwnership: c.clauses.ipOwnership ?? "",
    freeClauses: c.clauses.free ?? "",
    obligations: c.obligations.map((o) => ({
      party: String(o.party),
      text: o.text,
      dueOn: o.dueOn ?? "",
      recurrence: o.recurrence,
      owner: o.owner ?? "",
      status: o.status,
    })),
  };
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** End of the current term and the last day to give notice, rolling auto-renewed terms forward to `today`. */
export function termDates(terms: AgreementContent["terms"], today: string): { endsOn: string | null; noticeBy: string | null } {
  if (!terms.termMonths) return { endsOn: null, noticeBy: null };
  let endsOn = addMonths(terms.effectiveDate, terms.termMonths);
  while (terms.autoRenew && endsOn < today) endsOn = addMonths(endsOn, terms.renewalTermMonths || terms.termMonths);
  const noticeBy =
    terms.noticeDays === null
      ? null
      : new Date(Date.parse(`${endsOn}T00:00:00Z`) - terms.noticeDays * 86_400_000).toISOString().slice(0, 10);
  return { endsOn, noticeBy };
}
