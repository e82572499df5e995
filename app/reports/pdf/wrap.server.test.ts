import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { fitColumns, HYPHEN, hyphenatorFor, widestWord, wrapText, type Measure } from "./wrap.server";
import type { Language } from "./template-schema";

// The font the renderer embeds (render.server.ts), measured as pdf-lib measures it when drawing.
const require = createRequire(import.meta.url);
let bold: PDFFont;
let regular: PDFFont;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const features = { liga: false, clig: false, dlig: false };
  bold = await doc.embedFont(readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")), { subset: true, features });
  regular = await doc.embedFont(readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")), { subset: true, features });
});

// The audit report's table header style and page (templates/reports/audit-report.yaml): 7.5 pt bold, 3 pt padding,
// A4 less 46 pt margins.
const SIZE = 7.5;
const PADDING = 3;
const CONTENT_WIDTH = 595.28 - 46 - 46;
const measureBold: Measure = (text) => bold.widthOfTextAtSize(text, SIZE);
const measureRegular: Measure = (text) => regular.widthOfTextAtSize(text, SIZE);

// The Statement of Applicability's columns: weights and header labels of both languages.
const SOA_WEIGHTS = [9, 25, 9, 12, 10, 20, 15];
const SOA_HEADERS: Record<Language, string[]> = {
  en: ["Requirement", "Title", "Applicable", "Status", "Evidence (current / expired)", "Automated evidence", "Justification"],
  fr: ["Exigence", "Intitulé", "Applicable", "Statut", "Preuves (en cours / expirées)", "Preuve automatique", "Justification"],
};

const wrap = (text: string, maxWidth: number, language: Language | null = "en", measure = measureBold) =>
  wrapText(text, { measure, maxWidth, hyphenate: language ? hyphenatorFor(language) : null });

function soaColumns(language: Language) {
  const total = SOA_WEIGHTS.reduce((a, b) => a + b, 0);
  const minimums = SOA_HEADERS[language].map((h) => widestWord(h, measureBold) + 2 * PADDING + 0.5);
  return fitColumns(
    SOA_WEIGHTS.map((w) => (w / total) * CONTENT_WIDTH),
    minimums,
    CONTENT_WIDTH,
  );
}

/** The words a line holds, each of which must be a whole word of the text: a line never ends inside a word. */
function expectWholeWords(text: string, lines: string[]) {
  const words = new Set(text.split(" "));
  for (const line of lines) for (const word of line.split(" ")) expect(words, `"${line}" of "${text}"`).toContain(word);
  expect(lines.join(" ")).toBe(text);
}

describe("table headers", () => {
  for (const language of ["en", "fr"] as const) {
    it(`break between words at the Statement of Applicability's widths (${language})`, () => {
      const widths = soaColumns(language);
      expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(CONTENT_WIDTH, 6);
      SOA_HEADERS[language].forEach((header, i) => {
        const lines = wrap(header, widths[i]! - 2 * PADDING, language);
        expectWholeWords(header, lines);
        for (const line of lines) expect(measureBold(line)).toBeLessThanOrEqual(widths[i]! - 2 * PADDING);
      });
    });
  }

  it("would not fit at the template's own proportions: the columns are widened for their longest header word", () => {
    // 9 % of the content width is narrower than "Requirement" and "Applicable" in 7.5 pt bold: the defect of issue 15.
    const proportional = (9 / 100) * CONTENT_WIDTH - 2 * PADDING;
    expect(measureBold("Requirement")).toBeGreaterThan(proportional);
    expect(measureBold("Applicable")).toBeGreaterThan(proportional);
    const widths = soaColumns("en");
    expect(widths[0]! - 2 * PADDING).toBeGreaterThanOrEqual(measureBold("Requirement"));
    expect(widths[2]! - 2 * PADDING).toBeGreaterThanOrEqual(measureBold("Applicable"));
    expect(wrap("Requirement", widths[0]! - 2 * PADDING)).toEqual(["Requirement"]);
    expect(wrap("Applicable", widths[2]! - 2 * PADDING)).toEqual(["Applicable"]);
  });
});

describe("punctuation", () => {
  it("keeps a lone slash, colon or closing guillemet with the word before it, an opening one with the word after", () => {
    const header = "Preuves (en cours / expirées)";
    for (const width of [30, 40, 50, 60, 80]) {
      const lines = wrap(header, width, "fr");
      for (const line of lines) {
        expect(line, `width ${width}`).not.toMatch(/^[/:»]/);
        expect(line, `width ${width}`).not.toMatch(/«$/);
      }
    }
    expect(wrap("Preuves (en cours / expirées)", measureBold("cours / exp"), "fr")).toEqual(["Preuves", "(en cours /", "expirées)"]);
    expect(wrap("Statut : « mise en œuvre »", measureBold("Statut : « mise"), "fr")).toEqual(["Statut : « mise", "en œuvre »"]);
  });
});

