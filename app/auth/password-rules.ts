import { z } from "zod";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
/**
 * zxcvbn's score (0–4) a new password must reach, checked on the server where a password is set
 * (password-strength.server.ts: its dictionaries are too large for the browser's bundle). 3 is "safely
 * unguessable: moderate protection from an offline slow-hash scenario".
 */
export const PASSWORD_MIN_SCORE = 3;

/** The password rules; messages are i18n keys. */
export const PasswordSchema = z
  .string({ error: "validation.required" })
  .min(PASSWORD_MIN, { error: "validation.passwordTooShort" })
  .max(PASSWORD_MAX, { error: "validation.passwordTooLong" })
  .refine((value) => /[a-zA-Z\p{L}]/u.test(value) && /[^a-zA-Z\p{L}]/u.test(value), {
    error: "validation.passwordMix",
  });
