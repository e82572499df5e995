import { describe, expect, it } from "vitest";
import en from "./en";
import fr from "./fr";

function leaves(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("have the same keys in French and English, none of them empty", () => {
    const enKeys = leaves(en)
      .map(([k]) => k)
      .sort();
    const frKeys = leaves(fr)
      .map(([k]) => k)
      .sort();
    expect(frKeys).toEqual(enKeys);
    expect(leaves(fr).filter(([, v]) => v.trim() === "")).toEqual([]);
  });

  it("use the same interpolation variables in both languages", () => {
    const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const frByKey = new Map(leaves(fr));
    const mismatched = leaves(en).filter(([k, v]) => JSON.stringify(vars(v)) !== JSON.stringify(vars(frByKey.get(k) ?? "")));
    expect(mismatched).toEqual([]);
  });
});
