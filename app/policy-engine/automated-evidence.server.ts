import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { controlRecords } from "../../db/schema";
import { policyStats } from "./findings.server";
import type { StatusCounts } from "./history.server";
import { organizationPolicySet } from "./custom-policies.server";

export type AutomatedPolicy = { id: string; title: { en: string; fr: string }; pass: number; fail: number; error: number };
/** What the policy engine says about a requirement: no policy checks it, not checked yet, or passing/failing. */
export type AutomatedEvidence = { state: "none" | "not_checked" | "passing" | "failing"; policies: AutomatedPolicy[] };

/**
 * Automated evidence per requirement of a framework: the policies that cite it (and those the organisation linked to
 * it), with their latest results. One failing or erroring resource makes the requirement failing.
 */
export async function automatedEvidence(
  tx: Tx,
  params: {
    organizationId: string;
    frameworkId: string;
    /** The results to read (per policy, e.g. as a past run left them); the latest results when absent. */
    stats?: ReadonlyMap<string, Readonly<StatusCounts>>;
  },
): Promise<Map<string, AutomatedEvidence>> {
  const set = await organizationPolicySet(tx, params);
  const stats = params.stats ?? (await policyStats(tx, params));
  const linked = await tx
    .select({ requirementId: controlRecords.requirementId, linkedPolicies: controlRecords.linkedPolicies })
    .from(controlRecords)
    .where(and(eq(controlRecords.organizationId, params.organizationId), eq(controlRecords.frameworkId, params.frameworkId)));
  const byRequirement = new Map<string, Set<string>>();
  const add = (requirementId: string, policyId: string) =>
    byRequirement.set(requirementId, (byRequirement.get(requirementId) ?? new Set()).add(policyId));
  for (const policy of set.policies)
    for (const ref of policy.references) if (ref.framework === params.frameworkId) add(ref.requirement, policy.id);
  for (const row of linked) for (const policyId of row.linkedPolicies) if (set.byId.has(policyId)) add(row.requirementId, policyId);
  const result = new Map<string, AutomatedEvidence>();
  for (const [requirementId, ids] of byRequirement) {
    const policies = [...ids].sort().map((id) => {
      const s = stats.get(id) ?? { pass: 0, fail: 0, error: 0, not_applicable: 0 };
      return { id, title: set.byId.get(id)!.title, pass: s.pass, fail: s.fail, error: s.error };
    });
    const checked = policies.some((p) => p.pass + p.fail + p.error > 0);
    const failing = policies.some((p) => p.fail + p.error > 0);
    result.set(requirementId, { state: !checked ? "not_checked" : failing ? "failing" : "passing", policies });
  }
  return result;
}

export const NO_AUTOMATED_EVIDENCE: AutomatedEvidence = { state: "none", policies: [] };
