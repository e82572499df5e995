import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csvResponse, XLSX_DECIMAL, XLSX_INTEGER, xlsxResponse } from "./soa-export.server";

// The writer every table export shares (SoA, findings, registers), fed a French table directly.
const table = {
  header: ["Référence", "Jours restants", "Puissance (MW)", "Plafond"],
  rows: [
    ["AP-2021-ICPE-0417", 1234, 1234567.5, 12000000],
    ["=1+1", -12, 0, 0.9995],
  ],
  fileName: "attest-test",
  sheetName: "Autorisations",
};

describe("table exports", () => {
  it("write CSV numbers machine-readable in every language: no grouping, a dot, a comma between fields", async () => {
    const text = (await csvResponse(table).text()).replace(/^\uFEFF/, "");
    expect(text.split("\r\n")).toEqual([
      "Référence,Jours restants,Puissance (MW),Plafond",
      "AP-2021-ICPE-0417,1234,1234567.5,12000000",
      "'=1+1,-12,0,0.9995",
      "",
    ]);
  });

  it("keep XLSX numbers as typed numeric cells, with a thousands format Excel shows in its own locale", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await (await xlsxResponse(table)).arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Autorisations");
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe(1234);
    expect(first.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(2).numFmt).toBe(XLSX_INTEGER);
    expect(first.getCell(3).value).toBe(1234567.5);
    expect(first.getCell(3).numFmt).toBe(XLSX_DECIMAL);
    expect(first.getCell(4).value).toBe(12000000);
    expect(sheet.getRow(3).getCell(2).value).toBe(-12);
    expect(sheet.getRow(3).getCell(4).value).toBe(0.9995);
    // Text stays text, its formula neutralised.
    expect(sheet.getRow(3).getCell(1).value).toBe("'=1+1");
  });
});
