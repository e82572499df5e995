import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS } from "../keys";

// Keys used in the code are checked by the compiler (app/i18n/i18next.d.ts types `t()` with the English catalogue);
// this test checks the other direction: a key no code names is dead text that no one reviews.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return full.endsWith(path.join("i18n", "locales")) ? [] : sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("translation keys", () => {
  it("are each named somewhere in the code, written out in full (dynamic keys are listed in app/i18n/labels.ts)", () => {
    const code = ["app", "server"].flatMap((dir) => sources(path.resolve(dir))).map((file) => readFileSync(file, "utf8"));
    const named = new Set(code.flatMap((source) => [...source.matchAll(/["'`]([a-zA-Z0-9_.-]+)["'`]/g)].map((m) => m[1]!)));
    const unused = [...MESSAGE_KEYS].filter((key) => !named.has(key));
    expect(MESSAGE_KEYS.size).toBeGreaterThan(1000);
    expect(unused).toEqual([]);
  });
});
