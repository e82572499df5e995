// Number formatting written out rather than left to Intl: the server's and the browser's ICU data differ (French
// thousands separators, for one), and a page must render the same text on both sides. Every number, amount,
// percentage, quantity with a unit and duration a reader sees — pages, PDFs, e-mails, sentences of the catalogue
// (the i18next `number` formatter, app/i18n/i18n.ts) — goes through this file.
//
// The rule, one for the whole app:
// - English groups thousands with "," and writes decimals with "."; French groups with a narrow no-break space
//   (U+202F) and writes decimals with "," — CLDR's choices, which Intl gives for "fr" too when its data is recent.
// - A percentage: "99.95%" in English; French puts a narrow no-break space before the sign: "99,95 %".
// - A quantity with a unit (kW, MW, h, EUR…), in both languages: the number, a no-break space (U+00A0), the unit, so
//   that a line never breaks between them. An amount of money: "EUR 12,000,000.00" / "12 000 000,00 EUR", always
//   with its two decimals.
// - Negative numbers take a hyphen-minus (what CLDR gives for both languages); a value that rounds to zero is "0".
// - Fraction digits are a maximum: trailing zeros are dropped ("8.8", not "8.80"), except for money.

export const NBSP = "\u00a0";
export const NNBSP = "\u202f";

const SEPARATORS = { en: { group: ",", decimal: "." }, fr: { group: NNBSP, decimal: "," } } as const;
const language = (locale: string) => (locale === "fr" || locale.startsWith("fr-") ? "fr" : "en");

export function formatNumber(value: number, locale: string, maximumFractionDigits = 0, minimumFractionDigits = 0): string {
  if (!Number.isFinite(value)) return "—";
  const { group, decimal } = SEPARATORS[language(locale)];
  const [whole = "0", fraction = ""] = Math.abs(value).toFixed(maximumFractionDigits).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  let shown = fraction.replace(/0+$/, "");
  if (shown.length < minimumFractionDigits) shown = fraction.slice(0, minimumFractionDigits);
  const negative = value < 0 && /[1-9]/.test(whole + fraction);
  return `${negative ? "-" : ""}${grouped}${shown ? decimal + shown : ""}`;
}

/** A share (0.9995) as a percentage ("99.95%", "99,95 %"). */
export function formatPercent(share: number, locale: string, maximumFractionDigits = 2): string {
  const number = formatNumber(share * 100, locale, maximumFractionDigits);
  return language(locale) === "fr" ? `${number}${NNBSP}%` : `${number}%`;
}

/** A number and its unit, never split across lines: "12.5 kW", "72 h", "1 200 m²". */
export function formatQuantity(value: number, unit: string, locale: string, maximumFractionDigits = 2): string {
  return `${formatNumber(value, locale, maximumFractionDigits)}${NBSP}${unit}`;
}

/** An amount with its two decimals and its ISO 4217 code: "EUR 12,000,000.00", "12 000 000,00 EUR". */
export function formatMoney(value: number, currency: string | null, locale: string): string {
  const amount = formatNumber(value, locale, 2, 2);
  if (!currency) return amount;
  return language(locale) === "fr" ? `${amount}${NBSP}${currency}` : `${currency}${NBSP}${amount}`;
}

/**
 * A duration measured in milliseconds, with SI symbols (the same in both languages): "850 ms", "12.3 s",
 * "4 min 05 s", "2 h 07 min". Durations in days are words ("in 3 days") and belong to the catalogue.
 */
export function formatDuration(milliseconds: number, locale: string): string {
  if (!Number.isFinite(milliseconds)) return "—";
  const ms = Math.max(0, milliseconds);
  if (ms < 1000) return formatQuantity(Math.round(ms), "ms", locale, 0);
  if (ms < 60_000) return formatQuantity(Math.floor(ms / 100) / 10, "s", locale, 1);
  const seconds = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  if (seconds < 3600) return `${Math.floor(seconds / 60)}${NBSP}min ${two(seconds % 60)}${NBSP}s`;
  const minutes = Math.floor(seconds / 60);
  return `${formatNumber(Math.floor(minutes / 60), locale)}${NBSP}h ${two(minutes % 60)}${NBSP}min`;
}

/** The formatters bound to one language, for a component or a document that writes many numbers. */
export function numberFormats(locale: string) {
  return {
    number: (value: number, maximumFractionDigits = 0) => formatNumber(value, locale, maximumFractionDigits),
    percent: (share: number, maximumFractionDigits = 2) => formatPercent(share, locale, maximumFractionDigits),
    quantity: (value: number, unit: string, maximumFractionDigits = 2) => formatQuantity(value, unit, locale, maximumFractionDigits),
    money: (value: number, currency: string | null) => formatMoney(value, currency, locale),
    duration: (milliseconds: number) => formatDuration(milliseconds, locale),
  };
}
export type NumberFormats = ReturnType<typeof numberFormats>;
