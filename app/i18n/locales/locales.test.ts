import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";
import fr from "./fr";
import { createI18n, translator } from "../i18n";

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

  it("write French plurals of exact millions in French (their plural form is 'many', written like 'other')", () => {
    expect(translator("fr")("findings.here.title", { count: 1_000_000 })).toBe("1\u202f000\u202f000 constats ouverts ici et en dessous");
    expect(translator("en")("findings.here.title", { count: 1_000_000 })).toBe("1,000,000 open findings here and below");
  });

  it("write French with typographic apostrophes (l’opérateur, not l'opérateur)", () => {
    expect(leaves(fr).filter(([, v]) => /\p{L}'\p{L}/u.test(v))).toEqual([]);
  });

  it("use the same interpolation variables in both languages", () => {
    // With their formatter: `{{count, number}}` in English and `{{count}}` in French would write 1234 unformatted.
    const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*(,[^}]*)?}}/g)].map((m) => `${m[1]}${(m[2] ?? "").replace(/\s/g, "")}`).sort();
    const frByKey = new Map(leaves(fr));
    const mismatched = leaves(en).filter(([k, v]) => JSON.stringify(vars(v)) !== JSON.stringify(vars(frByKey.get(k) ?? "")));
    expect(mismatched).toEqual([]);
  });

  it("write every quantity through the number formatter, so that French reads “1 234 constats”", () => {
    // A sentence's numbers go through app/ui/numbers.ts (`{{count, number}}`, registered in app/i18n/i18n.ts); what
    // may stay as it comes is listed here: text, identifiers (a version, a line, a party's rank), dates, and numbers
    // the code has already formatted with their unit. A new variable must be put on one side or the other.
    const UNFORMATTED = new Set([
      ...["text", "author", "title", "name", "email", "organization", "role", "invited", "reference", "code", "field"],
      ...["id", "status", "state", "tenant", "file", "marker", "column", "reason", "names", "framework", "source"],
      ...["hash", "now", "other", "allowed", "justification", "externalId", "parent", "kinds", "expected", "got", "by"],
      ...["version", "from", "to", "n", "line"],
      ...["date", "until", "end", "firstRunAt", "firstRecordedAt"],
      // Labels already in the reader's words (a deadline's kind and step: app/deadlines/notify.server.ts).
      ...["kind", "threshold"],
      // Formatted by the caller with their unit or their percentage (app/routes/_app.inventory.$assetId.tsx).
      ...["draw", "capacity", "share", "peak"],
      // Quantities the site page formats with useNumbers before they reach a sentence (app/inventory/site-view.tsx).
      ...["value", "deployed", "contracted"],
      // Form errors: a length or a bound that may be a number or a date (app/i18n/zod-errors.ts), keys, a divisor.
      ...["minimum", "maximum", "keys", "divisor"],
      // A risk's levels and band by their labels, and a control by its name (app/risks/heat-map.tsx, the risk page).
      ...["band", "likelihood", "impact", "control", "then"],
      // A language by its name in the reader's words (the risk scale's fields: app/routes/_app.settings.risk-scale.tsx).
      ...["language"],
    ]);
    const raw = leaves(en).flatMap(([key, text]) =>
      [...text.matchAll(/{{\s*(\w+)\s*}}/g)]
        .map((m) => m[1]!)
        .filter((name) => !UNFORMATTED.has(name))
        .map((name) => `${key}: ${name}`),
    );
    expect(raw).toEqual([]);
    const i18n = createI18n("fr");
    expect(i18n.t("findings.tableCaption", { total: 1234 })).toBe("1\u202f234 constats");
    expect(i18n.t("policies.description", { count: 1234, hash: "abc" })).toContain("1\u202f234 règles");
    expect(i18n.t("pagination.status", { page: 2, pages: 1200, total: 29_990 })).toBe("Page 2 sur 1\u202f200 · 29\u202f990 au total");
    expect(createI18n("en").t("pagination.status", { page: 2, pages: 1200, total: 29_990 })).toBe("Page 2 of 1,200 · 29,990 in all");
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
