import { z } from "zod";
import { REPORT_FRAMEWORK_IDS } from "../reports/report-frameworks";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "audits.periodInvalid");

export const CreateAuditForm = z
  .object({
    title: z.string().trim().min(1, "audits.titleRequired").max(200, "audits.titleRequired"),
    framework: z.enum(REPORT_FRAMEWORK_IDS, { error: "reports.audit.frameworkRequired" }),
    periodStart: day,
    periodEnd: day,
    auditorIds: z.array(z.uuid({ error: "audits.auditorInvalid" })).max(20, "audits.auditorInvalid"),
  })
  .refine((v) => v.periodStart <= v.periodEnd, { path: ["periodEnd"], message: "audits.periodInvalid" });

export const ReviewForm = z.object({
  itemId: z.string().min(1).max(100),
  kind: z.enum(["accepted", "flagged", "response"]),
  comment: z.string().trim().min(3, "audits.commentRequired").max(4000, "audits.commentRequired"),
});
