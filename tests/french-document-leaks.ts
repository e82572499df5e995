import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import fr from "../app/i18n/locales/fr";
import { englishCatalogue, enumValues, leakDetector, normalise, type EnglishString } from "./e2e/french-leaks";

/**
 * What tests/french-documents.test.ts looks for in French documents (PDF text, CSV and Excel cells, e-mails,
 * calendar entries). It starts from the browser crawl's detector (tests/e2e/french-leaks.ts: a whole text equal to an
 * English catalogue string, placeholders, enum values, snake_case and translation-key tokens) and adds what a
 * document needs: the PDF templates' own English labels, English phrases of two words or more inside a longer
 * line, and enum values anywhere in a text (a document line is seldom a sentence the browser's French test reads).
 * Identifiers and the organisation's own words are allowed by the caller (`Allowances`), each with its reason.
 */

/** A text read from a document; `column` is the header of the table column (CSV, Excel) it was read from. */
export type Seen = { where: string; text: string; column?: string };
export type Leak = Seen & { reasons: string[] };

const PLACEHOLDER = /{{[^}]*}}|\$t\([^)]*\)/g;
const HAS_PLACEHOLDER = /{{|\$t\(/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function leaves(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** Every French text a French document may show: the catalogue and the templates' French labels. */
function frenchTexts(): string[] {
  return [...leaves(fr).map(([, v]) => normalise(v)), ...templateLabels().map(([, , f]) => normalise(f))];
}

/** The PDF templates' labels (templates/reports/*.yaml), as [where, English, French]. */
function templateLabels(): [string, string, string][] {
  const dir = path.resolve("templates/reports");
  const out: [string, string, string][] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const { labels } = parse(readFileSync(path.join(dir, file), "utf8")) as {
      labels: { en: Record<string, string>; fr: Record<string, string> };
    };
    for (const [key, en] of Object.entries(labels.en)) out.push([`templates/reports/${file} labels.${key}`, en, labels.fr[key] ?? ""]);
  }
  return out;
}

const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w));

/** The English strings of the catalogue (tests/e2e/french-leaks.ts) and of the PDF templates' labels. */
export function documentCatalogue(): EnglishString[] {
  const frValues = new Set(frenchTexts());
  const out = [...englishCatalogue()];
  for (const [source, enText, frText] of templateLabels()) {
    const text = normalise(enText);
    if (text === normalise(frText) || frValues.has(text)) continue;
    const literal = text.replace(PLACEHOLDER, " ");
    if (words(literal).length < 2 && (literal.match(/\p{L}/gu) ?? []).length < 8) continue;
    if (!HAS_PLACEHOLDER.test(text)) out.push({ source, text });
    else out.push({ source, text, regex: new RegExp(`^${text.split(PLACEHOLDER).map(escape).join("(.+?)")}$`) });
  }
  return out;
}

type Phrase = { phrase: string; source: string };

/**
 * English phrases of two words or more that a longer French line must not hold: every catalogue string, and each
 * literal run of a string with placeholders ("{{count}} checks in scope, {{failing}} failing" gives "checks in
 * scope," and "failing"… the runs of two words or more). A phrase some French text also holds is left out.
 */
function phrasesOf(catalogue: EnglishString[]): Phrase[] {
  const french = frenchTexts();
  const seen = new Set<string>();
  const out: Phrase[] = [];
  for (const entry of catalogue) {
    for (const part of entry.text.split(PLACEHOLDER)) {
      const phrase = part.trim().replace(/^[\s,;:.()“”"«»–—-]+|[\s,;:.()“”"«»–—-]+$/g, "");
      if (words(phrase).length < 2 || seen.has(phrase)) continue;
      if (french.some((f) => f.includes(phrase))) continue;
      seen.add(phrase);
      out.push({ phrase, source: entry.source });
    }
  }
  return out;
}

const LETTER = /[\p{L}\p{N}]/u;
/** The words of a text, for finding which phrases may start in it ("(policy engine)" holds "policy"). */
const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean);

function containsPhrase(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    const before = at > 0 ? text[at - 1]! : " ";
    const after = at + phrase.length < text.length ? text[at + phrase.length]! : " ";
    if (!LETTER.test(before) && !LETTER.test(after)) return true;
  }
  return false;
}

