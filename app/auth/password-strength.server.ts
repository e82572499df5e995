import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import * as fr from "@zxcvbn-ts/language-fr";
import { PASSWORD_MIN_SCORE } from "./password-rules";
import type { MessageKey } from "../i18n/keys";

/** zxcvbn's warnings that have a message of ours, in both languages. */
const WARNING_MESSAGES = {
  straightRow: "validation.passwordWarnings.straightRow",
  keyPattern: "validation.passwordWarnings.keyPattern",
  simpleRepeat: "validation.passwordWarnings.simpleRepeat",
  extendedRepeat: "validation.passwordWarnings.extendedRepeat",
  sequences: "validation.passwordWarnings.sequences",
  recentYears: "validation.passwordWarnings.recentYears",
  dates: "validation.passwordWarnings.dates",
  topTen: "validation.passwordWarnings.topTen",
  topHundred: "validation.passwordWarnings.topHundred",
  common: "validation.passwordWarnings.common",
  similarToCommon: "validation.passwordWarnings.similarToCommon",
  wordByItself: "validation.passwordWarnings.wordByItself",
  namesByThemselves: "validation.passwordWarnings.namesByThemselves",
  commonNames: "validation.passwordWarnings.commonNames",
  userInputs: "validation.passwordWarnings.userInputs",
  pwned: "validation.passwordWarnings.pwned",
} as const satisfies Record<string, MessageKey>;
type Warning = keyof typeof WARNING_MESSAGES;
export const PASSWORD_WARNINGS = Object.keys(WARNING_MESSAGES) as Warning[];

// Translations that answer the key itself, so that the feedback is translated by the app's own i18n.
const keysOnly = <T extends Record<string, Record<string, string>>>(translations: T) =>
  Object.fromEntries(
    Object.entries(translations).map(([group, entries]) => [group, Object.fromEntries(Object.keys(entries).map((key) => [key, key]))]),
  ) as T;

let factory: ZxcvbnFactory | undefined;
// Built on first use (~0.8 s: the English, French and common dictionaries), then kept.
function estimator() {
  factory ??= new ZxcvbnFactory({
    translations: keysOnly(en.translations),
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
  });
  return factory;
}

/**
 * The strength rule of a password being set (never of one being checked at sign-in): zxcvbn's score at least
 * PASSWORD_MIN_SCORE, with the person's own address and name counted as guessable. Answers i18n keys, empty when
 * the password is strong enough.
 */
export function passwordWeaknesses(password: string, userInputs: (string | undefined)[]): string[] {
  const inputs = userInputs
    .filter((input): input is string => Boolean(input))
    .flatMap((input) => {
      const [local = input] = input.split("@");
      const parts = input.split(/[\s@.+_-]+/).filter((part) => part.length >= 3);
      // "Jean Dupont" and jean.dupont@… also as "jeandupont" and "dupontjean".
      const joined = local.split(/[\s.+_-]+/).filter(Boolean);
      return [input, local, ...parts, joined.join(""), [...joined].reverse().join("")];
    });
  const result = estimator().check(password, inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return [];
  const warning = result.feedback.warning as Warning | null;
  return ["validation.passwordWeak", ...(warning && PASSWORD_WARNINGS.includes(warning) ? [WARNING_MESSAGES[warning]] : [])];
}
