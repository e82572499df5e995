import { z } from "zod";
import { FINDING_STATUSES } from "../../db/schema/findings";
import type { FindingFilters } from "./findings.server";
import { SEVERITIES } from "./policy-schema";
import { safeRedirect } from "../auth/safe-redirect";
import { SortParam, type Sort } from "../ui/sort";

/** The columns the findings list sorts by; most severe first when the address names none. */
export const FINDING_SORT_COLUMNS = ["severity", "policy", "resource", "status", "first_seen", "last_seen"] as const;
export type FindingSortColumn = (typeof FINDING_SORT_COLUMNS)[number];
export type FindingSort = Sort<FindingSortColumn>;
export const DEFAULT_FINDING_SORT: FindingSort = { column: "severity", direction: "desc" };

/** Query of the findings list and of GET /api/v1/findings. */
export const FindingQuery = z.object({
  status: z
    .enum([...FINDING_STATUSES, "live"])
    .optional()
    .catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  tenant: z.uuid().optional().catch(undefined),
  policy: z.string().max(200).optional().catch(undefined),
  framework: z.string().max(100).optional().catch(undefined),
  site: z.uuid().optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  sort: SortParam(FINDING_SORT_COLUMNS, DEFAULT_FINDING_SORT),
});

/** The list's filters as the findings page, its exports and its links all read them from the address. */
export function findingFilters(query: z.infer<typeof FindingQuery>): FindingFilters {
  return {
    status: query.status,
    severity: query.severity,
    tenantId: query.tenant,
    policyId: query.policy,
    framework: query.framework,
    underAssetId: query.site,
    q: query.q,
  };
}

const MAX_EXCEPTION_DAYS = 366;

/** Accepting findings: which ones, why, and until when (tomorrow at the earliest, a year at most). */
export function exceptionSchema(today: string) {
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_EXCEPTION_DAYS * 86_400_000).toISOString().slice(0, 10);
  return z.object({
    findingId: z.array(z.uuid()).min(1, { error: "findings.selectAtLeastOne" }).max(500, { error: "validation.tooMany" }),
    justification: z
      .string({ error: "validation.required" })
      .trim()
      .min(10, { error: "findings.justificationTooShort" })
      .max(2000, { error: "validation.tooLong" }),
    expiresOn: z.iso.date({ error: "validation.date" }).refine((d) => d > today && d <= latest, { error: "findings.expiryRange" }),
  });
}

/** Deciding a four-eyes request: approving (a note if one likes) or refusing (a note saying why); or its requester withdrawing it. */
export const DecisionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("approve"),
    requestId: z.uuid({ error: "validation.invalid" }),
    note: z.string().trim().max(1000, { error: "validation.tooLong" }).optional(),
  }),
  z.object({
    intent: z.literal("refuse"),
    requestId: z.uuid({ error: "validation.invalid" }),
    note: z
      .string({ error: "validation.required" })
      .trim()
      .min(3, { error: "validation.tooShort" })
      .max(1000, { error: "validation.tooLong" }),
  }),
  z.object({ intent: z.literal("withdraw"), requestId: z.uuid({ error: "validation.invalid" }) }),
]);
export type Decision = z.infer<typeof DecisionSchema>;

export const RevokeSchema = z.object({
  reason: z
    .string({ error: "validation.required" })
    .trim()
    .min(3, { error: "validation.tooShort" })
    .max(1000, { error: "validation.tooLong" }),
});

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}

/**
 * Where "back to the findings" goes from a finding opened in the list: the list's own address as the link carried it
 * (`?from=/findings?status=open&sort=-last_seen&page=2`), so that its filters, order and page come back. Only the
 * findings list of this app is accepted (safeRedirect, then the path itself); anything else is the plain list.
 */
export function findingsListHref(from: string | null | undefined): string {
  const path = safeRedirect(from, "/findings");
  const url = new URL(path, "http://attest.invalid");
  return url.pathname === "/findings" ? `/findings${url.search}` : "/findings";
}

/** A finding's address that remembers the list it was opened from (`search` as the list's location has it). */
export function findingHref(findingId: string, listSearch: string): string {
  return listSearch
    ? `/findings/${findingId}?${new URLSearchParams({ from: `/findings${listSearch}` }).toString()}`
    : `/findings/${findingId}`;
}