describe("a word too long for its column", () => {
  const cases: [Language, string][] = [
    ["en", "Requirement"],
    ["en", "Applicable"],
    ["en", "Justification"],
    ["fr", "Applicabilité"],
    ["fr", "Justification"],
    ["fr", "Sauvegardes"],
  ];
  for (const [language, word] of cases) {
    it(`is hyphenated at a point of the ${language} dictionary: ${word}`, () => {
      const points = hyphenatorFor(language)(word);
      expect(points.length).toBeGreaterThan(0);
      const maxWidth = measureBold(word) * 0.7;
      const lines = wrap(word, maxWidth, language);
      expect(lines.length).toBeGreaterThan(1);
      let at = 0;
      for (const line of lines.slice(0, -1)) {
        expect(line.endsWith(HYPHEN), line).toBe(true);
        at += line.length - HYPHEN.length;
        expect(points, `${word} broken after ${word.slice(0, at)}`).toContain(at);
      }
      expect(lines.map((l, i) => (i < lines.length - 1 ? l.slice(0, -HYPHEN.length) : l)).join("")).toBe(word);
      for (const line of lines) expect(measureBold(line)).toBeLessThanOrEqual(maxWidth);
    });
  }

  it("breaks as the dictionary says, not where the width runs out", () => {
    const width = measureBold("Requireme");
    expect(wrap("Requirement", width, "en")).toEqual(["Require-", "ment"]);
    // Ap-pli-ca-bi-li-té: the longest piece that fits with its hyphen.
    expect(wrap("Applicabilité", measureBold("Applicab"), "fr")).toEqual(["Applica-", "bilité"]);
    expect(wrap("Applicabilité", measureBold("Applic"), "fr")).toEqual(["Appli-", "cabi-", "lité"]);
  });

  it("starts on its own line and lets the next word follow its last piece", () => {
    const width = measureBold("Justifica");
    const lines = wrap("A Justification à la", width, "fr");
    expect(lines).toEqual(["A", "Justifi-", "cation à", "la"]);
    for (const line of lines) expect(measureBold(line)).toBeLessThanOrEqual(width);
  });

  it("takes a soft hyphen in the text as a hyphenation point and never draws it", () => {
    const lines = wrap("Data\u00adcentre\u00adoperator", measureBold("Datacentre-"), null);
    expect(lines).toEqual(["Datacentre-", "operator"]);
    expect(wrap("Data\u00adcentre", 500, null)).toEqual(["Datacentre"]);
  });

  it("breaks a compound word at its own hyphen before the dictionary's", () => {
    expect(wrap("sous-traitance", measureBold("sous-traitan"), "fr")).toEqual(["sous-", "traitance"]);
  });

  it("is not hyphenated when it fits on a line of its own", () => {
    expect(wrap("Automated evidence", measureBold("Automated"), "en")).toEqual(["Automated", "evidence"]);
    expect(wrap("Preuve automatique", measureBold("automatique"), "fr")).toEqual(["Preuve", "automatique"]);
  });
});

describe("long tokens without words", () => {
  it("cuts a hash between characters only because it has no break opportunity", () => {
    const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const width = 120;
    const lines = wrap(hash, width, "en", measureRegular);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join("")).toBe(hash);
    for (const line of lines) expect(measureRegular(line)).toBeLessThanOrEqual(width);
    // Each line is as full as it can be: one more character would not fit.
    for (const [i, line] of lines.slice(0, -1).entries()) expect(measureRegular(line + lines[i + 1]![0]!), line).toBeGreaterThan(width);
  });

  it("breaks a URL after its slashes and an id after its hyphens before cutting anywhere", () => {
    const url = "https://attest.example/verify/ATT-7K2M-9QXD-4RTB";
    const lines = wrap(url, measureRegular("https://attest.example/verify/"), "en", measureRegular);
    expect(lines).toEqual(["https://attest.example/verify/", "ATT-7K2M-9QXD-4RTB"]);
    const id = wrap("ATT-7K2M-9QXD-4RTB", measureRegular("ATT-7K2M-9Q"), "en", measureRegular);
    expect(id).toEqual(["ATT-7K2M-", "9QXD-4RTB"]);
  });

  it("never splits a surrogate pair or a letter from its combining accent", () => {
    const text = "𝔸𝔹ℂ𝔻𝔼𝔽𝔾ℍ𝕀𝕁e\u0301e\u0301e\u0301e\u0301";
    const lines = wrap(text, 20, null, measureRegular);
    expect(lines.join("")).toBe(text);
    for (const line of lines) {
      expect(line.charCodeAt(0) >= 0xdc00 && line.charCodeAt(0) <= 0xdfff).toBe(false);
      expect(/^\p{M}/u.test(line)).toBe(false);
    }
  });

  it("breaks a policy id at its dots and hyphens, never adding a hyphen of the dictionary to it", () => {
    const id = "agreements.tenant.assets-without-agreement:";
    const width = measureRegular("agreements.tenant.asse");
    const lines = wrap(id, width, "en", measureRegular);
    expect(lines).toEqual(["agreements.tenant.", "assets-without-", "agreement:"]);
  });

  it("does not hyphenate an acronym or a number", () => {
    const lines = wrap("NETBOX1234567890", measureRegular("NETBOX12"), "en", measureRegular);
    expect(lines.every((l) => !l.endsWith(HYPHEN))).toBe(true);
    expect(lines.join("")).toBe("NETBOX1234567890");
  });
});

describe("fitColumns", () => {
  it("keeps the template's proportions when every column is wide enough", () => {
    expect(fitColumns([10, 30, 60], [5, 5, 5], 100)).toEqual([10, 30, 60]);
  });
  it("gives a narrow column its minimum and takes it from the others in proportion", () => {
    const widths = fitColumns([10, 30, 60], [20, 5, 5], 100);
    expect(widths[0]).toBe(20);
    expect(widths[1]! + widths[2]!).toBeCloseTo(80, 9);
    expect(widths[2]! / widths[1]!).toBeCloseTo(2, 9);
  });
  it("never takes a column below its own minimum while widening another", () => {
    const widths = fitColumns([10, 10, 80], [30, 25, 5], 100);
    expect(widths[0]).toBe(30);
    expect(widths[1]).toBe(25);
    expect(widths[2]).toBeCloseTo(45, 9);
  });
  it("follows the minimums' proportions when they do not all fit", () => {
    expect(fitColumns([50, 50], [100, 300], 200)).toEqual([50, 150]);
  });
});
