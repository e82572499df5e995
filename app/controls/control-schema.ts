import { z } from "zod";
import { CONTROL_STATUSES } from "../../db/schema/controls";

const required = { error: "validation.required" } as const;
const day = z.iso.date({ error: "validation.date" });

export const ControlFormSchema = z
  .object({
    applicable: z.enum(["yes", "no"], required),
    justification: z.string().trim().max(2000, { error: "validation.tooLong" }).optional(),
    status: z.enum(CONTROL_STATUSES, required),
    ownerUserId: z.uuid().optional(),
    reviewIntervalMonths: z
      .string(required)
      .regex(/^\d{1,2}$/, { error: "controls.intervalRange" })
      .transform(Number)
      .pipe(z.number().int().min(1, { error: "controls.intervalRange" }).max(60, { error: "controls.intervalRange" })),
    nextReviewOn: day.optional(),
  })
  .superRefine((v, ctx) => {
    // The Statement of Applicability must say why a control is excluded.
    if (v.applicable === "no" && !v.justification) {
      ctx.addIssue({ code: "custom", path: ["justification"], message: "controls.justificationRequired" });
    }
  });
export type ControlInput = z.infer<typeof ControlFormSchema>;

export const EvidenceFormSchema = z
  .object({
    kind: z.enum(["file", "link"], required),
    title: z.string(required).trim().min(1, required).max(300, { error: "validation.tooLong" }),
    url: z
      .url({ protocol: /^https?$/, error: "controls.urlInvalid" })
      .max(2000)
      .optional(),
    evidenceDate: day,
    expiresOn: day.optional(),
    lineageId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "link" && !v.url) ctx.addIssue({ code: "custom", path: ["url"], message: "controls.urlInvalid" });
    if (v.expiresOn && v.expiresOn < v.evidenceDate) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "controls.expiryBeforeDate" });
    }
  });
export type EvidenceInput = z.infer<typeof EvidenceFormSchema>;

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
