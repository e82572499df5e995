import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { translator, type Locale } from "../i18n/i18n";
import { FRAMEWORK_SHORT_LABEL } from "../i18n/labels";

export const FRAMEWORKS_DIR = path.resolve("policies/frameworks");

const Text = z.object({ en: z.string().trim().min(1), fr: z.string().trim().min(1).optional() }).strict();
export type LocalText = z.infer<typeof Text>;

export const FrameworkFile = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    /** What the pages call the framework, in each language (GDPR, RGPD). */
    name: Text,
    version: z.string().min(1),
    /**
     * The language the framework is written in, when its titles in the other language are a translation (SecNumCloud
     * is ANSSI's French text; our English titles translate it). Left out where every language is authentic (EU acts).
     */
    source_language: z.enum(["en", "fr"]).optional(),
    themes: z.array(z.object({ id: z.string().regex(/^[a-z0-9_-]+$/), name: Text }).strict()).min(1),
    requirements: z.array(z.object({ id: z.string().min(1).max(50), theme: z.string(), title: Text }).strict()).min(1),
  })
  .strict()
  .superRefine((framework, ctx) => {
    const themes = new Set(framework.themes.map((t) => t.id));
    const seen = new Set<string>();
    framework.requirements.forEach((r, index) => {
      if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: ["requirements", index, "id"], message: `duplicate requirement ${r.id}` });
      seen.add(r.id);
      if (!themes.has(r.theme))
        ctx.addIssue({ code: "custom", path: ["requirements", index, "theme"], message: `unknown theme ${r.theme}` });
    });
  });
export type Framework = z.infer<typeof FrameworkFile>;

const MappingsFile = z.object({ links: z.array(z.tuple([z.string(), z.string()])) }).strict();

export type Catalogue = {
  frameworks: Framework[];
  /** "framework:requirement" → the requirements linked to it (both directions). */
  links: Map<string, string[]>;
};

export const requirementKey = (frameworkId: string, requirementId: string) => `${frameworkId}:${requirementId}`;

/** Reads and checks every framework file and the mapping file; throws naming the file and the field. */
export function loadCatalogue(dir = FRAMEWORKS_DIR): Catalogue {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && f !== "mappings.yaml")
    .sort();
  const frameworks = files.map((file) => {
    const parsed = FrameworkFile.safeParse(parse(readFileSync(path.join(dir, file), "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}: ${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data;
  });
  const ids = new Set<string>();
  for (const f of frameworks) {
    if (ids.has(f.id)) throw new Error(`duplicate framework id ${f.id}`);
    ids.add(f.id);
  }
  const known = new Set(frameworks.flatMap((f) => f.requirements.map((r) => requirementKey(f.id, r.id))));
  const mappings = MappingsFile.parse(parse(readFileSync(path.join(dir, "mappings.yaml"), "utf8")));
  const links = new Map<string, string[]>();
  for (const [a, b] of mappings.links) {
    for (const ref of [a, b]) if (!known.has(ref)) throw new Error(`mappings.yaml: unknown requirement ${ref}`);
    links.set(a, [...(links.get(a) ?? []), b]);
    links.set(b, [...(links.get(b) ?? []), a]);
  }
  return { frameworks, links };
}

let cached: Catalogue | undefined;
export function catalogue(): Catalogue {
  cached ??= loadCatalogue();
  return cached;
}

export function findRequirement(frameworkId: string, requirementId: string) {
  const framework = catalogue().frameworks.find((f) => f.id === frameworkId);
  const requirement = framework?.requirements.find((r) => r.id === requirementId);
  return framework && requirement ? { framework, requirement } : null;
}

export const localText = (text: LocalText, locale: string) => (locale === "fr" && text.fr) || text.en;

/**
 * What a table cell or a line of a document calls a framework (a policy's reference, a control review): its short
 * name in the reader's language, else its full name; never the catalogue id.
 */
export function frameworkShortName(frameworkId: string, locale: Locale): string {
  if (Object.hasOwn(FRAMEWORK_SHORT_LABEL, frameworkId))
    return translator(locale)(FRAMEWORK_SHORT_LABEL[frameworkId as keyof typeof FRAMEWORK_SHORT_LABEL]);
  const framework = catalogue().frameworks.find((f) => f.id === frameworkId);
  return framework ? localText(framework.name, locale) : frameworkId;
}

/** A title in the framework's own language for a reader of another one (SecNumCloud's French for English), or null. */
export function originalText(framework: Pick<Framework, "source_language">, text: LocalText, locale: string): string | null {
  if (framework.source_language === "fr" && locale !== "fr") return text.fr ?? null;
  return null;
}
