import { describe, expect, it } from "vitest";
import { formatMoney, formatNumber, formatPercent } from "./numbers";

describe("number formatting", () => {
  it("groups thousands and writes decimals the way each language does", () => {
    expect(formatNumber(48000000, "en")).toBe("48,000,000");
    expect(formatNumber(48000000, "fr")).toBe("48\u202f000\u202f000");
    expect(formatNumber(8.8, "fr", 1)).toBe("8,8");
    expect(formatNumber(9.0, "en", 1)).toBe("9");
    expect(formatNumber(-1234.5, "en", 2)).toBe("-1,234.5");
    expect(formatPercent(0.224, "fr")).toBe("22\u202f%");
    expect(formatMoney(12000000, "EUR", "en")).toBe("EUR 12,000,000");
  });
});
