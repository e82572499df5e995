import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { AGREEMENT_TYPES, PARTY_ROLES } from "./content";

export const TEMPLATES_DIR = path.resolve("templates/agreements");

const Text = z.object({ en: z.string().min(1), fr: z.string().min(1) }).strict();
const PLACEHOLDERS = ["data_location", "breach_hours", "sla_availability"] as const;

export const AgreementTemplate = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    type: z.enum(AGREEMENT_TYPES),
    title: Text,
    defaults: z.record(z.string(), z.string()).default({}),
    parties: z.array(z.object({ role: z.enum(PARTY_ROLES) }).strict()).min(2),
    clauses: z.array(z.object({ title: Text, text: Text }).strict()).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    t.clauses.forEach((c, i) => {
      for (const lang of ["en", "fr"] as const) {
        for (const [, name] of c.text[lang].matchAll(/{{(\w+)}}/g)) {
          if (!(PLACEHOLDERS as readonly string[]).includes(name!)) {
            ctx.addIssue({ code: "custom", path: ["clauses", i, "text", lang], message: `unknown placeholder {{${name}}}` });
          }
        }
      }
    });
  });
export type AgreementTemplate = z.infer<typeof AgreementTemplate>;

/** Every template in templates/agreements, checked; a broken file names itself and the field. */
export function loadTemplates(dir = TEMPLATES_DIR): AgreementTemplate[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const parsed = AgreementTemplate.safeParse(parse(readFileSync(path.join(dir, file), "utf8")));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}: ${issue.path.join(".")}: ${issue.message}`);
      }
      return parsed.data;
    });
}

/** The agreement form's starting values from a template, its clauses written out in one language. */
export function draftFromTemplate(template: AgreementTemplate, lang: "en" | "fr"): Record<string, unknown> {
  const d = template.defaults;
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    data_location: d.dataLocation ?? "—",
    breach_hours: d.breachNotificationHours ?? "—",
    sla_availability: d.slaAvailability ?? "—",
  };
  const clauses = template.clauses
    .map((c) => `${c.title[lang]}\n${c.text[lang].replace(/{{(\w+)}}/g, (_, name: (typeof PLACEHOLDERS)[number]) => values[name])}`)
    .join("\n\n");
  return {
    title: template.title[lang],
    type: template.type,
    ...d,
    parties: template.parties.map((p) => ({ ref: "", role: p.role, signature: "pending" })),
    freeClauses: clauses,
    obligations: [],
  };
}
