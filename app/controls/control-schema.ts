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

/**
 * The date rules of evidence, one place for the form, the service and the seed: its date (the day it speaks for, not
 * the day it is uploaded) is never later than `today`, and its end of validity comes after that date. Issues name the
 * field and an i18n key.
 */
export function evidenceDateIssues(v: { evidenceDate: string; expiresOn?: string | undefined | null }, today: string) {
  const issues: { path: "evidenceDate" | "expiresOn"; message: string }[] = [];
  if (v.evidenceDate > today) issues.push({ path: "evidenceDate", message: "controls.evidenceDateFuture" });
  if (v.expiresOn && v.expiresOn <= v.evidenceDate) issues.push({ path: "expiresOn", message: "controls.expiryBeforeDate" });
  return issues;
}

/** The evidence form as of `today` (the server's day: the loader hands it to the browser so both judge alike). */
export const evidenceFormSchema = (today: string) =>
  z
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
      for (const issue of evidenceDateIssues(v, today)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
    });
export type EvidenceInput = z.infer<ReturnType<typeof evidenceFormSchema>>;

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
