import type { ControlStatus } from "../../db/schema/controls";
import type { MessageKey } from "../i18n/keys";

/**
 * What Attest says about a control, as opposed to what its officer declared. The officer's `status` is kept as
 * declared; the effective status is derived here and nowhere else, from plain inputs (counts and ISO dates), so that
 * the pages, the exports, the API, the dashboard and the audit report (which passes the state at a period's end)
 * all apply the same rule. This module reads no clock and no database.
 *
 * The rule (docs/decisions/008-effective-control-status.md):
 * - Not applicable, not started and partial stay as declared: nothing is claimed that the facts could contradict.
 *   Their reasons are still given (failing checks, expired evidence, overdue review) so the officer sees them, but
 *   the status does not change.
 * - Declared "implemented" is effective only when all of these hold; otherwise it is "needs_attention" with the
 *   reason of each one that fails, in this order:
 *   1. `automated_checks_failing` — no latest automated check result of the policies citing the control fails (a
 *      check in error counts as failing: it proved nothing);
 *   2. `evidence_expired` — none of its evidence has lapsed (each evidence lineage is one proof; a lapsed one must be
 *      renewed, even when another proof is current);
 *   3. `no_current_evidence` — something proves it today: at least one current evidence, or at least one passing
 *      automated check (reported only when 1 and 2 do not already explain the lack of proof);
 *   4. `review_overdue` — its next review date, if set, is not in the past (the declaration was last confirmed at a
 *      review; after the review date it is no longer confirmed).
 */

export const EFFECTIVE_STATUSES = ["implemented", "needs_attention", "partial", "not_started", "not_applicable"] as const;
export type EffectiveStatus = (typeof EFFECTIVE_STATUSES)[number];

export const ATTENTION_REASONS = ["automated_checks_failing", "evidence_expired", "no_current_evidence", "review_overdue"] as const;
export type AttentionReasonCode = (typeof ATTENTION_REASONS)[number];

export type AttentionReason =
  | { code: "automated_checks_failing"; count: number }
  | { code: "evidence_expired"; count: number }
  | { code: "no_current_evidence" }
  | { code: "review_overdue"; since: string };

export type EffectiveStatusInput = {
  /** The officer's declared status; pass "not_applicable" for a control declared not applicable. */
  declared: ControlStatus;
  /** Latest automated check results of the policies citing the control: passing, and failing or in error. */
  automated: { passing: number; failing: number };
  /** Evidence valid on `today`, and evidence whose validity ended before `today` (see summariseEvidence). */
  evidence: { current: number; expired: number };
  /** The next review date, `YYYY-MM-DD`, or null when none is set. */
  nextReviewOn: string | null;
  /** The day the status is judged on, `YYYY-MM-DD` (today for the pages, a period's last day for a report). */
  today: string;
};

export type EffectiveStatusResult = { status: EffectiveStatus; reasons: AttentionReason[] };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertDate(name: string, value: string) {
  if (!ISO_DATE.test(value)) throw new Error(`effectiveStatus: ${name} is not a YYYY-MM-DD date: ${value}`);
}

function assertCount(name: string, value: number) {
  if (!Number.isInteger(value) || value < 0) throw new Error(`effectiveStatus: ${name} is not a count: ${value}`);
}

/** The effective status of a control and the reasons it needs attention (the one rule; see the module comment). */
export function effectiveStatus(input: EffectiveStatusInput): EffectiveStatusResult {
  const { declared, automated, evidence, nextReviewOn, today } = input;
  assertDate("today", today);
  if (nextReviewOn !== null) assertDate("nextReviewOn", nextReviewOn);
  assertCount("automated.passing", automated.passing);
  assertCount("automated.failing", automated.failing);
  assertCount("evidence.current", evidence.current);
  assertCount("evidence.expired", evidence.expired);
  if (declared === "not_applicable") return { status: "not_applicable", reasons: [] };

  const reasons: AttentionReason[] = [];
  if (automated.failing > 0) reasons.push({ code: "automated_checks_failing", count: automated.failing });
  if (evidence.expired > 0) reasons.push({ code: "evidence_expired", count: evidence.expired });
  const proven = evidence.current > 0 || automated.passing > 0;
  if (declared === "implemented" && !proven && reasons.length === 0) reasons.push({ code: "no_current_evidence" });
  if (nextReviewOn !== null && nextReviewOn < today) reasons.push({ code: "review_overdue", since: nextReviewOn });

  if (declared !== "implemented") return { status: declared, reasons };
  return { status: reasons.length === 0 ? "implemented" : "needs_attention", reasons };
}

/** One stored version of an evidence item, as much of it as the rule needs. */
export type EvidenceVersion = { lineageId: string; version: number; evidenceDate: string; expiresOn: string | null };

/**
 * Evidence as counted on `today`: for each lineage, its newest version already in effect (dated on or before
 * `today`; a version dated later did not exist yet as proof). That version is current when it has no end of validity
 * or is still valid on `today` (`expiresOn` is the last valid day), and expired otherwise.
 */
export function summariseEvidence(versions: readonly EvidenceVersion[], today: string): { current: number; expired: number } {
  assertDate("today", today);
  const newest = new Map<string, EvidenceVersion>();
  for (const v of versions) {
    if (v.evidenceDate > today) continue;
    const seen = newest.get(v.lineageId);
    if (!seen || seen.version < v.version) newest.set(v.lineageId, v);
  }
  let current = 0;
  let expired = 0;
  for (const v of newest.values()) {
    if (v.expiresOn !== null && v.expiresOn < today) expired++;
    else current++;
  }
  return { current, expired };
}

/** The message of a reason, for `t(key, values)`. */
export function reasonText(reason: AttentionReason): { key: MessageKey; values: Record<string, string | number> } {
  switch (reason.code) {
    case "automated_checks_failing":
      return { key: "controls.reasons.automated_checks_failing", values: { count: reason.count } };
    case "evidence_expired":
      return { key: "controls.reasons.evidence_expired", values: { count: reason.count } };
    case "review_overdue":
      return { key: "controls.reasons.review_overdue", values: { date: reason.since } };
    case "no_current_evidence":
      return { key: "controls.reasons.no_current_evidence", values: {} };
  }
}
