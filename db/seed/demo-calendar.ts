import { DAY_MS, daysAfter, isoDate } from "../../app/config/clock";

/** The day the demo's dates were written for. Seeded on another day, they all move by the same distance. */
export const DEMO_WRITTEN_ON = "2026-11-26";

/**
 * The demo's dates as seen from the seed's instant: the demo reads the same on any day (an evidence that lapsed five
 * months ago, a notice deadline in seven months, last year's energy figures), and is exactly as written when
 * seeded on DEMO_WRITTEN_ON, which the tests that assert its dates use as their clock.
 */
export function demoCalendar(now: Date) {
  const shiftDays = Math.round((Date.parse(isoDate(now)) - Date.parse(DEMO_WRITTEN_ON)) / DAY_MS);
  const shiftYears = now.getUTCFullYear() - Number(DEMO_WRITTEN_ON.slice(0, 4));
  return {
    /** A date written for DEMO_WRITTEN_ON, moved to the seed's day. */
    day: (written: string) => daysAfter(new Date(written), shiftDays),
    /** A calendar year written for DEMO_WRITTEN_ON (e.g. "last year's PUE"), moved to the seed's year. */
    year: (written: number) => written + shiftYears,
    /** The date this many days after the seed's day. */
    inDays: (days: number) => daysAfter(now, days),
  };
}
