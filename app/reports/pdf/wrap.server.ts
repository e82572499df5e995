// Line breaking for the PDF renderer (issue 15: table headers broke inside words, "Require/ment", "Applicabl/e").
//
// Lines break between words; a lone punctuation mark ("/", ":", "»", "–") stays with the word before it, "«" and
// "(" with the word after. A word wider than a whole line is broken, in this order of preference:
//   1. after punctuation inside it ("ISO/IEC", "eu-west-1", "https://…/verify/ATT-…", "sha256:…"), no hyphen added;
//   2. for a word of prose only, at a hyphenation point of the document's language (TeX patterns from the `hyphen`
//      package, en-GB and fr), with a hyphen drawn at the end of the line; a soft hyphen (U+00AD) counts as one.
//      An identifier (a digit, or . _ / : = @ # inside it: policy ids, hostnames, URLs, hashes) is never
//      hyphenated: a drawn hyphen would read as part of it;
//   3. only when no such point fits, between any two characters (a hash, an id): never inside a surrogate pair or
//      before a combining mark.
// The column widths of a table are first fitted so that the longest word of each header fits its column
// (fitColumns): headers then break between words, and hyphenation is the fallback for what cannot fit.
import { createRequire } from "node:module";
import type { Language } from "./template-schema";

/** The width of a text in the font and size it is drawn in (points). */
export type Measure = (text: string) => number;
/** Where a letter-only word may take a hyphen: the lengths of the prefixes that may end a line. */
export type Hyphenator = (word: string) => number[];

const SOFT_HYPHEN = "\u00ad";
/** The hyphen drawn at the end of a line broken inside a word. */
export const HYPHEN = "-";
// At least this many letters before a hyphen and after it (TeX's lefthyphenmin/righthyphenmin for English).
const LEFT_MIN = 2;
const RIGHT_MIN = 3;
// A line may end after these inside a token; the next line starts with what follows.
const BREAK_AFTER = new Set(["-", "/", "\\", "_", ".", ":", ",", ";", "?", "&", "=", "#", "|", "+", "–", "—", ")", "]", "}"]);

type HyphenModule = { hyphenateSync(text: string, options: { hyphenChar: string; minWordLength: number }): string };
const require = createRequire(import.meta.url);
const PATTERNS: Record<Language, string> = { en: "hyphen/en-gb", fr: "hyphen/fr" };
const hyphenators = new Map<Language, Hyphenator>();

/** The hyphenation points of the document's language, from the TeX patterns the `hyphen` package ships. */
export function hyphenatorFor(language: Language): Hyphenator {
  let hyphenator = hyphenators.get(language);
  if (!hyphenator) {
    const module = require(PATTERNS[language]) as HyphenModule;
    const cache = new Map<string, number[]>();
    hyphenator = (word) => {
      let points = cache.get(word);
      if (!points) {
        points = [];
        let length = 0;
        const parts = module.hyphenateSync(word, { hyphenChar: SOFT_HYPHEN, minWordLength: LEFT_MIN + RIGHT_MIN }).split(SOFT_HYPHEN);
        for (const part of parts.slice(0, -1)) {
          length += part.length;
          if (length >= LEFT_MIN && word.length - length >= RIGHT_MIN) points.push(length);
        }
        cache.set(word, points);
      }
      return points;
    };
    hyphenators.set(language, hyphenator);
  }
  return hyphenator;
}

type Opportunity = { at: number; hyphen: boolean };

