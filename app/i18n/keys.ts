import type { ParseKeys, TFunction } from "i18next";
import en from "./locales/en";

/** A key of the translations: `t()` and every type below refuse any other string at compile time. */
export type MessageKey = ParseKeys;

/** A message as code carries it before it reaches a reader: a key, or a key and the values its text names. */
export type Message = MessageKey | { key: MessageKey; values: Record<string, string | number> };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix.replace(PLURAL_SUFFIX, "")];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

/** Every key of the translations, plural forms folded into their base key. */
export const MESSAGE_KEYS: ReadonlySet<string> = new Set(leafKeys(en));

/**
 * For strings that crossed a boundary the compiler cannot follow (a form library's error list, a JSON answer): is it
 * one of our keys?
 */
export function isMessageKey(value: string): value is MessageKey {
  return MESSAGE_KEYS.has(value);
}

/** The English text of a key (its plural "other" form for a plural key). */
function englishText(key: string): string | undefined {
  const parts = key.split(".");
  const last = parts.pop() ?? "";
  const parent = parts.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en) as
    Record<string, unknown> | undefined;
  const text = parent?.[last] ?? parent?.[`${last}_other`];
  return typeof text === "string" ? text : undefined;
}

/** Whether a key's text names values ("At least {{minimum}} characters."), so that a message must carry them. */
export const namesValues = (key: MessageKey): boolean => (englishText(key) ?? "").includes("{{");

/**
 * Keys whose text names a limit (app/i18n/zod-errors.ts), each with the sentence that says as much without it: a form
 * library's error list carries a key alone, and a text must never show "{{minimum}}".
 */
const WITHOUT_VALUES: Partial<Record<MessageKey, MessageKey>> = {
  "validation.minLength": "validation.tooShort",
  "validation.maxLength": "validation.tooLong",
  "validation.exactLength": "validation.invalid",
  "validation.minNumber": "validation.tooSmall",
  "validation.moreThan": "validation.tooSmall",
  "validation.maxNumber": "validation.tooLarge",
  "validation.lessThan": "validation.tooLarge",
  "validation.minItems": "validation.tooFew",
  "validation.maxItems": "validation.tooMany",
  "validation.tooEarly": "validation.date",
  "validation.tooLate": "validation.date",
  "validation.maxBytes": "validation.tooLarge",
  "validation.multipleOf": "validation.number",
  "validation.unknownFields": "validation.invalid",
};

/**
 * A message in the reader's words. A string that is not one of our keys (a library's own English text) is never shown
 * as is: the reader gets the generic "not valid" sentence in their language instead.
 */
export function messageText(t: TFunction, message: Message | string, values: Record<string, string | number> = {}): string {
  const key = typeof message === "string" ? message : message.key;
  const given = typeof message === "string" ? values : { ...values, ...message.values };
  if (!isMessageKey(key)) return t("validation.invalid");
  const plain = WITHOUT_VALUES[key];
  return plain && Object.keys(given).length === 0 ? t(plain) : t(key, given);
}
