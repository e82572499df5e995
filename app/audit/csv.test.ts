import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv";

describe("CSV export", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvRow(["a", 'say "hi"', "x,y", "line\nbreak", null, { k: 1 }])).toBe('a,"say ""hi""","x,y","line\nbreak",,"{""k"":1}"\r\n');
  });

  it("neutralises spreadsheet formulas", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+33 1 23")).toBe("'+33 1 23");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("plain")).toBe("plain");
  });
});
