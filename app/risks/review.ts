import type { EffectiveStatus } from "../controls/effective-status";

/** How much a status claims: a residual score assessed on a control at one rank no longer holds below it. */
const RANK: Record<EffectiveStatus, number> = { implemented: 3, needs_attention: 2, partial: 2, not_started: 1, not_applicable: 0 };

/**
 * The treating controls whose effective status is lower now than when the risk was assessed, with both statuses:
 * the residual score counted on them, so the risk is up for review.
 */
export function degradedControls(assessed: Record<string, EffectiveStatus>, now: Map<string, EffectiveStatus>) {
  return Object.entries(assessed)
    .filter(([key, then]) => now.has(key) && RANK[now.get(key)!] < RANK[then])
    .map(([key, then]) => ({ control: key, then, now: now.get(key)! }))
    .sort((a, b) => a.control.localeCompare(b.control));
}
