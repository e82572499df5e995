// Issue 14: the formula guard only looked at the start of a value, so `Prefecture;=1+1;` became a formula cell in a
// French-locale spreadsheet, which splits on `;`. Every CSV the app writes goes through csvRow (audit log, findings,
// Statement of Applicability, registers, evidence packs); the Excel exports use the same guard. Read back with `,`
// and with `;` as the separator, no cell starts with something a spreadsheet runs.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csvRow, spreadsheetSafe } from "../../app/audit/csv";
import { xlsxResponse } from "../../app/controls/soa-export.server";

const HOSTILE = [
  "=1+1",
  "Prefecture;=1+1;",
  "a,+cmd",
  "\t=x",
  "@SUM(A1:A9)",
  "-2+3",
  "+33 1 23 45 67 89",
  "ok; -1",
  'say ";=HYPERLINK(""http://evil"")"',
  "line one\n=cmd|' /C calc'!A0",
  "cr\r@x",
  "tab\t+x",
  'x;"=1+1"',
];
const TRIGGER = /^[=+\-@\t\r]/;

function cells(csv: string, delimiter: string): string[] {
  const rows = parse(csv, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  return rows.flat();
}

// A plain number ("-7", written from a number) is a number to a spreadsheet, never a formula.
const NUMBER = /^-?\d+(\.\d+)?$/;
const dangerous = (cell: string) => TRIGGER.test(cell.replace(/^"/, "")) && !NUMBER.test(cell);

describe("CSV and Excel exports neutralise formulas in every cell a spreadsheet could make", () => {
  it("read back with , and with ; no cell starts with = + - @ tab or CR", () => {
    const csv = csvRow(["header", "value"]) + HOSTILE.map((v, i) => csvRow([`row ${i}`, v, 42, -7])).join("");
    for (const delimiter of [",", ";"]) {
      const found = cells(csv, delimiter).filter(dangerous);
      expect(found, `with ${delimiter}`).toEqual([]);
    }
    // Each hostile value, alone on its line, the same.
    for (const value of HOSTILE) {
      for (const delimiter of [",", ";"])
        expect(cells(csvRow([value]), delimiter).filter(dangerous), `${value} with ${delimiter}`).toEqual([]);
    }
  });

  it("keeps the text readable: only an apostrophe is added, numbers stay numbers", () => {
    expect(spreadsheetSafe("Prefecture;=1+1;")).toBe("Prefecture;'=1+1;");
    expect(spreadsheetSafe("plain text, with commas; and semicolons")).toBe("plain text, with commas; and semicolons");
    expect(cells(csvRow(["Prefecture;=1+1;"]), ",")).toEqual(["Prefecture;'=1+1;"]);
    expect(csvRow([42, -7, true, null])).toBe("42,-7,true,\r\n");
  });

  it("Excel string cells go through the same guard", async () => {
    const response = await xlsxResponse({ header: ["a", "b"], rows: HOSTILE.map((v) => [v, 1]), fileName: "x", sheetName: "S" } as never);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === "string" && texts.push(cell.value))));
    expect(texts.length).toBeGreaterThan(HOSTILE.length);
    for (const text of texts) {
      expect(text.split(/[,;\t\r\n]/).filter((part) => dangerous(part.trimStart()))).toEqual([]);
    }
  });
});
