import { useTranslation } from "react-i18next";

/** A date in the reader's language, with the exact instant (UTC) in the machine-readable attribute. */
export function DateTime({ value }: { value: Date | string }) {
  const { i18n } = useTranslation();
  const date = typeof value === "string" ? new Date(value) : value;
  const text = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "UTC",
  }).format(date);
  return <time dateTime={date.toISOString()}>{text} UTC</time>;
}
