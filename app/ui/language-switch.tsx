import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOCALES } from "../i18n/i18n";
import { CsrfInput } from "./forms";
import { LANGUAGE_LABEL } from "../i18n/labels";

/** Buttons rather than a select: one keystroke or click, no script needed. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" reloadDocument className="language-switch" aria-label={t("language.label")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={i18n.language === locale}
          className="link-button"
        >
          {t(LANGUAGE_LABEL[locale])}
        </button>
      ))}
    </Form>
  );
}
