import { readPath } from "./cel.server";
import type { EvaluationContext } from "./facts";
import type { CompiledPolicy } from "./packs.server";
import { evidenceSeenByTenant, type TenantView } from "./tenant-view";

export const RESULT_STATUSES = ["pass", "fail", "error", "not_applicable"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export type PolicyResult = {
  status: ResultStatus;
  /** What the expressions read, by fact path; JSON-safe. */
  evidence: Record<string, unknown>;
  message: { en: string; fr: string } | null;
  error: string | null;
};

/**
 * Runs one policy on one resource's facts. An expression that throws or answers a non-boolean is an error result.
 * For a tenant's resource, `view` is what that tenant's members may read (tenant-view.ts): the policy decides on
 * every fact, its evidence and message are stored as the tenant's view.
 */
export function evaluatePolicy(policy: CompiledPolicy, context: EvaluationContext, view: TenantView | null = null): PolicyResult {
  const facts = context as unknown as Record<string, unknown>;
  const shown = (view?.facts ?? context) as unknown as Record<string, unknown>;
  const evidenceOf = (paths: readonly EvidencePath[]) =>
    view ? evidenceSeenByTenant(readEvidence(paths, facts), view.agreementIds) : readEvidence(paths, facts);
  const { match, assert, message, evidence: paths } = policy.compiled;
  let stage: "match" | "assert" = "match";
  try {
    const matched = match.evaluate(facts);
    if (typeof matched !== "boolean") throw new TypeError(`match answered ${typeof matched}, not a boolean`);
    if (!matched) return { status: "not_applicable", evidence: evidenceOf(paths.match), message: null, error: null };
    stage = "assert";
    const holds = assert.evaluate(facts);
    if (typeof holds !== "boolean") throw new TypeError(`assert answered ${typeof holds}, not a boolean`);
    const evidence = evidenceOf(paths.all);
    if (holds) return { status: "pass", evidence, message: null, error: null };
    return { status: "fail", evidence, message: { en: message.en(shown), fr: message.fr(shown) }, error: null };
  } catch (error) {
    return { status: "error", evidence: evidenceOf(paths.all), message: null, error: `${stage}: ${firstLine(error)}` };
  }
}

export type EvidencePath = { path: string; segments: readonly string[] };
/** The fact paths a policy's expressions read, split once at load; reference data is left out of evidence. */
export function evidencePaths(paths: readonly string[]): EvidencePath[] {
  return [...new Set(paths)].filter((p) => !p.startsWith("ref.")).map((path) => ({ path, segments: path.split(".") }));
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 500);

const MAX_LIST = 25;

function readEvidence(paths: readonly EvidencePath[], facts: Record<string, unknown>): Record<string, unknown> {
  const evidence: Record<string, unknown> = {};
  for (const { path, segments } of paths) evidence[path] = jsonSafe(readPath(facts, segments), 0);
  return evidence;
}

function jsonSafe(value: unknown, depth: number): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return value.length > 300 ? `${value.slice(0, 300)}…` : value;
  if (Array.isArray(value)) {
    // Most evidence is a short list of codes: kept as it is (facts are never mutated), not copied.
    if (value.length <= MAX_LIST && value.every((v) => typeof v === "string" && v.length <= 300)) return value;
    const items = value.slice(0, MAX_LIST).map((v) => jsonSafe(v, depth + 1));
    return value.length > MAX_LIST ? [...items, `… ${value.length - MAX_LIST} more`] : items;
  }
  if (value && typeof value === "object") {
    if (depth >= 3) return "{…}";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v, depth + 1)]));
  }
  return value;
}
