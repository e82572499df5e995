import { useTranslation } from "react-i18next";
import { numberFormats, type NumberFormats } from "./numbers";

/** An instant as "2026-11-26 01:09 UTC": unambiguous for an auditor, and identical on the server and in the browser. */
export function DateTime({ value }: { value: Date | string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const iso = date.toISOString();
  return <time dateTime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time>;
}

/** The number formatters (app/ui/numbers.ts) in the reader's language: the same text on the server and in the browser. */
export function useNumbers(): NumberFormats {
  const { i18n } = useTranslation();
  return numberFormats(i18n.language);
}
