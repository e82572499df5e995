import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import en from "../../app/i18n/locales/en";
import fr from "../../app/i18n/locales/fr";

/**
 * What tests/e2e/french-everywhere.spec.ts looks for on French pages, built from the sources at test time: the page
 * routes (app/routes), the English catalogue (locales and bilingual yaml), and the enum values (db/schema and zod).
 */

// ---------------------------------------------------------------------------------------------------------------
// Page routes

export type PageRoute = { file: string; pattern: string; params: string[]; regex: RegExp; staticSegments: number; page: boolean };

const ROUTES_DIR = path.resolve("app/routes");
/** The same exclusions as app/routes.ts. */
const IGNORED = [/\.server\./, /\.test\./, /^__/];

/** Splits a flat-routes file name on the dots that are not escaped in brackets. */
function segmentsOf(name: string): string[] {
  const segments: string[] = [];
  let current = "";
  let bracket = false;
  for (const char of name) {
    if (char === "[") bracket = true;
    else if (char === "]") bracket = false;
    else if (char === "." && !bracket) {
      segments.push(current);
      current = "";
    } else current += char;
  }
  segments.push(current);
  return segments;
}

/** The URL pattern of a flat-routes file name (without extension), as Remix's fs-routes reads it. */
export function urlPattern(name: string): string {
  const parts = segmentsOf(name)
    .filter((s) => s !== "_index" && !/^_[^_]/.test(s) && s !== "_")
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => (s.endsWith("_") ? s.slice(0, -1) : s))
    .map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s));
  return `/${parts.join("/")}`;
}

/**
 * Every route module, each marked `page` when it renders a page: it has a default export (a component) and is not
 * a layout (a layout renders an <Outlet> and is seen through its children). Resource routes (files, JSON, actions)
 * have no default export. A new page route is therefore visited without anyone adding it to a list.
 */
