import { z } from "zod";
import { isCountryCode } from "../i18n/countries";

const required = { error: "validation.required" } as const;
const country = z.string(required).refine(isCountryCode, { error: "validation.country" });

/** One sub-processor a line: "name; country code; what it accesses". */
export function parseSubProcessors(text: string | undefined) {
  return (text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = "", code = "", ...access] = line.split(";").map((p) => p.trim());
      return { name, country: code.toUpperCase(), access: access.join("; ") };
    });
}

export const CounterpartyFormSchema = z
  .object({
    name: z.string(required).trim().min(2, { error: "validation.tooShort" }).max(200, { error: "validation.tooLong" }),
    registrationCountry: country,
    headquartersCountry: country,
    subProcessors: z.string().trim().max(10_000, { error: "validation.tooLong" }).optional(),
  })
  .superRefine((v, ctx) => {
    parseSubProcessors(v.subProcessors).forEach((s) => {
      if (!s.name || !isCountryCode(s.country))
        ctx.addIssue({ code: "custom", path: ["subProcessors"], message: "counterparties.subProcessorLine" });
    });
  });
export type CounterpartyInput = z.infer<typeof CounterpartyFormSchema>;