export type Allowances = {
  /**
   * Parts of a text that are not ours to translate or that are identifiers, each pattern with the reason it is
   * allowed: they are blanked out before the checks run.
   */
  patterns: { pattern: RegExp; reason: string }[];
  /**
   * Exact values (identifiers, the organisation's own words) blanked out wherever they appear (or only in the texts
   * `when` accepts), longest first.
   */
  values: { values: Iterable<string>; reason: string; when?: (seen: Seen) => boolean }[];
  /** Enum values that are also French words, with why a French text may hold them. */
  frenchWords: Record<string, string>;
  /**
   * Texts that are codes by design (an identifier column, machine-readable JSON): raw codes are allowed there, English
   * catalogue strings still are not, unless the whole text is a bare code ("agreement" as an entity type).
   */
  codesIn: { when: (seen: Seen) => boolean; reason: string }[];
  /** Catalogue ids that are codes wherever they appear (frameworks, packs, report kinds), with what they are. */
  codes: Map<string, string>;
};

const BLANK = "⟨…⟩";

/** A detector for document text: answers why a text is a leak (none: it is not). */
export function documentLeakDetector(allow: Allowances): (seen: Seen) => string[] {
  const base = leakDetector();
  const catalogue = documentCatalogue();
  const englishCatalogueSources = new Set(englishCatalogue().map((e) => e.source));
  const templateEntries = catalogue.filter((e) => !englishCatalogueSources.has(e.source));
  const templateExact = new Map(templateEntries.filter((e) => !e.regex).map((e) => [e.text, e.source]));
  const templateRegexes = templateEntries.filter((e) => e.regex);
  const phrases = phrasesOf(catalogue);
  const byFirstWord = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const first = wordsOf(p.phrase)[0];
    if (!first) continue;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), p]);
  }
  const enums = enumValues();
  const values = allow.values
    .flatMap(({ values, when }) => [...values].map((v) => ({ value: normalise(v), when })))
    .filter(({ value }) => value.length >= 3)
    .sort((a, b) => b.value.length - a.value.length);

  const blank = (seen: Seen, text: string) => {
    let out = text;
    for (const { pattern } of allow.patterns) out = out.replace(pattern, BLANK);
    for (const { value, when } of values) if (out.includes(value) && (!when || when(seen))) out = out.split(value).join(BLANK);
    return out;
  };

  const french = new Set(frenchTexts());
  const CATALOGUE = /^English (catalogue string|template label|phrase)/;

  return (seen) => {
    const original = normalise(seen.text);
    if (!original) return [];
    const text = blank(seen, original);
    // A text French also uses (a template's French label equal to an English catalogue string) is French.
    const reasons = base({ kind: seen.where, text }).filter((r) => !(r.startsWith("English catalogue string") && french.has(text)));
    const template = templateExact.get(text) ?? templateRegexes.find((e) => e.regex!.test(text))?.source;
    if (template) reasons.push(`English template label (${template})`);
    // English phrases inside a longer text.
    const tokens = new Set(wordsOf(text));
    for (const token of tokens) {
      for (const { phrase, source } of byFirstWord.get(token) ?? []) {
        if (phrase !== text && containsPhrase(text, phrase)) reasons.push(`English phrase “${phrase}” (${source})`);
      }
    }
    // Enum values anywhere, not only in a text that reads as French.
    for (const token of text.split(/[\s,;:!?()«»"“”'’[\]{}…·–—|/=×✓✗]+/)) {
      const word = token.replace(/\.+$/, "");
      if (!/^[a-z][a-z0-9_-]{2,}$/.test(word) || word in allow.frenchWords) continue;
      if (enums.has(word)) reasons.push(`enum value "${word}" (${enums.get(word)})`);
    }
    for (const token of text.split(/[\s,;:!?()«»"“”'’[\]{}…·–—|/=×✓✗]+/)) {
      const code = allow.codes.get(token.replace(/\.+$/, ""));
      if (code) reasons.push(`code "${token}" (${code})`);
    }
    const unique = [...new Set(reasons)];
    if (!allow.codesIn.some((c) => c.when(seen))) return unique;
    return /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/.test(text) ? [] : unique.filter((r) => CATALOGUE.test(r));
  };
}

/** Leaks of many texts, one line each, for an assertion message. */
export function leakReport(leaks: Leak[]): string {
  const byText = new Map<string, { where: Set<string>; reasons: string[] }>();
  for (const leak of leaks) {
    const entry = byText.get(leak.text) ?? { where: new Set<string>(), reasons: leak.reasons };
    entry.where.add(leak.where);
    byText.set(leak.text, entry);
  }
  return [...byText.entries()]
    .map(([text, e]) => {
      const where = [...e.where];
      return `${where.slice(0, 3).join(", ")}${where.length > 3 ? ` (+${where.length - 3})` : ""} → ${text.slice(0, 200)}  [${e.reasons.join("; ")}]`;
    })
    .join("\n");
}
