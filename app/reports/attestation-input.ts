import { REPORT_FRAMEWORK_IDS } from "./report-frameworks";
import { z } from "zod";
import * as clock from "../config/clock";
import { periodHasEnded } from "./period";

/** A datetime-local field (no zone) is read as UTC, as the form says. */
const localDateTime = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "reports.attestations.asOfInvalid" });
      return z.NEVER;
    }
    return date;
  });

export const IssueAttestationForm = z.object({
  tenantId: z.uuid({ error: "reports.attestations.tenantRequired" }),
  language: z.enum(["en", "fr"], { error: "reports.attestations.languageRequired" }),
  asOf: localDateTime.refine((date) => date === null || date <= clock.now(), "reports.attestations.refusals.future_as_of"),
});

export const IssueAttestationBody = z.strictObject({
  language: z.enum(["en", "fr"]),
  as_of: z.iso
    .datetime({ offset: true })
    .refine((value) => new Date(value) <= clock.now(), "reports.attestations.refusals.future_as_of")
    .optional(),
});

export const RevokeAttestationForm = z.object({
  reason: z.string().trim().min(10, "reports.attestations.reasonRequired").max(1000, "reports.attestations.reasonRequired"),
});

export const VerificationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^ATT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, "reports.verify.codeInvalid");

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "reports.audit.periodInvalid");

export const RequestReportForm = z
  .object({
    kind: z.enum(["audit_report", "evidence_pack"], { error: "reports.audit.frameworkRequired" }),
    framework: z.enum(REPORT_FRAMEWORK_IDS, { error: "reports.audit.frameworkRequired" }),
    periodStart: day,
    periodEnd: day,
    language: z.enum(["en", "fr"], { error: "reports.attestations.languageRequired" }),
  })
  .superRefine((v, ctx) => {
    if (v.periodStart > v.periodEnd) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "reports.audit.periodInvalid" });
    else if (!periodHasEnded(v.periodEnd)) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "reports.audit.periodNotEnded" });
  });
