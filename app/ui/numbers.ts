// Number formatting written out rather than left to Intl: the server's and the browser's ICU data differ (French
// thousands separators, for one), and a page must render the same text on both sides.
const SEPARATORS = { en: { group: ",", decimal: "." }, fr: { group: "\u202f", decimal: "," } } as const;

export function formatNumber(value: number, locale: string, fractionDigits = 0): string {
  const { group, decimal } = SEPARATORS[locale === "fr" ? "fr" : "en"];
  const [whole = "0", fraction] = Math.abs(value).toFixed(fractionDigits).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const trimmed = fraction?.replace(/0+$/, "");
  return `${value < 0 ? "-" : ""}${grouped}${trimmed ? decimal + trimmed : ""}`;
}

export function formatPercent(share: number, locale: string): string {
  return `${formatNumber(share * 100, locale, 0)}${locale === "fr" ? "\u202f%" : "%"}`;
}

export function formatMoney(value: number, currency: string | null, locale: string): string {
  const amount = formatNumber(value, locale, 2);
  if (!currency) return amount;
  return locale === "fr" ? `${amount}\u202f${currency}` : `${currency} ${amount}`;
}
