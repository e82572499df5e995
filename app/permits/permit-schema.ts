import { z } from "zod";
import { PERMIT_STATUSES, PERMIT_TYPES, type PermitType } from "../../db/schema/permits";

export { PERMIT_STATUSES, PERMIT_TYPES };

/** How long before expiry the renewal must be filed, by type (months): authorities' usual instruction times. */
export const RENEWAL_LEAD_MONTHS: Record<PermitType, number> = {
  icpe: 12,
  building: 6,
  occupancy: 3,
  grid_connection: 12,
  water_withdrawal: 6,
  generator_fuel: 6,
  noise: 3,
};

const required = { error: "validation.required" } as const;
const day = z.iso.date({ error: "validation.date" });
const optionalLimit = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+([.,]\d+)?$/, { error: "validation.number" })
    .transform((v) => Number(v.replace(",", ".")))
    .pipe(z.number().positive({ error: "validation.number" }).max(max, { error: "validation.tooLarge" }))
    .optional();

export const PermitFormSchema = z
  .object({
    siteId: z.uuid({ error: "permits.siteRequired" }),
    type: z.enum(PERMIT_TYPES, required),
    authority: z.string(required).trim().min(2, { error: "validation.tooShort" }).max(200, { error: "validation.tooLong" }),
    reference: z.string(required).trim().min(1, required).max(100, { error: "validation.tooLong" }),
    issuedOn: day.optional(),
    expiresOn: day.optional(),
    status: z.enum(PERMIT_STATUSES, required),
    maxPowerMw: optionalLimit(10_000),
    maxGeneratorHours: optionalLimit(8_784),
    maxNoiseDb: optionalLimit(200),
    maxWaterM3: optionalLimit(1e9),
    conditionsText: z.string().trim().max(5000, { error: "validation.tooLong" }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.issuedOn && v.expiresOn && v.expiresOn < v.issuedOn) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "permits.expiryBeforeIssue" });
    }
    if (v.status === "granted" && !v.issuedOn) ctx.addIssue({ code: "custom", path: ["issuedOn"], message: "permits.issuedRequired" });
  });
export type PermitInput = z.infer<typeof PermitFormSchema>;

/** The day renewal must be filed by: expiry minus the type's lead time. */
export function renewalDue(type: PermitType, expiresOn: string | null): string | null {
  if (!expiresOn) return null;
  const d = new Date(`${expiresOn}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - RENEWAL_LEAD_MONTHS[type]);
  return d.toISOString().slice(0, 10);
}
