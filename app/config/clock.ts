/**
 * The one clock. Every decision that depends on "now" (periods, expiries, deadlines, report dates, the seed) reads
 * it here, so that a test can fix the instant it needs instead of depending on the day it runs. Durations measured
 * for logs and back-offs (elapsed milliseconds) are not decisions and may use the system's timers directly.
 */
let source: () => Date = () => new Date();

/** The current instant (a new Date each call: callers may keep or change it). */
export function now(): Date {
  return new Date(source().getTime());
}

/** Today's calendar date in UTC, `YYYY-MM-DD`: the date the registers' deadlines and validity are written in. */
export function today(): string {
  return isoDate(now());
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

/** The UTC calendar date this many days after an instant (before it when negative). */
export function daysAfter(instant: Date, days: number): string {
  return isoDate(new Date(instant.getTime() + days * DAY_MS));
}

/**
 * Runs `work` as if it had started at `instant`, the clock ticking on from there, then gives back the clock it found.
 * For writing a history before anything else runs (the demo's seed replays its first weeks); never while serving.
 */
export async function replayFrom<T>(instant: Date, work: () => Promise<T>): Promise<T> {
  const previous = source;
  const offset = instant.getTime() - previous().getTime();
  source = () => new Date(previous().getTime() + offset);
  try {
    return await work();
  } finally {
    source = previous;
  }
}

/**
 * Tests only: fix the clock at an instant (it stays there), make it follow a function, or give it back to the
 * system with `null`.
 */
export function setClock(to: Date | string | (() => Date) | null): void {
  if (to === null) source = () => new Date();
  else if (typeof to === "function") source = to;
  else {
    const fixed = new Date(to);
    if (Number.isNaN(fixed.getTime())) throw new Error(`setClock: not an instant: ${String(to)}`);
    source = () => fixed;
  }
}
