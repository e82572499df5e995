import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { TemplateSchema, type Template } from "./template-schema";

export const REPORT_TEMPLATES_DIR = path.resolve("templates/reports");
const cache = new Map<string, Template>();

export class TemplateLoadError extends Error {}

/** A document template from templates/reports, checked; a broken file names itself and the field. */
export function loadTemplate(id: string, dir = REPORT_TEMPLATES_DIR): Template {
  const key = `${dir}:${id}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const file = `${id}.yaml`;
  const parsed = TemplateSchema.safeParse(parse(readFileSync(path.join(dir, file), "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TemplateLoadError(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  if (parsed.data.id !== id) throw new TemplateLoadError(`${file}: id: must be "${id}", the file's name`);
  cache.set(key, parsed.data);
  return parsed.data;
}
