import { Environment, type ParseError } from "@marcbachmann/cel-js";
import { countryName } from "../i18n/countries";
import { translator, type Locale } from "../i18n/i18n";
import {
  AGREEMENT_TYPE_LABEL,
  CLOUD_PROVIDER_LABEL,
  ENTRY_CONTROL_LABEL,
  labelOf,
  PERMIT_TYPE_LABEL,
  RESOURCE_KIND_LABEL,
  TRANSFER_MECHANISM_LABEL,
} from "../i18n/labels";
import { formatNumber } from "../ui/numbers";

/** The variables every policy expression sees; their shape is documented in facts.ts. */
export const CEL_VARIABLES = ["resource", "site", "tenant", "org", "params", "now", "ref"] as const;

const DAY_MS = 86_400_000;

// What a message may call to name a code in the reader's words: a message never shows "US" or "scc" in a sentence.
const LABELS = {
  country: (code, locale) => countryName(code, locale),
  kind: (code, locale) => translator(locale)(labelOf(RESOURCE_KIND_LABEL, code)),
  permitType: (code, locale) => translator(locale)(labelOf(PERMIT_TYPE_LABEL, code)),
  agreementType: (code, locale) => translator(locale)(labelOf(AGREEMENT_TYPE_LABEL, code)),
  mechanism: (code, locale) => translator(locale)(labelOf(TRANSFER_MECHANISM_LABEL, code)),
  entryControl: (code, locale) => translator(locale)(labelOf(ENTRY_CONTROL_LABEL, code)),
  provider: (code, locale) => translator(locale)(labelOf(CLOUD_PROVIDER_LABEL, code)),
} satisfies Record<string, (code: string, locale: Locale) => string>;

export const MESSAGE_FUNCTIONS = Object.keys(LABELS) as (keyof typeof LABELS)[];

function buildEnvironment(locale?: Locale) {
  const env = new Environment({
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
    limits: { maxAstNodes: 2_000, maxDepth: 60 },
  });
  for (const name of CEL_VARIABLES) env.registerVariable(name, name === "now" ? "google.protobuf.Timestamp" : "dyn");
  env.registerFunction(
    "daysBetween(google.protobuf.Timestamp, google.protobuf.Timestamp): double",
    (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS,
    {
      description: "Days from the first instant to the second, fractional; negative when the second is earlier.",
    },
  );
  env.registerFunction(
    "hoursBetween(google.protobuf.Timestamp, google.protobuf.Timestamp): double",
    (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000,
    {
      description: "Hours from the first instant to the second, fractional.",
    },
  );
  if (locale) {
    for (const [name, label] of Object.entries(LABELS)) {
      env.registerFunction(`${name}(string): string`, (code: string) => label(code, locale), {
        description: "The reader's words for a code, in a message.",
      });
    }
  }
  return env;
}

const environment = buildEnvironment();
const messageEnvironments = { en: buildEnvironment("en"), fr: buildEnvironment("fr") } as const;

export type Evaluator = (context: Record<string, unknown>) => unknown;
export type CompiledExpression = {
  source: string;
  evaluate: Evaluator;
  /** The fact paths the expression reads (e.g. "resource.attributes.tier"), recorded as a result's evidence. */
  paths: string[];
};

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Parses and type-checks a CEL expression; throws ExpressionError with the library's message (it points at the column). */
export function compileExpression(source: string, env: Environment = environment): CompiledExpression {
  let parsed: ReturnType<Environment["parse"]>;
  try {
    parsed = env.parse(source);
  } catch (error) {
    throw new ExpressionError(source, (error as ParseError).message);
  }
  const check = parsed.check();
  if (!check.valid) throw new ExpressionError(source, check.error?.message ?? "invalid expression");
  return { source, evaluate: parsed as unknown as Evaluator, paths: factPaths(parsed.ast) };
}

type Node = { op: string; args: unknown };

/** The longest member chains rooted at a fact variable, e.g. `site.power.current_kw`. */
function factPaths(ast: unknown): string[] {
  const found = new Set<string>();
  const chain = (node: Node): string | null => {
    if (node.op === "id" && typeof node.args === "string")
      return (CEL_VARIABLES as readonly string[]).includes(node.args) ? node.args : null;
    if ((node.op === "." || node.op === ".?") && Array.isArray(node.args)) {
      const base = chain(node.args[0] as Node);
      return base && typeof node.args[1] === "string" ? `${base}.${node.args[1]}` : null;
    }
    return null;
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    const node = value as Node;
    const path = chain(node);
    if (path && path.includes(".")) {
      found.add(path);
      return;
    }
    visit(node.args);
  };
  visit(ast);
  const paths = [...found];
  return paths.filter((p) => !paths.some((other) => other !== p && other.startsWith(`${p}.`))).sort();
}

/** Reads a dotted path (or its segments) out of the facts, for evidence. */
export function readPath(context: Record<string, unknown>, path: string | readonly string[]): unknown {
  let value: unknown = context;
  for (const key of typeof path === "string" ? path.split(".") : path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export type CompiledTemplate = (context: Record<string, unknown>) => string;

/**
 * A message in one language with `{{ expression }}` placeholders, each compiled as CEL; they may also call the label
 * functions (`country(code)`, `kind(code)`, …) and their values are written as that language writes them.
 */
export function compileTemplate(template: string, locale: Locale): CompiledTemplate {
  const parts = template.split(/\{\{(.*?)\}\}/s);
  const compiled = parts.map((part, index) => (index % 2 === 1 ? compileExpression(part.trim(), messageEnvironments[locale]) : part));
  return (context) =>
    compiled
      .map((part) => {
        if (typeof part === "string") return part;
        try {
          return display(part.evaluate(context), locale);
        } catch {
          return "?";
        }
      })
      .join("");
}

export function display(value: unknown, locale: Locale = "en"): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length ? value.map((v) => display(v, locale)).join(", ") : "—";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  }
  if (typeof value === "number") return formatNumber(value, locale, 2);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
