import { z } from "zod";
import {
  AGREEMENT_TYPES,
  LOCATION_BLOCS,
  PARTY_KINDS,
  PARTY_ROLES,
  RECURRENCES,
  SIGNATURES,
  termDates,
  type AgreementContent,
} from "../agreements/content";
import { isCountryCode } from "../i18n/countries";
import type { Permit } from "../../db/schema";
import { PERMIT_STATUSES, PERMIT_TYPES, renewalDue } from "../permits/permit-schema";

/** The JSON shape of a permit written through the API (numbers as numbers, dates as ISO days). */
export const PermitApiInput = z
  .object({
    site_id: z.uuid(),
    type: z.enum(PERMIT_TYPES),
    authority: z.string().trim().min(2).max(200),
    reference: z.string().trim().min(1).max(100),
    issued_on: z.iso.date().optional(),
    expires_on: z.iso.date().optional(),
    status: z.enum(PERMIT_STATUSES),
    conditions: z
      .object({
        max_power_mw: z.number().positive().max(10_000).optional(),
        max_generator_hours_per_year: z.number().positive().max(8_784).optional(),
        max_noise_db: z.number().positive().max(200).optional(),
        max_water_m3_per_year: z.number().positive().max(1e9).optional(),
        text: z.string().max(5000).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.issued_on && v.expires_on && v.expires_on < v.issued_on)
      ctx.addIssue({ code: "custom", path: ["expires_on"], message: "permits.expiryBeforeIssue" });
    if (v.status === "granted" && !v.issued_on) ctx.addIssue({ code: "custom", path: ["issued_on"], message: "permits.issuedRequired" });
  });

export function permitJson(p: Permit & { siteName?: string }, today: string) {
  return {
    id: p.id,
    site_id: p.siteId,
    type: p.type,
    authority: p.authority,
    reference: p.reference,
    status: p.status,
    issued_on: p.issuedOn,
    expires_on: p.expiresOn,
    renewal_due: renewalDue(p.type, p.expiresOn),
    conditions: p.conditions,
    archived: p.archivedAt !== null,
    as_of: today,
  };
}

export function agreementJson(
  a: { id: string; title: string; type: string; currentVersion: number },
  content: AgreementContent,
  today: string,
) {
  const { endsOn, noticeBy } = termDates(content.terms, today);
  return { id: a.id, title: a.title, type: a.type, version: a.currentVersion, ends_on: endsOn, notice_by: noticeBy, content };
}

const locationCode = z
  .string()
  .refine((c) => isCountryCode(c) || (LOCATION_BLOCS as readonly string[]).includes(c), "validation.locationCode");
const nullableNumber = (max: number) => z.number().min(0).max(max).nullable().default(null);

/** An agreement version as JSON: the same content the UI stores, checked the same way. */
export const AgreementApiInput = z
  .object({
    title: z.string().trim().min(3).max(300),
    type: z.enum(AGREEMENT_TYPES),
    note: z.string().max(2000).optional(),
    terms: z
      .object({
        effectiveDate: z.iso.date(),
        termMonths: z.number().int().min(1).max(600).nullable().default(null),
        autoRenew: z.boolean().default(false),
        renewalTermMonths: z.number().int().min(1).max(120).nullable().default(null),
        noticeDays: z.number().int().min(0).max(3650).nullable().default(null),
        governingLaw: z.string().refine(isCountryCode, "validation.countryCode"),
        value: nullableNumber(1e12),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, "agreements.currency")
          .nullable()
          .default(null),
      })
      .strict(),
    parties: z
      .array(
        z
          .object({
            kind: z.enum(PARTY_KINDS),
            id: z.uuid(),
            role: z.enum(PARTY_ROLES),
            signatory: z.string().max(200).nullable().default(null),
            signature: z.enum(SIGNATURES).default("pending"),
          })
          .strict(),
      )
      .min(2)
      .max(10),
    clauses: z
      .object({
        dataLocation: z.array(locationCode).min(1).nullable().default(null),
        capacity: z
          .object({ mw: nullableNumber(10_000), racks: nullableNumber(100_000), gpus: nullableNumber(1e7) })
          .strict()
          .nullable()
          .default(null),
        slaAvailability: nullableNumber(100),
        breachNotificationHours: nullableNumber(8760),
        subProcessing: z.enum(["allowed", "with_consent", "forbidden"]).nullable().default(null),
        liabilityCap: nullableNumber(1e12),
        confidentialityYears: nullableNumber(100),
        ipOwnership: z.string().max(500).nullable().default(null),
        free: z.string().max(20_000).nullable().default(null),
      })
      .strict()
      .default({
        dataLocation: null,
        capacity: null,
        slaAvailability: null,
        breachNotificationHours: null,
        subProcessing: null,
        liabilityCap: null,
        confidentialityYears: null,
        ipOwnership: null,
        free: null,
      }),
    obligations: z
      .array(
        z
          .object({
            party: z.number().int().min(0),
            text: z.string().trim().min(3).max(2000),
            dueOn: z.iso.date().nullable().default(null),
            recurrence: z.enum(RECURRENCES).default("once"),
            owner: z.string().max(200).nullable().default(null),
            status: z.enum(["open", "done"]).default("open"),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    const refs = v.parties.map((p) => `${p.kind}:${p.id}`);
    refs.forEach((ref, i) => {
      if (refs.indexOf(ref) !== i) ctx.addIssue({ code: "custom", path: ["parties", i], message: "agreements.partyTwice" });
    });
    v.obligations.forEach((o, i) => {
      if (o.party >= v.parties.length)
        ctx.addIssue({ code: "custom", path: ["obligations", i, "party"], message: "api.details.noPartyAtIndex" });
    });
    if (v.terms.autoRenew && !v.terms.termMonths)
      ctx.addIssue({ code: "custom", path: ["terms", "termMonths"], message: "agreements.termRequired" });
  });

export function contentFromApi(input: z.infer<typeof AgreementApiInput>): AgreementContent {
  const { note: _note, ...content } = input;
  return content;
}
