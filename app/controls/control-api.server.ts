import type { Tx } from "../../db/connection.server";
import { translator } from "../i18n/i18n";
import { statementOfApplicability, type SoaRow } from "./controls.server";
import { reasonText, type AttentionReason } from "./effective-status";

/** A reason as the API gives it: its machine code, its values, and an English sentence. */
export function apiReason(reason: AttentionReason) {
  const { key, values } = reasonText(reason);
  return { ...reason, message: translator("en")(key, values) };
}

/** What a token may read beside the controls: the risks they treat need risks:read. */
export type ControlApiAccess = { risks: boolean };
export const controlApiAccess = (principal: { scopes: readonly string[] }): ControlApiAccess => ({
  risks: principal.scopes.includes("risks:read"),
});

/** One requirement of the Statement of Applicability as /api/v1/controls gives it. */
export function controlApiRow(r: SoaRow, access: ControlApiAccess) {
  return {
    requirement: r.requirementId,
    theme: r.theme,
    title: r.title.en,
    applicable: r.record.applicable,
    justification: r.record.justification,
    /** What the organisation declared. */
    status: r.declared,
    /** What Attest makes of it (app/controls/effective-status.ts). */
    effective_status: r.status,
    reasons: r.reasons.map(apiReason),
    automated: { passing: r.automated.passing, failing: r.automated.failing },
    owner: r.record.ownerName,
    review_interval_months: r.record.reviewIntervalMonths,
    next_review_on: r.record.nextReviewOn,
    review_overdue: r.reviewOverdue,
    evidence: r.evidence,
    ...(access.risks ? { risks: r.risks.map((risk) => ({ id: risk.id, reference: risk.reference, title: risk.title })) } : {}),
  };
}

/** One requirement as /api/v1/controls/{framework}/{requirement} gives it, judged on `today`; null when unknown. */
export async function controlApiEntry(
  tx: Tx,
  params: { organizationId: string; frameworkId: string; requirementId: string; today: string; access: ControlApiAccess },
) {
  const soa = await statementOfApplicability(tx, params);
  const row = soa?.rows.find((r) => r.requirementId === params.requirementId);
  return soa && row ? { framework: soa.framework.id, ...controlApiRow(row, params.access) } : null;
}
