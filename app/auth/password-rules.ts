import { z } from "zod";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** The password rules; messages are i18n keys. */
export const PasswordSchema = z
  .string({ error: "validation.required" })
  .min(PASSWORD_MIN, { error: "validation.passwordTooShort" })
  .max(PASSWORD_MAX, { error: "validation.passwordTooLong" })
  .refine((value) => /[a-zA-Z\p{L}]/u.test(value) && /[^a-zA-Z\p{L}]/u.test(value), {
    error: "validation.passwordMix",
  });
