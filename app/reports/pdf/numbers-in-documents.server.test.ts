import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPdf } from "./render.server";
import { resolveTemplate } from "./resolve";
import { TemplateSchema, type Language } from "./template-schema";

// Numbers a template prints come from the data as numbers and are written in the document's language by
// app/ui/numbers.ts, the same rule as the pages.
const style = { size: 10 };
const template = TemplateSchema.parse({
  id: "numbers",
  version: 1,
  page: { margin: { top: 60, right: 46, bottom: 60, left: 46 } },
  styles: {
    title: style,
    heading1: style,
    heading2: style,
    body: style,
    small: style,
    tableHeader: style,
    tableCell: style,
    running: style,
  },
  colors: { rule: "#000000", tableHeader: "#000000", tableStripe: "#eeeeee", tableHeaderText: "#ffffff" },
  header: { left: "{{ l.title }}", right: "{{ l.page }} {{ page }} / {{ pages }}" },
  footer: {},
  labels: {
    en: { title: "Figures", page: "Page", total: "{{ total }} checks", power: "Power", days: "Days left" },
    fr: { title: "Chiffres", page: "Page", total: "{{ total }} vérifications", power: "Puissance", days: "Jours restants" },
  },
  blocks: [
    { type: "paragraph", text: "{{ l.total }}" },
    { type: "fields", rows: [{ label: "{{ l.power }}", value: "{{ power }}" }] },
    {
      type: "table",
      rows: "rows",
      empty: "—",
      columns: [{ label: "{{ l.days }}", value: "{{ row.days }}", width: 10, align: "right" }],
    },
    { type: "bars", items: "bars", label: "{{ item.label }}", series: [{ label: "n", value: "item.n", color: "#000000" }] },
  ],
});
const data = {
  total: 1234567.5,
  power: 12000000,
  rows: [{ days: -12 }, { days: 0 }, { days: 1234 }],
  bars: [{ label: "A", n: 1500 }],
};

const texts = (language: Language) =>
  resolveTemplate(template, data, language).flatMap((block) =>
    block.type === "paragraph"
      ? [block.text]
      : block.type === "fields"
        ? block.rows.flat()
        : block.type === "table"
          ? block.rows.flat()
          : [],
  );

describe("numbers in documents", () => {
  it("are written in the document's language", () => {
    expect(texts("en")).toEqual(["1,234,567.5 checks", "Power", "12,000,000", "-12", "0", "1,234"]);
    expect(texts("fr")).toEqual(["1\u202f234\u202f567,5 vérifications", "Puissance", "12\u202f000\u202f000", "-12", "0", "1\u202f234"]);
  });

  it("reach the PDF with their narrow no-break spaces, bar-chart figures included", async () => {
    const bytes = await renderPdf(template, data, "fr", {
      title: "Chiffres",
      author: "Attest",
      subject: "test",
      keywords: [],
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "attest-numbers-")), "fr.pdf");
    writeFileSync(file, bytes);
    // pdftotext writes every space-like character as a space: the digits and decimal comma are checked there...
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(text).toContain("1 234 567,5 vérifications");
    expect(text).toContain("12 000 000");
    expect(text).toContain("1 500");
    expect(text).not.toMatch(/1234|12000000/);
    // ...and the font's map back to Unicode shows the space drawn is U+202F, so a copy-paste keeps it.
    const expanded = path.join(path.dirname(file), "qdf.pdf");
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", file, expanded]);
    expect(readFileSync(expanded, "latin1")).toMatch(/<[0-9A-F]{4}> <202F>/);
  });
});
