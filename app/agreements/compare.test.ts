import { describe, expect, it } from "vitest";
import { translator } from "../i18n/i18n";
import { NBSP } from "../ui/numbers";
import { AGREEMENT_FIELDS, compareVersions, LABELLED_PATHS, type AgreementChange } from "./compare";
import { changeSentence } from "./compare-text";
import type { AgreementContent } from "./content";

const HELIOS = "organization:00000000-0000-4000-8000-000000000001";
const LUMEN = "tenant:00000000-0000-4000-8000-000000000002";
const NORTHWIND = "counterparty:00000000-0000-4000-8000-000000000003";
const NAMES: Record<string, string> = {
  [HELIOS]: "Helios Data Centers",
  [LUMEN]: "Lumen AI Research SAS",
  [NORTHWIND]: "Northwind GPU Cloud SAS",
};
const names = (ref: string) => NAMES[ref] ?? null;
const party = (ref: string, role: AgreementContent["parties"][number]["role"]) => {
  const [kind, id] = ref.split(":") as ["organization" | "tenant" | "counterparty", string];
  return { kind, id, role, signatory: null, signature: "signed" as const };
};

/** A version with every field set, so that the label check below sees every stored path. */
const v1: AgreementContent = {
  title: "GPU capacity and colocation agreement",
  type: "gpu_capacity",
  terms: {
    effectiveDate: "2025-01-01",
    termMonths: 36,
    autoRenew: true,
    renewalTermMonths: 12,
    noticeDays: 90,
    governingLaw: "FR",
    value: 48_000_000,
    currency: "EUR",
  },
  parties: [party(HELIOS, "provider"), party(LUMEN, "customer")],
  clauses: {
    dataLocation: ["EU"],
    capacity: { mw: 6, racks: 40, gpus: 2560 },
    slaAvailability: 99.95,
    breachNotificationHours: 24,
    subProcessing: "with_consent",
    liabilityCap: 12_000_000,
    confidentialityYears: 5,
    ipOwnership: "Each party keeps its own",
    free: "The provider shall give the customer at least thirty days written notice of any planned maintenance of the cooling plant.",
  },
  obligations: [
    { party: 0, text: "Quarterly capacity report", dueOn: "2026-12-31", recurrence: "quarterly", owner: "Ops", status: "open" },
    { party: 1, text: "Annual forecast of GPU demand", dueOn: null, recurrence: "yearly", owner: null, status: "open" },
  ],
};

/** The amendment: parties reordered, one added; notice shortened; the EEA instead of the EU; one clause reworded. */
const v2: AgreementContent = {
  ...v1,
  terms: { ...v1.terms, noticeDays: 60 },
  parties: [party(LUMEN, "customer"), party(HELIOS, "provider"), party(NORTHWIND, "processor")],
  clauses: {
    ...v1.clauses,
    dataLocation: ["EEA"],
    free: "The provider shall give the customer at least fifteen days written notice of any planned maintenance of the cooling plant.",
  },
  obligations: [
    // Same obligation, its party now second in the list: no change.
    { ...v1.obligations[0]!, party: 1 },
    // Same text, now Northwind's.
    { ...v1.obligations[1]!, party: 2 },
    { party: 2, text: "Monthly sub-processor list", dueOn: "2027-01-31", recurrence: "monthly", owner: null, status: "open" },
  ],
};

