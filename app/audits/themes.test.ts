import { describe, expect, it } from "vitest";
import { themeProgress } from "./themes";

describe("audit themes", () => {
  it("counts items, reviewed, accepted and flagged per theme in order of first appearance", () => {
    const org = { id: "organizational", name: { en: "Organisational", fr: "Organisationnelles" } };
    const tech = { id: "technological", name: { en: "Technological", fr: "Technologiques" } };
    const items = [
      { id: "A.5.1", theme: org },
      { id: "A.8.1", theme: tech },
      { id: "A.5.2", theme: org },
      { id: "A.5.3", theme: org },
    ];
    const progress = themeProgress(
      items,
      new Map([
        ["A.5.1", "accepted"],
        ["A.5.3", "flagged"],
        ["Z.1", "accepted"],
      ] as const),
    );
    expect(progress).toEqual([
      { ...org, total: 3, reviewed: 2, accepted: 1, flagged: 1 },
      { ...tech, total: 1, reviewed: 0, accepted: 0, flagged: 0 },
    ]);
  });
});
