import { z } from "zod";
import { RISK_SCOPE_TYPES, RISK_TREATMENTS } from "../../db/schema/risks";
import { LOCALES } from "../i18n/i18n";

export { RISK_SCOPE_TYPES, RISK_TREATMENTS };

const required = { error: "validation.required" } as const;
const words = (max: number) => z.string().trim().max(max, { error: "validation.tooLong" }).default("");
/** A level from a form (a digit) or the API (a whole number); whether the organisation's scale has it is checked later. */
const level = z
  .union([z.number(), z.string().trim().min(1, required).regex(/^\d+$/, { error: "risks.levelOffScale" }).transform(Number)], required)
  .pipe(z.number().int({ error: "risks.levelOffScale" }).min(1, { error: "risks.levelOffScale" }).max(5, { error: "risks.levelOffScale" }));
/** "A.7.11" is ISO/IEC 27001:2022's; another framework's requirement is named "framework:requirement". */
const controlRef = z.string(required).trim().min(1, required).max(120, { error: "validation.tooLong" });

export const RiskInputSchema = z.object({
  language: z.enum(LOCALES, required),
  title: z.string(required).trim().min(3, { error: "validation.tooShort" }).max(200, { error: "validation.tooLong" }),
  description: words(5000),
  riskSource: words(1000),
  threat: words(1000),
  vulnerability: words(1000),
  ownerUserId: z.uuid({ error: "risks.ownerNotMember" }).optional(),
  inherentLikelihood: level,
  inherentImpact: level,
  residualLikelihood: level,
  residualImpact: level,
  treatment: z.enum(RISK_TREATMENTS, required),
  controls: z.array(controlRef).max(100, { error: "validation.tooMany" }).default([]),
  scope: z
    .array(z.object({ type: z.enum(RISK_SCOPE_TYPES, required), id: z.uuid({ error: "risks.scopeNotFound" }) }))
    .max(500, { error: "validation.tooMany" })
    .default([]),
  nextReviewOn: z.iso.date({ error: "validation.date" }).optional(),
  libraryId: z.string({ error: "risks.unknownLibraryRisk" }).max(100, { error: "risks.unknownLibraryRisk" }).optional(),
});
export type RiskInput = z.infer<typeof RiskInputSchema>;

const SCOPE_VALUE = new RegExp(`^(${RISK_SCOPE_TYPES.join("|")}):[0-9a-f-]{36}$`, "i");

/**
 * The register's form: the same fields, with the scope sent as checkbox values ("asset:<id>", "tenant:<id>"), and a
 * risk's language defaulting to the reader's.
 */
export const RiskFormSchema = RiskInputSchema.extend({
  scope: z
    .array(z.string().regex(SCOPE_VALUE, { error: "risks.scopeNotFound" }))
    .max(500, { error: "validation.tooMany" })
    .default([])
    .transform((values) =>
      values.map((value) => {
        const colon = value.indexOf(":");
        return { type: value.slice(0, colon) as (typeof RISK_SCOPE_TYPES)[number], id: value.slice(colon + 1) };
      }),
    ),
});

/** The owner's acceptance of a residual risk (ISO/IEC 27001 6.1.3 f): until a day, with why. */
export const AcceptanceSchema = z.object({
  expiresOn: z.iso.date({ error: "validation.date" }),
  note: z.string().trim().max(2000, { error: "validation.tooLong" }).default(""),
});
export type AcceptanceInput = z.infer<typeof AcceptanceSchema>;