function paths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value))
    return value.every((v) => v === null || typeof v !== "object") ? [prefix] : value.flatMap((v) => paths(v, `${prefix}[]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

const sentences = (changes: AgreementChange[], locale: "en" | "fr") => changes.map((c) => changeSentence(translator(locale), locale, c));
/** Anything that looks like a stored path or a change's code. */
const PATH = /\b(terms|clauses|parties|obligations|party|obligation)[.[]|\w+\.\w+\.|\[\d+\]/;

describe("agreement version comparison", () => {
  it("has a label for every field a version stores (a new field without one fails here)", () => {
    const stored = new Set(paths(v1));
    expect(stored.size).toBeGreaterThan(30);
    expect([...stored].filter((p) => !LABELLED_PATHS.has(p))).toEqual([]);
  });

  it("says what changed in words, parties by name, before → after, section by section", () => {
    const changes = compareVersions(v1, v2, names);
    expect(changes.map((c) => c.section)).toEqual(["parties", "term", "locations", "clauses", "obligations", "obligations"]);
    const en = sentences(changes, "en");
    expect(en).toEqual([
      "Party added: Northwind GPU Cloud SAS (Processor, counterparty)",
      "Notice period: 90 days → 60 days",
      "Data location: “EU” → “EEA”",
      expect.stringMatching(/^Other clauses: “The provider .*thirty.*” → “.*fifteen.*”$/),
      "Obligation “Annual forecast of GPU demand” — party bound: Lumen AI Research SAS → Northwind GPU Cloud SAS",
      "Obligation added: Northwind GPU Cloud SAS: “Monthly sub-processor list” · due 2027-01-31 · Monthly",
    ]);
  });

  it("says it in French too, in French notation", () => {
    const fr = sentences(compareVersions(v1, v2, names), "fr");
    expect(fr[0]).toBe(`Partie ajoutée${NBSP}: Northwind GPU Cloud SAS (Sous-traitant, cocontractant)`);
    expect(fr[1]).toBe(`Préavis${NBSP}: 90 jours → 60 jours`);
    expect(fr[2]).toBe(`Localisation des données${NBSP}: «${NBSP}UE${NBSP}» → «${NBSP}EEE${NBSP}»`);
    expect(fr[5]).toContain("échéance le 2027-01-31 · Mensuelle");
    const money = sentences(compareVersions(v1, { ...v1, clauses: { ...v1.clauses, liabilityCap: 15_000_000 } }, names), "fr");
    expect(money).toEqual([`Plafond de responsabilité${NBSP}: 12\u202f000\u202f000,00${NBSP}EUR → 15\u202f000\u202f000,00${NBSP}EUR`]);
  });

  it("names an obligation by its party and its text when something else about it changed", () => {
    const later = { ...v1, obligations: [{ ...v1.obligations[0]!, dueOn: "2027-03-31", status: "done" as const }, v1.obligations[1]!] };
    expect(sentences(compareVersions(v1, later, names), "en")).toEqual([
      "Obligation of Helios Data Centers, “Quarterly capacity report” — due on: 2026-12-31 → 2027-03-31",
      "Obligation of Helios Data Centers, “Quarterly capacity report” — status: Open → Done",
    ]);
    expect(sentences(compareVersions(v1, later, names), "fr")[0]).toBe(
      `Obligation incombant à Helios Data Centers, «${NBSP}Quarterly capacity report${NBSP}» — échéance${NBSP}: 2026-12-31 → 2027-03-31`,
    );
  });

  it("compares a long clause word by word", () => {
    const free = compareVersions(v1, v2, names).find((c) => c.code === "clauses.free")!;
    expect(free.words?.filter((w) => w.change !== "same").map((w) => [w.change, w.text])).toEqual([
      ["removed", "thirty"],
      ["added", "fifteen"],
    ]);
    expect(free.words?.map((w) => (w.change === "added" ? "" : w.text)).join("")).toBe(v1.clauses.free);
  });

  it("names every field it can change in both languages, and never a path or a code", () => {
    // Each field emptied, then given another value: every label is exercised.
    const changed: AgreementChange[] = [];
    for (const f of AGREEMENT_FIELDS) {
      const emptied = structuredClone(v1) as unknown as Record<string, Record<string, unknown>>;
      const [top, key, sub] = f.path.split(".") as [string, string?, string?];
      if (!key) (emptied as Record<string, unknown>)[top] = top === "type" ? "msa" : "Other title";
      else if (!sub) emptied[top]![key] = null;
      else (emptied[top]![key] as Record<string, unknown>)[sub] = null;
      changed.push(...compareVersions(v1, emptied as unknown as AgreementContent, names));
    }
    expect(new Set(changed.map((c) => c.code)).size).toBe(AGREEMENT_FIELDS.length);
    for (const locale of ["en", "fr"] as const) {
      for (const sentence of sentences(changed, locale)) {
        expect(sentence).not.toMatch(PATH);
        expect(sentence).not.toMatch(/undefined|null|NaN|agreements\./);
      }
      expect(sentences(changed, locale).slice(0, 2)).toEqual(
        locale === "en"
          ? [
              "Title: “GPU capacity and colocation agreement” → “Other title”",
              "Type of agreement: GPU capacity and services → Master services agreement",
            ]
          : [
              `Intitulé${NBSP}: «${NBSP}GPU capacity and colocation agreement${NBSP}» → «${NBSP}Other title${NBSP}»`,
              expect.stringMatching(/^Type de contrat\u00a0: .+ → .+$/),
            ],
      );
    }
    const removed = compareVersions(v2, v1, names);
    for (const locale of ["en", "fr"] as const) for (const s of sentences(removed, locale)) expect(s).not.toMatch(PATH);
    expect(sentences(removed, "en")).toContain("Party removed: Northwind GPU Cloud SAS (Processor, counterparty)");
  });

  it("sees no change in a version that only reorders the parties, and names a party no longer on file by its kind", () => {
    const reordered = {
      ...v1,
      parties: [v1.parties[1]!, v1.parties[0]!],
      obligations: v1.obligations.map((o) => ({ ...o, party: 1 - o.party })),
    };
    expect(compareVersions(v1, reordered, names)).toEqual([]);
    const gone = compareVersions(v1, { ...v1, parties: [...v1.parties, party(NORTHWIND, "guarantor")] }, () => null);
    expect(sentences(gone, "en")).toEqual(["Party added: a party no longer on file (Guarantor, counterparty)"]);
  });
});
