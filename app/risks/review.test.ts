import { describe, expect, it } from "vitest";
import { degradedControls } from "./review";

describe("a treating control's degradation", () => {
  it("is a lower effective status than at assessment; the same or a better one is not, nor a control no longer named", () => {
    const assessed = { "iso:A.7.11": "implemented", "iso:A.7.5": "partial", "iso:A.8.13": "implemented", "iso:A.5.1": "partial" } as const;
    const now = new Map([
      ["iso:A.7.11", "needs_attention"],
      ["iso:A.7.5", "implemented"],
      ["iso:A.5.1", "needs_attention"],
    ] as const);
    expect(degradedControls(assessed, now)).toEqual([{ control: "iso:A.7.11", then: "implemented", now: "needs_attention" }]);
  });
});
