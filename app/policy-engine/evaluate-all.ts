import { evaluatePolicy, type PolicyResult, type ResultStatus } from "./evaluate";
import { REFERENCE, type EvaluationContext, type ResourceFacts } from "./facts";
import type { LoadedFacts } from "./load-facts.server";
import type { CompiledPolicy, PolicySet } from "./packs.server";
import type { ResourceKind } from "./policy-schema";
import { tenantViews } from "./tenant-view";

export type ParameterOverrides = {
  organization: Map<string, Record<string, unknown>>;
  tenants: Map<string, Map<string, Record<string, unknown>>>;
};
export const NO_OVERRIDES: ParameterOverrides = { organization: new Map(), tenants: new Map() };

export type EvaluatedResult = PolicyResult & { policy: CompiledPolicy; resource: ResourceFacts; digest: string };

/** Runs every policy on every resource of its kinds; pure, no I/O. */
export function evaluateAll(policySet: PolicySet, facts: LoadedFacts, overrides: ParameterOverrides, now: Date): EvaluatedResult[] {
  const byKind = new Map<ResourceKind, CompiledPolicy[]>();
  for (const policy of policySet.policies) for (const kind of policy.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), policy]);
  const params = paramsResolver(overrides);
  const viewOf = tenantViews();
  const results: EvaluatedResult[] = [];
  for (const resource of facts.resources) {
    const policies = byKind.get(resource.kind);
    if (!policies) continue;
    const context = contextFor(resource, facts, now);
    // A tenant's resource: its evidence and message are stored as that tenant's members may read them.
    const view = viewOf(context);
    for (const policy of policies) {
      context.params = params(policy, context.tenant?.id ?? null);
      if (view) view.facts.params = context.params;
      const result = evaluatePolicy(policy, context, view);
      results.push({ ...result, policy, resource, digest: digestOf(result) });
    }
  }
  return results;
}

/** What a policy sees for one resource: the resource, its site and tenant, the organisation, now; params are set per policy. */
export function contextFor(resource: ResourceFacts, facts: LoadedFacts, now: Date): EvaluationContext {
  return {
    resource,
    site: (resource.kind === "site" ? facts.sites.get(resource.id) : resource.site_id ? facts.sites.get(resource.site_id) : null) ?? null,
    tenant:
      (resource.kind === "tenant" ? facts.tenants.get(resource.id) : resource.tenant_id ? facts.tenants.get(resource.tenant_id) : null) ??
      null,
    org: facts.org,
    params: {},
    now,
    ref: REFERENCE,
  };
}

export function countByStatus(results: readonly { status: ResultStatus }[]): Record<ResultStatus, number> {
  const counts = { pass: 0, fail: 0, error: 0, not_applicable: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

function paramsResolver(overrides: ParameterOverrides) {
  const cache = new Map<string, Record<string, unknown>>();
  return (policy: CompiledPolicy, tenantId: string | null) => {
    const key = `${policy.id}|${tenantId ?? ""}`;
    let params = cache.get(key);
    if (!params) {
      params = {
        ...policy.params,
        ...overrides.organization.get(policy.id),
        ...(tenantId ? overrides.tenants.get(tenantId)?.get(policy.id) : undefined),
      };
      cache.set(key, params);
    }
    return params;
  };
}

/**
 * Equal digests mean nothing worth writing changed since the stored result. Change detection, not integrity: a fast
 * 53-bit string hash (cyrb53) instead of SHA-1, which cost more than evaluating the expressions.
 */
function digestOf(result: PolicyResult): string {
  return cyrb53(
    `${result.status}\u0000${JSON.stringify(result.evidence)}\u0000${result.message?.en ?? ""}\u0000${result.error ?? ""}`,
  ).toString(36);
}

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
