import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en";
import fr from "./locales/fr";
import { formatNumber } from "../ui/numbers";

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * French has a "many" plural form (1 000 000, 2 000 000…) written like "other"; i18next asks for `_many` and, not
 * finding it, would fall back to English. Each `_other` text also serves as `_many`, so the catalogues hold one.
 */
function withManyFromOther<T>(messages: T): T {
  if (typeof messages !== "object" || messages === null) return messages;
  const entries = Object.entries(messages).flatMap(([key, value]): [string, unknown][] => {
    const many = key.replace(/_other$/, "_many");
    return many !== key && !(many in messages)
      ? [
          [key, value],
          [many, value],
        ]
      : [[key, withManyFromOther(value)]];
  });
  return Object.fromEntries(entries) as T;
}

export const resources = {
  en: { translation: en },
  fr: { translation: withManyFromOther(fr) },
} as const;

/** A fresh i18next instance; the resources are bundled, so initialisation is synchronous. */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // `{{count, number}}` in a sentence: i18next's own `number` formatter is Intl's, whose output differs between the
  // server's and the browser's ICU; this one is app/ui/numbers.ts's rule. `number(maximumFractionDigits: 1)` keeps a
  // decimal (two by default; whole numbers never show one). Identifiers (versions, line numbers) stay unformatted.
  // A count read from SQL as a numeric string ("1234") is formatted too.
  instance.services.formatter?.add("number", (value: unknown, lng: string | undefined, options: { maximumFractionDigits?: number }) => {
    const number = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    return typeof number === "number" ? formatNumber(number, lng ?? locale, options.maximumFractionDigits ?? 2) : String(value);
  });
  return instance;
}

// The server never changes an instance's language, so one instance per locale serves every request and document.
const serverInstances = new Map<Locale, i18n>();

/** One shared instance per locale whose language never changes: the server's documents, meta titles, translators. */
export function fixedI18n(locale: Locale): i18n {
  let instance = serverInstances.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    serverInstances.set(locale, instance);
  }
  return instance;
}

/** A translator for server code (emails, logs shown to users, PDFs). */
export function translator(locale: Locale) {
  return fixedI18n(locale).t;
}
