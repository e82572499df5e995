import { describe, expect, it } from "vitest";
import { changedFields } from "./diff";

describe("changedFields", () => {
  it("lists only what changed, in name order", () => {
    expect(changedFields({ name: "A", country: "FR", contacts: [1] }, { name: "B", country: "FR", contacts: [1, 2] })).toEqual([
      { field: "contacts", before: "[1]", after: "[1,2]" },
      { field: "name", before: "A", after: "B" },
    ]);
  });

  it("lists every field of a creation or a deletion", () => {
    expect(changedFields(null, { b: 2, a: "x" })).toEqual([
      { field: "a", before: null, after: "x" },
      { field: "b", before: null, after: "2" },
    ]);
    expect(changedFields({ a: 1 }, null)).toEqual([{ field: "a", before: "1", after: null }]);
  });
});
