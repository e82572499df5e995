/**
 * A framework's readiness: the share of its applicable controls whose effective status is implemented
 * (app/controls/effective-status.ts; counted by controlsOverview). The percentage is rounded down to a whole number,
 * so that the dashboard never shows 100 % while one control is still missing. No applicable control: no share.
 */
export function readinessOf(counts: { implemented: number; applicable: number }) {
  const { implemented, applicable } = counts;
  return { implemented, applicable, share: applicable > 0 ? Math.floor((implemented * 100) / applicable) / 100 : null };
}
