import { z } from "zod";
import type { AgreementContent } from "../agreements/content";
import { termDates } from "../agreements/content";
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
    if (v.issued_on && v.expires_on && v.expires_on < v.issued_on) ctx.addIssue({ code: "custom", path: ["expires_on"], message: "must not come before issued_on" });
    if (v.status === "granted" && !v.issued_on) ctx.addIssue({ code: "custom", path: ["issued_on"], message: "a granted permit has an issue date" });
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

export function agreementJson(a: { id: string; title: string; type: string; currentVersion: number }, content: AgreementContent, today: string) {
  return { id: a.id, title: a.title, type: a.type, version: a.currentVersion, ...termDates(content.terms, today), content };
}

