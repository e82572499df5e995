import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileTemplate, MESSAGE_FUNCTIONS } from "./cel.server";
import { runFixtures } from "./fixtures";
import { loadPolicySet, PolicyLoadError } from "./packs.server";
import { SEVERITIES } from "./policy-schema";

const set = loadPolicySet();

describe("built-in policy packs", () => {
  it("ship at least 30 policies across the five packs", () => {
    expect(set.policies.length).toBeGreaterThanOrEqual(30);
    expect(new Set(set.policies.map((p) => p.pack))).toEqual(
      new Set(["agreements", "energy", "gdpr-residency", "iso27001-2022", "permits"]),
    );
    for (const severity of SEVERITIES) expect(set.policies.some((p) => p.severity === severity)).toBe(true);
  });

  it("every fixture gives the result it expects", () => {
    const outcomes = runFixtures(set.policies);
    const wrong = outcomes
      .filter((o) => !o.ok)
      .map((o) => `${o.policy} / ${o.fixture}: expected ${o.expected}, got ${o.result.status} ${o.result.error ?? ""}`);
    expect(wrong).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(set.policies.length * 2);
  });

  it("failing fixtures render both messages with the offending values", () => {
    const outcome = runFixtures([set.byId.get("gdpr.residency.replica-outside-allowed")!]).find((o) => o.expected === "fail")!;
    expect(outcome.result.message?.en).toContain("countries Fixture tenant does not allow: United States.");
    expect(outcome.result.message?.fr).toContain("des pays que Fixture tenant n’autorise pas : États-Unis.");
    expect(outcome.result.evidence).toMatchObject({ "resource.replica_countries": ["US"], "resource.personal": true });
  });

  it("messages name codes in the reader's words and write numbers as the reader's language does", () => {
    const transfer = runFixtures([set.byId.get("gdpr.transfer.third-country-without-safeguard")!]).find((o) => o.expected === "fail")!;
    expect(transfer.result.message?.en).toContain("to United States relying on standard contractual clauses (GDPR Art. 46)");
    expect(transfer.result.message?.fr).toContain(
      "vers le pays États-Unis en s’appuyant sur des clauses contractuelles types (RGPD, art. 46)",
    );
    const fr = compileTemplate("{{ kind(resource.kind) }}, {{ permitType('icpe') }}, {{ 1234567.5 }}, {{ 0.25 }}", "fr");
    expect(fr({ resource: { kind: "storage_volume" } })).toBe(
      "volume de stockage, Autorisation environnementale (ICPE), 1\u202f234\u202f567,5, 0,25",
    );
  });

  it("write French with typographic apostrophes (l’EEE, not l'EEE), outside the CEL placeholders", () => {
    const straight = set.policies.flatMap((p) =>
      [p.title.fr, p.description.fr, p.message.fr, p.remediation.fr]
        .map((text) => text.replace(/\{\{.*?\}\}/gs, ""))
        .filter((text) => /\p{L}'\p{L}/u.test(text))
        .map((text) => `${p.id}: ${text}`),
    );
    expect(straight).toEqual([]);
  });

  it("no message shows a code: a placeholder reading a country, a type, a kind or a mechanism goes through its label function", () => {
    const CODED = /(countr|headquarters|mechanism|provider\b|\.type\b|\.kind\b|_types\b)/;
    const LABELLED = new RegExp(`\\b(${MESSAGE_FUNCTIONS.join("|")})\\(`);
    const raw = set.policies.flatMap((p) =>
      (["en", "fr"] as const).flatMap((lng) =>
        [...p.message[lng].matchAll(/\{\{(.*?)\}\}/gs)]
          .map((m) => m[1]!.trim())
          .filter((expression) => CODED.test(expression) && !LABELLED.test(expression))
          .map((expression) => `${p.id} (${lng}): ${expression}`),
      ),
    );
    expect(raw).toEqual([]);
  });

  it("the policy set hash changes when a policy changes", () => {
    expect(set.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loadPolicySet().hash).toBe(set.hash);
  });
});

describe("loading a broken pack", () => {
  const write = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), "attest-pack-"));
    mkdirSync(path.join(dir, "custom"));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, "custom", name), text);
    return dir;
  };
  const good = (id: string, assert = "resource.owner != null") => `
id: ${id}
title: { en: T, fr: T }
description: { en: D, fr: D }
severity: low
references: [{ framework: iso27001-2022, requirement: A.5.9 }]
kind: rack
assert: ${JSON.stringify(assert)}
message: { en: m, fr: m }
remediation: { en: r, fr: r }
fixtures:
  - { name: ok, expect: pass, resource: { owner: x } }
  - { name: ko, expect: fail, resource: { owner: null } }
`;

  it("names the file, the field and the CEL error, and loads nothing", () => {
    const dir = write({ "a.yaml": good("custom.a"), "b.yaml": good("custom.b", "resource.owner != ") });
    const error = (() => {
      try {
        loadPolicySet(dir);
      } catch (e) {
        return e;
      }
    })() as PolicyLoadError;
    expect(error).toBeInstanceOf(PolicyLoadError);
    expect(error.file).toBe(path.join("custom", "b.yaml"));
    expect(error.field).toBe("assert");
    expect(error.reason).toMatch(/Unexpected token/);
  });

  it("refuses unknown fields, unknown requirements, duplicate ids and fixture-less policies", () => {
    expect(() => loadPolicySet(write({ "a.yaml": `${good("custom.a")}\nextra: 1\n` }))).toThrow(/a\.yaml: \(file\)|extra/);
    expect(() => loadPolicySet(write({ "a.yaml": good("custom.a").replace("A.5.9", "A.99.1") }))).toThrow(
      /references\.0: unknown requirement/,
    );
    expect(() => loadPolicySet(write({ "a.yaml": good("custom.a"), "b.yaml": good("custom.a") }))).toThrow(/duplicate policy id custom.a/);
    expect(() => loadPolicySet(write({ "a.yaml": good("custom.a").replace(/fixtures:[\s\S]*/, "fixtures: []\n") }))).toThrow(/fixtures/);
    expect(() => loadPolicySet(write({ "a.yaml": "id: [unclosed" }))).toThrow(/not valid YAML/);
  });
});
