import { describe, expect, it } from "vitest";
import { scheduleIntervalHours } from "./schedule-interval";

describe("scheduleIntervalHours", () => {
  it.each([
    ["0 2 * * *", 24],
    ["0 3 * * 0", 168],
    ["0 */6 * * *", 6],
    ["*/15 * * * *", 1],
    ["0 1 1 * *", 744],
    ["0 2,14 * * *", 12],
    ["@weekly", 168],
  ])("%s allows %d hours", (cron, hours) => expect(scheduleIntervalHours(cron)).toBe(hours));

  it("gives null for what it cannot read", () => {
    expect(scheduleIntervalHours("nightly")).toBeNull();
    expect(scheduleIntervalHours(undefined)).toBeNull();
  });
});
