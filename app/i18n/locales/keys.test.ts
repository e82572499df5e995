import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}

function has(key: string): boolean {
  const resolve = (k: string) =>
    k
      .split(".")
      .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), en);
  return typeof resolve(key) === "string" || typeof resolve(`${key}_one`) === "string";
}

describe("translation keys used in the code", () => {
  it('all exist in the translations (literal t("…") calls and i18n keys in schemas and results)', () => {
    const missing = new Set<string>();
    let checked = 0;
    for (const file of files(path.resolve("app"))) {
      const source = readFileSync(file, "utf8");
      for (const [, key] of source.matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) {
        checked += 1;
        if (!has(key!)) missing.add(`${key} (${path.basename(file)})`);
      }
      // Error messages carried as keys ("validation.x", "controls.y", …) in schemas and results; audit actions are not keys.
      for (const [, key] of source.matchAll(
        /(?<!action: )["'`]((?:validation|controls|permits|agreements|members|tenants|inventory|counterparties|tokens|invite|login)\.[a-zA-Z0-9_.]+)["'`]/g,
      )) {
        if (!has(key!) && !key!.endsWith(".")) missing.add(`${key} (${path.basename(file)})`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect([...missing]).toEqual([]);
  });
});
