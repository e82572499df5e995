import { describe, expect, it } from "vitest";
import { band, DEFAULT_SCALE, fitsScale, fromLibraryLevel, maxScore, RiskScale, score } from "./scale";

const threeByThree: RiskScale = {
  likelihood: DEFAULT_SCALE.likelihood.filter((_, i) => i % 2 === 0),
  impact: DEFAULT_SCALE.impact.filter((_, i) => i % 2 === 0),
};

describe("risk scale", () => {
  it("scores likelihood × impact and bands it by the share of the scale's highest score", () => {
    expect(maxScore(DEFAULT_SCALE)).toBe(25);
    expect([1, 4, 5, 6, 10, 12, 16, 20, 25].map((s) => band(s, DEFAULT_SCALE))).toEqual([
      "low",
      "low",
      "low",
      "medium",
      "medium",
      "high",
      "high",
      "critical",
      "critical",
    ]);
    expect([1, 2, 3, 4, 6, 9].map((s) => band(s, threeByThree))).toEqual(["low", "medium", "medium", "high", "high", "critical"]);
    expect(score({ likelihood: 4, impact: 5 })).toBe(20);
  });

  it("accepts only whole levels that exist on the scale", () => {
    expect(fitsScale({ likelihood: 5, impact: 5 }, DEFAULT_SCALE)).toBe(true);
    expect(fitsScale({ likelihood: 4, impact: 3 }, threeByThree)).toBe(false);
    expect(fitsScale({ likelihood: 0, impact: 1 }, DEFAULT_SCALE)).toBe(false);
    expect(fitsScale({ likelihood: 2.5, impact: 1 }, DEFAULT_SCALE)).toBe(false);
  });

  it("maps the library's 1–5 levels to the nearest level of a smaller scale, never off it", () => {
    expect([1, 2, 3, 4, 5].map((l) => fromLibraryLevel(l, 5))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3, 4, 5].map((l) => fromLibraryLevel(l, 3))).toEqual([1, 1, 2, 2, 3]);
    expect([1, 2, 3, 4, 5].map((l) => fromLibraryLevel(l, 4))).toEqual([1, 2, 2, 3, 4]);
  });

  it("refuses a scale of fewer than 3 or more than 5 levels, or a level without both languages", () => {
    expect(RiskScale.safeParse(threeByThree).success).toBe(true);
    expect(RiskScale.safeParse({ ...DEFAULT_SCALE, impact: DEFAULT_SCALE.impact.slice(0, 2) }).success).toBe(false);
    expect(RiskScale.safeParse({ ...DEFAULT_SCALE, impact: [...DEFAULT_SCALE.impact, { en: "Extreme", fr: "Extrême" }] }).success).toBe(
      false,
    );
    expect(RiskScale.safeParse({ ...DEFAULT_SCALE, likelihood: [{ en: "Rare" }, ...DEFAULT_SCALE.likelihood.slice(1)] }).success).toBe(
      false,
    );
  });
});
