import { fixedI18n, DEFAULT_LOCALE, isLocale } from "./i18n";
import type { MessageKey } from "./keys";

type MatchLike = { id: string; data: unknown };

/** A translated document title for `meta` exports, which cannot use hooks. */
export function pageTitle(matches: MatchLike[], key: MessageKey): { title: string }[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const translate = fixedI18n(locale).t;
  return [{ title: `${translate(key)} · Attest` }];
}
