import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import canonicalize from "canonicalize";
import { parse } from "yaml";
import { catalogue, requirementKey } from "../controls/catalogue.server";
import { compileExpression, compileTemplate, ExpressionError, type CompiledExpression, type CompiledTemplate } from "./cel.server";
import { evidencePaths, type EvidencePath } from "./evaluate";
import { kindsOf, PolicyFile, type ResourceKind } from "./policy-schema";

export const POLICIES_DIR = path.resolve("policies");
/** Folders of policies/ that hold data the packs use, not policies. */
const NOT_PACKS = new Set(["frameworks", "reference", "risk-library"]);

export type CompiledPolicy = PolicyFile & {
  pack: string;
  file: string;
  kinds: ResourceKind[];
  compiled: {
    match: CompiledExpression;
    assert: CompiledExpression;
    message: { en: CompiledTemplate; fr: CompiledTemplate };
    evidence: { match: EvidencePath[]; all: EvidencePath[] };
    /** `remediation_action.types`, evaluated on a finding's evidence. */
    actionTypes: CompiledExpression | null;
  };
};

export type PolicySet = { policies: CompiledPolicy[]; byId: Map<string, CompiledPolicy>; hash: string };

/** A policy file that cannot be loaded: which file, which field, and why (the CEL error when it is one). */
export class PolicyLoadError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
  }
}

/** Validates and compiles one policy; `file` names it in errors. */
export function compilePolicy(raw: unknown, file: string, pack: string): CompiledPolicy {
  const parsed = PolicyFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PolicyLoadError(file, issue.path.join(".") || "(file)", issue.message);
  }
  const policy = parsed.data;
  const known = knownRequirements();
  policy.references.forEach((ref, index) => {
    if (!known.has(requirementKey(ref.framework, ref.requirement))) {
      throw new PolicyLoadError(
        file,
        `references.${index}`,
        `unknown requirement ${ref.framework} ${ref.requirement} (see policies/frameworks)`,
      );
    }
  });
  const compile = <T>(field: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ExpressionError) throw new PolicyLoadError(file, field, error.detail);
      throw error;
    }
  };
  const match = compile("match", () => compileExpression(policy.match));
  const assert = compile("assert", () => compileExpression(policy.assert));
  const evidence = { match: evidencePaths(match.paths), all: evidencePaths([...match.paths, ...assert.paths]) };
  const action = policy.remediation_action;
  const actionTypes =
    action?.kind === "new_permit" && action.types ? compile("remediation_action.types", () => compileExpression(action.types!)) : null;
  // The action is worked out from a finding's stored evidence, so it may read only what the evidence holds.
  const unheld = actionTypes?.paths.find((p) => !evidence.all.some((e) => p === e.path || p.startsWith(`${e.path}.`)));
  if (unheld) throw new PolicyLoadError(file, "remediation_action.types", `reads ${unheld}, which the policy's evidence does not hold`);
  return {
    ...policy,
    pack,
    file,
    kinds: kindsOf(policy),
    compiled: {
      match,
      assert,
      message: {
        en: compile("message.en", () => compileTemplate(policy.message.en, "en")),
        fr: compile("message.fr", () => compileTemplate(policy.message.fr, "fr")),
      },
      evidence,
      actionTypes,
    },
  };
}

let requirementsCache: Set<string> | undefined;
function knownRequirements() {
  requirementsCache ??= new Set(catalogue().frameworks.flatMap((f) => f.requirements.map((r) => requirementKey(f.id, r.id))));
  return requirementsCache;
}

/** Reads every pack under `dir`: all of it or nothing (the first broken policy throws PolicyLoadError). */
export function loadPolicySet(dir = POLICIES_DIR, extra: CompiledPolicy[] = []): PolicySet {
  const policies: CompiledPolicy[] = [];
  for (const pack of readdirSync(dir).sort()) {
    if (NOT_PACKS.has(pack) || !statSync(path.join(dir, pack)).isDirectory()) continue;
    for (const name of readdirSync(path.join(dir, pack))
      .filter((f) => f.endsWith(".yaml"))
      .sort()) {
      const file = path.join(pack, name);
      let raw: unknown;
      try {
        raw = parse(readFileSync(path.join(dir, file), "utf8"));
      } catch (error) {
        throw new PolicyLoadError(file, "(file)", `not valid YAML: ${(error as Error).message}`);
      }
      policies.push(compilePolicy(raw, file, pack));
    }
  }
  return policySetOf([...policies, ...extra]);
}

export function policySetOf(policies: CompiledPolicy[]): PolicySet {
  const byId = new Map<string, CompiledPolicy>();
  for (const policy of policies) {
    const other = byId.get(policy.id);
    if (other) throw new PolicyLoadError(policy.file, "id", `duplicate policy id ${policy.id} (also in ${other.file})`);
    byId.set(policy.id, policy);
  }
  const sorted = [...policies].sort((a, b) => a.id.localeCompare(b.id));
  const source = sorted.map(({ compiled: _compiled, kinds: _kinds, file: _file, ...rest }) => rest);
  const hash = createHash("sha256")
    .update(canonicalize(source) ?? "")
    .digest("hex");
  return { policies: sorted, byId, hash };
}

let builtIn: PolicySet | undefined;
/** The built-in packs, loaded once per process. */
export function builtInPolicies(): PolicySet {
  builtIn ??= loadPolicySet();
  return builtIn;
}
