import { z } from "zod";
import { isCountryCode } from "../i18n/countries";

const required = { error: "validation.required" } as const;

export const ContactSchema = z.object({
  name: z.string(required).trim().min(1, required).max(200, { error: "validation.tooLong" }),
  email: z.email({ error: "validation.email" }).max(254, { error: "validation.tooLong" }),
  role: z.string().trim().max(100, { error: "validation.tooLong" }).optional(),
});

export const TenantFormSchema = z.object({
  legalName: z.string(required).trim().min(2, { error: "validation.tooShort" }).max(200, { error: "validation.tooLong" }),
  slug: z
    .string(required)
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, { error: "validation.slug" }),
  country: z.string(required).refine(isCountryCode, { error: "validation.country" }),
  registrationNumber: z.string(required).trim().min(1, required).max(100, { error: "validation.tooLong" }),
  contacts: z
    .array(ContactSchema, { error: "validation.contactsRequired" })
    .min(1, { error: "validation.contactsRequired" })
    .max(10, { error: "validation.tooMany" }),
});
export type TenantInput = z.infer<typeof TenantFormSchema>;
