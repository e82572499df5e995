import { formatNumber } from "../../ui/numbers";
import type { Block, Language, Template } from "./template-schema";

/** A block with its data filled in: what the layout engine draws, with no template syntax left. */
export type ResolvedBlock =
  | { type: "heading"; text: string; level: 1 | 2; toc: boolean }
  | { type: "paragraph"; text: string; style: string }
  | { type: "fields"; rows: [string, string][] }
  | { type: "table"; headers: string[]; widths: number[]; aligns: ("left" | "right")[]; rows: string[][]; empty: string }
  | { type: "list"; items: string[]; empty: string }
  | { type: "bars"; labels: string[]; series: { label: string; color: string; values: number[] }[]; empty: string }
  | { type: "qr"; value: string; caption: string; size: number }
  | { type: "toc"; title: string }
  | { type: "pageBreak" }
  | { type: "spacer"; height: number };

type Scope = Record<string, unknown>;

export class TemplateDataError extends Error {}

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w]*(?:\.[a-zA-Z_][\w]*)*)\s*\}\}/g;

function lookup(scope: Scope, path: string): unknown {
  let value: unknown = scope;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || !(part in value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

// A number in the data is a quantity (a count, days left, a share already in points) and is written in the document's
// language by app/ui/numbers.ts; an identifier that happens to be numeric (a version, a sequence) comes as text.
function displayed(value: unknown, path: string, templateId: string, language: Language): string {
  if (value === undefined) throw new TemplateDataError(`template ${templateId}: {{ ${path} }} names nothing in the data`);
  if (value === null || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value, language, 2);
  if (typeof value === "boolean") return String(value);
  throw new TemplateDataError(`template ${templateId}: {{ ${path} }} is not text`);
}

/** Fills `{{ path }}` placeholders; a label (`l.…`) may itself hold placeholders, filled from the same data. */
export function interpolate(text: string, scope: Scope, templateId: string, language: Language, depth = 0): string {
  return text.replace(PLACEHOLDER, (_, path: string) => {
    const value = displayed(lookup(scope, path), path, templateId, language);
    return path.startsWith("l.") && depth === 0 ? interpolate(value, scope, templateId, language, 1) : value;
  });
}

function listAt(scope: Scope, path: string, templateId: string): Scope[] {
  const value = lookup(scope, path);
  if (!Array.isArray(value)) throw new TemplateDataError(`template ${templateId}: ${path} must be a list`);
  return value as Scope[];
}

function numberAt(scope: Scope, path: string, templateId: string): number {
  const value = lookup(scope, path);
  if (typeof value !== "number" || !Number.isFinite(value)) throw new TemplateDataError(`template ${templateId}: ${path} must be a number`);
  return value;
}

function shown(block: { if?: string | undefined; unless?: string | undefined }, scope: Scope): boolean {
  const truthy = (path: string) => {
    const value = lookup(scope, path);
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  };
  if (block.if && !truthy(block.if)) return false;
  if (block.unless && truthy(block.unless)) return false;
  return true;
}

function resolveBlock(block: Block, scope: Scope, id: string, language: Language): ResolvedBlock[] {
  if ("if" in block || "unless" in block) if (!shown(block as { if?: string; unless?: string }, scope)) return [];
  const text = (value: string, at: Scope = scope) => interpolate(value, at, id, language);
  switch (block.type) {
    case "heading":
      return [{ type: "heading", text: text(block.text), level: block.level, toc: block.toc }];
    case "paragraph":
      return [{ type: "paragraph", text: text(block.text), style: block.style }];
    case "fields":
      return [{ type: "fields", rows: block.rows.map((r) => [text(r.label), text(r.value)] as [string, string]) }];
    case "table": {
      const rows = listAt(scope, block.rows, id).map((row) => block.columns.map((c) => text(c.value, { ...scope, row })));
      const total = block.columns.reduce((sum, c) => sum + c.width, 0);
      return [
        {
          type: "table",
          headers: block.columns.map((c) => text(c.label)),
          widths: block.columns.map((c) => c.width / total),
          aligns: block.columns.map((c) => c.align),
          rows,
          empty: text(block.empty),
        },
      ];
    }
    case "list":
      return [
        {
          type: "list",
          items: listAt(scope, block.items, id).map((item) => text(block.text, { ...scope, item })),
          empty: block.empty ? text(block.empty) : "",
        },
      ];
    case "bars": {
      const items = listAt(scope, block.items, id);
      return [
        {
          type: "bars",
          labels: items.map((item) => text(block.label, { ...scope, item })),
          series: block.series.map((s) => ({
            label: text(s.label),
            color: s.color,
            values: items.map((item) => numberAt({ item }, s.value, id)),
          })),
          empty: block.empty ? text(block.empty) : "",
        },
      ];
    }
    case "qr":
      return [{ type: "qr", value: text(block.value), caption: block.caption ? text(block.caption) : "", size: block.size }];
    case "toc":
      return [{ type: "toc", title: text(block.title) }];
    case "pageBreak":
      return [{ type: "pageBreak" }];
    case "spacer":
      return [{ type: "spacer", height: block.height }];
    case "repeat":
      return listAt(scope, block.items, id).flatMap((item) =>
        block.blocks.flatMap((inner) => resolveBlock(inner, { ...scope, [block.as]: item }, id, language)),
      );
  }
}

/** The template's blocks filled with the data, in the language asked; labels are in scope as `l`. */
export function resolveTemplate(template: Template, data: Scope, language: Language): ResolvedBlock[] {
  const scope = { ...data, l: template.labels[language] };
  return template.blocks.flatMap((block) => resolveBlock(block, scope, template.id, language));
}

export function runningScope(template: Template, data: Scope, language: Language): Scope {
  return { ...data, l: template.labels[language] };
}
