import { afterAll, beforeAll } from "vitest";
import { setClock } from "../app/config/clock";

/** The instant the demo-seeded suites start at, whatever day they run: late November 2026, inside the demo's periods. */
export const DEMO_NOW = new Date("2026-11-26T12:00:00Z");

/**
 * Runs the app's clock from `start` for this file's tests (it keeps ticking, so that order by time still holds).
 * Call it before the hooks that seed, so that the seed and the assertions read the same days.
 */
export function clockFrom(start: Date = DEMO_NOW) {
  beforeAll(() => {
    const offset = start.getTime() - Date.now();
    setClock(() => new Date(Date.now() + offset));
  });
  afterAll(() => setClock(null));
}
