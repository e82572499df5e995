import { describe, expect, it } from "vitest";
import { formatDuration, formatMoney, formatNumber, formatPercent, formatQuantity, NBSP, NNBSP } from "./numbers";

describe("number formatting", () => {
  it("groups thousands and writes decimals the way each language does", () => {
    expect(formatNumber(48000000, "en")).toBe("48,000,000");
    expect(formatNumber(48000000, "fr")).toBe("48\u202f000\u202f000");
    expect(formatNumber(8.8, "fr", 1)).toBe("8,8");
    expect(formatNumber(9.0, "en", 1)).toBe("9");
    expect(formatNumber(-1234.5, "en", 2)).toBe("-1,234.5");
    expect(formatPercent(0.224, "fr", 0)).toBe("22\u202f%");
  });

  it("writes 1234567.5 with its separators in each language", () => {
    expect(formatNumber(1234567.5, "en", 2)).toBe("1,234,567.5");
    expect(formatNumber(1234567.5, "fr", 2)).toBe(`1${NNBSP}234${NNBSP}567,5`);
    // Fraction digits are a maximum: rounding happens there, not before.
    expect(formatNumber(1234567.5, "fr")).toBe(`1${NNBSP}234${NNBSP}568`);
    expect(formatNumber(1234567.5, "fr", 2, 2)).toBe(`1${NNBSP}234${NNBSP}567,50`);
  });

  it("writes 0.9995 as 99.95 percent, with French's narrow no-break space before the sign", () => {
    expect(formatPercent(0.9995, "en")).toBe("99.95%");
    expect(formatPercent(0.9995, "fr")).toBe(`99,95${NNBSP}%`);
    // An SLA of five nines keeps its digits when asked, instead of rounding up to 100 %.
    expect(formatPercent(99.999 / 100, "fr", 3)).toBe(`99,999${NNBSP}%`);
    expect(formatPercent(1, "fr")).toBe(`100${NNBSP}%`);
  });

  it("writes an amount with its two decimals and its currency code, never split from it", () => {
    expect(formatMoney(12000000, "EUR", "en")).toBe(`EUR${NBSP}12,000,000.00`);
    expect(formatMoney(12000000, "EUR", "fr")).toBe(`12${NNBSP}000${NNBSP}000,00${NBSP}EUR`);
    expect(formatMoney(1234.5, null, "fr")).toBe(`1${NNBSP}234,50`);
    expect(formatMoney(-250, "EUR", "en")).toBe(`EUR${NBSP}-250.00`);
  });

  it("writes negative numbers with a minus, and zero (even a negative one that rounds to it) as 0", () => {
    expect(formatNumber(-1234567.5, "fr", 1)).toBe(`-1${NNBSP}234${NNBSP}567,5`);
    expect(formatNumber(-12, "en")).toBe("-12");
    expect(formatNumber(0, "en")).toBe("0");
    expect(formatNumber(0, "fr", 2)).toBe("0");
    expect(formatNumber(-0.0004, "fr", 2)).toBe("0");
    expect(formatPercent(0, "fr")).toBe(`0${NNBSP}%`);
    expect(formatMoney(0, "EUR", "fr")).toBe(`0,00${NBSP}EUR`);
    expect(formatNumber(Number.NaN, "en")).toBe("—");
  });

  it("keeps a number and its unit together with a no-break space, in both languages", () => {
    expect(formatQuantity(12.5, "kW", "en")).toBe(`12.5${NBSP}kW`);
    expect(formatQuantity(1234.56, "MWh", "fr", 1)).toBe(`1${NNBSP}234,6${NBSP}MWh`);
    expect(formatQuantity(72, "h", "fr")).toBe(`72${NBSP}h`);
  });

  it("writes durations with SI symbols", () => {
    expect(formatDuration(850, "en")).toBe(`850${NBSP}ms`);
    expect(formatDuration(12_345, "fr")).toBe(`12,3${NBSP}s`);
    expect(formatDuration(245_000, "en")).toBe(`4${NBSP}min 05${NBSP}s`);
    expect(formatDuration(7_620_000, "fr")).toBe(`2${NBSP}h 07${NBSP}min`);
  });

  it("does not depend on the runtime's ICU data: the same text whatever Intl says", () => {
    const intl = Intl.NumberFormat;
    try {
      // A runtime whose ICU would group with a plain space, or not at all: nothing here may change.
      (Intl as { NumberFormat: unknown }).NumberFormat = function () {
        throw new Error("Intl must not be used");
      };
      expect(formatMoney(12000000, "EUR", "fr")).toBe(`12${NNBSP}000${NNBSP}000,00${NBSP}EUR`);
      expect(formatPercent(0.9995, "fr")).toBe(`99,95${NNBSP}%`);
    } finally {
      (Intl as { NumberFormat: unknown }).NumberFormat = intl;
    }
  });
});
