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

/**
 * A message in the reader's words. A string that is not one of our keys (a library's own English text) is never shown
 * as is: the reader gets the generic "not valid" sentence in their language instead.
 */
export function messageText(t: TFunction, message: Message | string, values: Record<string, string | number> = {}): string {
  if (typeof message !== "string") return t(message.key, message.values);
  return isMessageKey(message) ? t(message, values) : t("validation.invalid");
}
