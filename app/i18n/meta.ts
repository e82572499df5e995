import type { TFunction } from "i18next";
import { createI18n, DEFAULT_LOCALE, isLocale, type Locale } from "./i18n";

const translators = new Map<Locale, TFunction>();

function t(locale: Locale): TFunction {
  let fn = translators.get(locale);
  if (!fn) {
    fn = createI18n(locale).t;
    translators.set(locale, fn);
  }
  return fn;
}

type MatchLike = { id: string; data: unknown };

/** A translated document title for `meta` exports, which cannot use hooks. */
export function pageTitle(matches: MatchLike[], key: string): { title: string }[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const translate = t(locale);
  return [{ title: `${translate(key)} · Attest` }];
}