export function allRoutes(): PageRoute[] {
  const routes: PageRoute[] = [];
  for (const entry of readdirSync(ROUTES_DIR)) {
    if (IGNORED.some((re) => re.test(entry))) continue;
    const full = path.join(ROUTES_DIR, entry);
    let file = full;
    let name = entry.replace(/\.(tsx|ts|jsx|js)$/, "");
    if (statSync(full).isDirectory()) {
      const inner = ["route.tsx", "route.ts", "index.tsx", "index.ts"].find((f) => {
        try {
          return statSync(path.join(full, f)).isFile();
        } catch {
          return false;
        }
      });
      if (!inner) continue;
      file = path.join(full, inner);
      name = entry;
    } else if (!/\.(tsx|ts|jsx|js)$/.test(entry)) continue;
    const source = readFileSync(file, "utf8");
    const page = /^export default\b/m.test(source) && !/<Outlet\b/.test(source);
    const pattern = urlPattern(name);
    const segments = pattern.split("/").filter(Boolean);
    const params = segments.filter((s) => s.startsWith(":") || s === "*");
    const regex = new RegExp(
      `^/${segments.map((s) => (s === "*" ? ".+" : s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}/?$`,
    );
    routes.push({
      file: path.relative(process.cwd(), file),
      pattern,
      params,
      regex,
      staticSegments: segments.length - params.length,
      page,
    });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function pageRoutes(): PageRoute[] {
  return allRoutes().filter((r) => r.page);
}

const ROUTE_FILES = allRoutes();

/**
 * The page route a path belongs to, as the router ranks every route (resource routes too: /findings/export.csv is
 * not a finding): the match with the most static segments wins; undefined when it is not a page.
 */
export function routeOf(pathname: string): PageRoute | undefined {
  const route = ROUTE_FILES.filter((r) => r.regex.test(pathname)).sort((a, b) => b.staticSegments - a.staticSegments)[0];
  return route?.page ? route : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The English catalogue

function leaves(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

export function normalise(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, " ").trim();
}

/** Long enough to be a sentence or a label of its own, not a word both languages share ("Actions", "Audit"). */
function substantial(literal: string): boolean {
  const words = literal.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const letters = (literal.match(/\p{L}/gu) ?? []).length;
  return words.length >= 2 || letters >= 8;
}

export type EnglishString = { source: string; text: string; regex?: RegExp };

const PLACEHOLDER = /{{[^}]*}}|\$t\([^)]*\)/g;

function englishString(source: string, enText: string): EnglishString | undefined {
  const text = normalise(enText);
  const literal = text.replace(PLACEHOLDER, " ");
  if (!substantial(literal)) return undefined;
  if (!/{{|\$t\(/.test(text)) return { source, text };
  const pattern = text
    .split(PLACEHOLDER)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("(.+?)");
  return { source, text, regex: new RegExp(`^${pattern}$`) };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

/** Every { en, fr } pair in the policies and framework catalogues (titles, descriptions, messages, themes). */
function bilingualPairs(value: unknown, where: string, out: [string, string, string][] = []): [string, string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => bilingualPairs(v, `${where}[${i}]`, out));
  else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.en === "string" && typeof record.fr === "string") out.push([where, record.en, record.fr]);
    for (const [k, v] of Object.entries(record)) bilingualPairs(v, `${where}.${k}`, out);
  }
  return out;
}

/**
 * English strings a French page must never show: catalogue leaves whose French differs, and the English side of the
 * policies' and frameworks' bilingual fields. A string French also uses somewhere (a French leaf equal to it) is
 * left out: a French page may show it.
 */
export function englishCatalogue(): EnglishString[] {
  const frLeaves = leaves(fr);
  const frValues = new Set(frLeaves.map(([, v]) => normalise(v)));
  const frByKey = new Map(frLeaves);
  const pairs: [string, string, string][] = leaves(en).map(([key, value]) => [key, value, frByKey.get(key) ?? ""]);
  for (const file of yamlFiles(path.resolve("policies"))) {
    const rel = path.relative(process.cwd(), file);
    pairs.push(...bilingualPairs(parse(readFileSync(file, "utf8")), rel));
  }
  const out: EnglishString[] = [];
  for (const [source, enText, frText] of pairs) {
    if (normalise(enText) === normalise(frText) || frValues.has(normalise(enText))) continue;
    const entry = englishString(source, enText);
    if (entry) out.push(entry);
  }
  return out;
}

/** First segments of translation keys ("audit", "permits", …): a dotted token starting with one looks like a key. */
export function keyRoots(): Set<string> {
  return new Set(Object.keys(en));
}

/** The frameworks' catalogue ids ("gdpr", "iso27001-2022"): a page names a framework, never by its id. */
export function frameworkIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of yamlFiles(path.resolve("policies/frameworks"))) {
    const id = (parse(readFileSync(file, "utf8")) as { id?: unknown } | null)?.id;
    if (typeof id === "string") ids.add(id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Enum values

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function literals(text: string): string[] {
  return [...text.matchAll(/"([^"\\]+)"/g)].map((m) => m[1]!);
}

/** The argument of a call starting at `open` (the index of its "("), up to the matching ")". */
function argumentAt(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "(") depth++;
    else if (source[i] === ")" && --depth === 0) return source.slice(open + 1, i);
  }
  return "";
}

/**
 * The values of every enumeration the data can hold: the `as const` lists of db/schema, and every z.enum in app/
 * and db/ (literal lists, and the `as const` lists they name).
 */
export function enumValues(): Map<string, string> {
  const files = [...sourceFiles(path.resolve("app")), ...sourceFiles(path.resolve("db"))];
  const lists = new Map<string, string[]>();
  const values = new Map<string, string>();
  const add = (value: string, where: string) => {
    if (!values.has(value)) values.set(value, where);
  };
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/const\s+([A-Z][A-Z0-9_]*)\s*=\s*\[([^\]]*)\]\s*as const/g)) {
      lists.set(m[1]!, literals(m[2]!));
      if (file.includes(`${path.sep}db${path.sep}schema${path.sep}`)) for (const v of literals(m[2]!)) add(v, `${m[1]} (db/schema)`);
    }
  }
  for (const file of files) {
    // The server's configuration (log level, seed, environment) is read from the environment, never shown.
    if (file.includes(`${path.sep}app${path.sep}config${path.sep}`)) continue;
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/\bz\.enum\(/g)) {
      const arg = argumentAt(source, m.index! + m[0].length - 1);
      const where = `z.enum in ${path.relative(process.cwd(), file)}`;
      const list = arg.trimStart().startsWith("[") ? arg.slice(0, arg.indexOf("]") + 1) : arg.split(",")[0]!;
      for (const v of literals(list)) add(v, where);
      for (const [, name] of list.matchAll(/\b([A-Z][A-Z0-9_]+)\b/g)) for (const v of lists.get(name!) ?? []) add(v, `${name} (${where})`);
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// The detector

/**
 * Enum values that are not codes when shown as they are, each with its reason. Values made only of digits
 * (thresholds "90", "30", "7") are numbers and are never flagged; nor is a value whose French label is the same
 * text ("site").
 */
const SHOWN_AS_THEY_ARE: Record<string, string> = {
  I: "Uptime tier numeral: the label is the numeral",
  II: "Uptime tier numeral",
  III: "Uptime tier numeral",
  IV: "Uptime tier numeral",
  N: "redundancy notation, the same in every language",
  "N+1": "redundancy notation",
  "2N": "redundancy notation",
  "2N+1": "redundancy notation",
  A4: "paper size, the same in French",
};

/**
 * Words a French sentence may hold although an enumeration has a value spelt the same. Only the word check inside
 * French text uses this list; a text node equal to the bare value, or a placeholder of a French sentence filled
 * with it, is still flagged.
 */
const FRENCH_WORDS: Record<string, string> = {
  colocation: "French noun (« clients en colocation »)",
  site: "French noun (« sur site »)",
  change: "French verb (« ce que change cet avenant »)",
  badge: "French noun (« lecteur de badge »)",
  file: "French noun (« file d’attente de raccordement »)",
  // English words in the demo's own names, which the page shows as they were typed: "Kairos customer VM images"
  // (a dataset), "Data processing agreement — Genovia Biotech" (an agreement's title), "Fixture tenant" (a policy's
  // test case). The enumerations they belong to are shown through their labels, which the other checks cover.
  customer: "word of demo names (a dataset)",
  agreement: "word of demo names (agreement titles)",
  tenant: "word of demo names (a policy's test case)",
  share: "word of demo names (the transfer « Evaluation share with US research partner »)",
};

/** A text node that reads as French: holds one of the commonest French function words. */
function looksFrench(text: string): boolean {
  return /(^|[\s’'(])(le|la|les|des|du|de|d|l|un|une|est|et|en|au|aux|pour|dans|sur|par|qui|que|ne|pas)([\s’',.:;)]|$)/i.test(text);
}