/** Where a token (no spaces) may be broken, soft hyphens removed: after punctuation, and at hyphenation points. */
function opportunities(token: string, hyphenate: Hyphenator | null): { text: string; points: Opportunity[] } {
  let text = "";
  const points = new Map<number, Opportunity>();
  for (const ch of token) {
    if (ch === SOFT_HYPHEN) {
      if (text.length > 0) points.set(text.length, { at: text.length, hyphen: true });
      continue;
    }
    text += ch;
    if (BREAK_AFTER.has(ch)) points.set(text.length, { at: text.length, hyphen: false });
  }
  if (hyphenate && !isIdentifier(text)) {
    // Letters only (an apostrophe inside a word included: "l’organisation"); ids and numbers are not words.
    for (const match of text.matchAll(/\p{L}+(?:['’]\p{L}+)*/gu)) {
      const word = match[0];
      if (word.length < LEFT_MIN + RIGHT_MIN || (word === word.toUpperCase() && word !== word.toLowerCase())) continue;
      for (const point of hyphenate(word)) {
        const at = match.index + point;
        if (!points.has(at)) points.set(at, { at, hyphen: true });
      }
    }
  }
  return { text, points: [...points.values()].filter((p) => p.at > 0 && p.at < text.length).sort((a, b) => a.at - b.at) };
}

/** A token that names something rather than says it: a digit, or a separator between two letters or digits. */
function isIdentifier(token: string): boolean {
  return /\p{N}/u.test(token) || /[\p{L}\p{N}][._/:=@#\\][\p{L}\p{N}]/u.test(token);
}

/** May a line end between text[at - 1] and text[at]? Not inside a surrogate pair, not before a combining mark. */
function isCharBoundary(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code >= 0xdc00 && code <= 0xdfff) return false;
  return !/^\p{M}/u.test(text.slice(at, at + 2));
}

/** Breaks a token wider than `maxWidth` into lines that fit; the last one may be continued by the next word. */
function breakToken(token: string, measure: Measure, maxWidth: number, hyphenate: Hyphenator | null): string[] {
  const { text, points } = opportunities(token, hyphenate);
  const lines: string[] = [];
  let start = 0;
  while (start < text.length && measure(text.slice(start)) > maxWidth) {
    // The longest piece that fits ending after punctuation, else the longest ending at a hyphenation point.
    let line: string | null = null;
    let end = start;
    for (const hyphen of [false, true]) {
      for (const point of points) {
        if (point.at <= start || point.hyphen !== hyphen) continue;
        const candidate = text.slice(start, point.at) + (point.hyphen ? HYPHEN : "");
        if (measure(candidate) > maxWidth) continue;
        line = candidate;
        end = point.at;
      }
      if (line !== null) break;
    }
    if (line === null) {
      // No break opportunity fits: between characters, as many as fit (at least one, so the loop ends).
      end = start + 1;
      for (let at = start + 2; at < text.length; at++) {
        if (!isCharBoundary(text, at)) continue;
        if (measure(text.slice(start, at)) > maxWidth) break;
        end = at;
      }
      while (end < text.length && !isCharBoundary(text, end)) end++;
      line = text.slice(start, end);
    }
    lines.push(line);
    start = end;
  }
  lines.push(text.slice(start));
  return lines;
}

/**
 * Breaks text into lines no wider than `maxWidth`: between words; a word wider than a line at a break
 * opportunity inside it (punctuation, then the language's hyphenation points), at any character only as a last
 * resort. Line breaks in the text are kept; runs of spaces count as one.
 */
export function wrapText(text: string, options: { measure: Measure; maxWidth: number; hyphenate: Hyphenator | null }): string[] {
  const { measure, maxWidth, hyphenate } = options;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    /** Puts text on the current line, or ends the line and starts the next with it; false when it fits no line. */
    const place = (bare: string) => {
      const candidate = line ? `${line} ${bare}` : bare;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        return true;
      }
      if (measure(bare) > maxWidth) return false;
      if (line) lines.push(line);
      line = bare;
      return true;
    };
    for (const unit of units(paragraph.split(/ +/))) {
      if (place(unit.map((word) => word.replaceAll(SOFT_HYPHEN, "")).join(" "))) continue;
      // Wider than a line: its words one by one, and a word wider than a line broken inside.
      for (const word of unit) {
        if (place(word.replaceAll(SOFT_HYPHEN, ""))) continue;
        if (line) lines.push(line);
        const pieces = breakToken(word, measure, maxWidth, hyphenate);
        lines.push(...pieces.slice(0, -1));
        line = pieces.at(-1) ?? "";
      }
    }
    lines.push(line);
  }
  return lines;
}

// A word made only of these stays on the line of the word before it (or after it, for the opening ones).
const CLOSING = /^[/:;!?»)\]}%–—|]+$/u;
const OPENING = /^[«([{]+$/u;

/** Words grouped so that a lone punctuation mark never starts (closing) or ends (opening) a line. */
function units(words: string[]): string[][] {
  const grouped: string[][] = [];
  let opening: string[] = [];
  for (const word of words) {
    if (OPENING.test(word)) {
      opening.push(word);
    } else if (CLOSING.test(word) && grouped.length > 0 && opening.length === 0) {
      grouped.at(-1)!.push(word);
    } else {
      grouped.push([...opening, word]);
      opening = [];
    }
  }
  if (opening.length > 0) grouped.push(opening);
  return grouped;
}

/**
 * The widest space-separated word of a text (a header's longest word is the narrowest its column may be). Split where
 * wrapText breaks: at spaces and line breaks, never at a no-break space ("12 000 kW" is one word).
 */
export function widestWord(text: string, measure: Measure): number {
  return Math.max(0, ...text.split(/[ \r\n]+/).map((word) => measure(word.replaceAll(SOFT_HYPHEN, ""))));
}

/**
 * Column widths of `total` points in the proportions of `weights`, but each at least its `minimum`: a column
 * below its minimum gets it, taken from the others in proportion (never below their own minimum). When the
 * minimums add up to more than the whole width, the widths follow the minimums' proportions.
 */
export function fitColumns(weights: number[], minimums: number[], total: number): number[] {
  const sumMinimums = minimums.reduce((a, b) => a + b, 0);
  if (sumMinimums >= total) return minimums.map((m) => (sumMinimums > 0 ? (m / sumMinimums) * total : total / minimums.length));
  const fixed = new Set<number>();
  for (;;) {
    const free = weights.map((_, i) => i).filter((i) => !fixed.has(i));
    const left = total - [...fixed].reduce((sum, i) => sum + minimums[i]!, 0);
    const weight = free.reduce((sum, i) => sum + weights[i]!, 0);
    const widths = weights.map((w, i) => (fixed.has(i) ? minimums[i]! : weight > 0 ? (w / weight) * left : left / free.length));
    const short = free.filter((i) => widths[i]! < minimums[i]!);
    if (short.length === 0) return widths;
    for (const i of short) fixed.add(i);
  }
}
