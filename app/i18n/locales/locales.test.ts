import { readdirSync } from "node:fs";
import path from "node:path";
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

  it("are split into domain files that each own their top-level keys, the same files in every language", () => {
    const domains = (lng: string) =>
      readdirSync(path.join(import.meta.dirname, lng))
        .filter((f) => f.endsWith(".ts") && f !== "index.ts")
        .sort();
    expect(domains("fr")).toEqual(domains("en"));
    const owners = new Map<string, string[]>();
    const modules = import.meta.glob<{ default: Record<string, unknown> }>(["./en/*.ts", "!./en/index.ts"], { eager: true });
    for (const [file, { default: messages }] of Object.entries(modules)) {
      for (const key of Object.keys(messages)) owners.set(key, [...(owners.get(key) ?? []), file]);
    }
    // The index spreads the domains into one object: a key in two files would silently lose one of them.
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
    expect([...owners.keys()].sort()).toEqual(Object.keys(en).sort());
  });
});