/** French sentences with placeholders (locale leaves and the yaml's French side), to check what fills them. */
function frenchTemplates(): RegExp[] {
  const texts = leaves(fr).map(([, v]) => v);
  for (const file of yamlFiles(path.resolve("policies")))
    texts.push(...bilingualPairs(parse(readFileSync(file, "utf8")), "").map(([, , f]) => f));
  return texts
    .map(normalise)
    .filter((text) => /{{/.test(text) && substantial(text.replace(PLACEHOLDER, " ")))
    .map(
      (text) =>
        new RegExp(
          `^${text
            .split(PLACEHOLDER)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("(.+?)")}$`,
        ),
    );
}

export type Seen = { kind: string; text: string };

export type LeakDetector = (seen: Seen) => string[];

const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const DOTTED = /^[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9_-]+)+$/;

export function leakDetector(): LeakDetector {
  const exact = new Map<string, string>();
  const templates: EnglishString[] = [];
  for (const entry of englishCatalogue()) {
    if (entry.regex) templates.push(entry);
    else if (!exact.has(entry.text)) exact.set(entry.text, entry.source);
  }
  const frenchValues = new Set(leaves(fr).map(([, v]) => normalise(v)));
  const filled = frenchTemplates();
  const enums = enumValues();
  const roots = keyRoots();
  const frameworks = frameworkIds();
  /** A bare enum value where a label belongs: not a number, not a notation, not the French label itself. */
  const bareEnum = (value: string) =>
    enums.has(value) && !/^\d+$/.test(value) && !(value in SHOWN_AS_THEY_ARE) && !frenchValues.has(value) ? enums.get(value)! : undefined;
  const isKey = (token: string) => DOTTED.test(token) && roots.has(token.split(".")[0]!);
  return ({ text: raw }) => {
    const text = normalise(raw);
    const reasons: string[] = [];
    const source = exact.get(text) ?? templates.find((entry) => entry.regex!.test(text))?.source;
    if (source) reasons.push(`English catalogue string (${source})`);
    if (/{{|}}/.test(text)) reasons.push("uninterpolated placeholder");
    const wholeEnum = bareEnum(text);
    if (wholeEnum) reasons.push(`enum value (${wholeEnum})`);
    if (frameworks.has(text)) reasons.push("framework id");
    if (SNAKE.test(text)) reasons.push("snake_case code");
    else if (isKey(text)) reasons.push("translation key");
    // A French sentence whose placeholder was filled with a code: "… de type building.", "… (icpe) expire le …".
    for (const regex of filled) {
      const match = regex.exec(text);
      if (!match) continue;
      for (const value of match.slice(1)) {
        const codes = value.split(", ").filter((part) => bareEnum(part));
        if (codes.length > 0) reasons.push(`enum value in a French sentence: "${codes.join(", ")}"`);
      }
    }
    const french = looksFrench(text);
    for (const token of text.split(/[\s,;:!?()«»"“”'’[\]{}…·–—|/]+/)) {
      const word = token.replace(/\.+$/, "");
      if (!word || word === text) continue;
      if (frameworks.has(word)) reasons.push(`framework id "${word}"`);
      else if (SNAKE.test(word)) reasons.push(`snake_case code "${word}"`);
      else if (isKey(word)) reasons.push(`translation key "${word}"`);
      else if (french && /^[a-z]{3,}$/.test(word) && !(word in FRENCH_WORDS) && bareEnum(word))
        reasons.push(`enum value "${word}" in French text (${enums.get(word)})`);
    }
    return [...new Set(reasons)];
  };
}
