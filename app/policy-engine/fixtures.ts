import {
  ORG_DEFAULTS,
  REFERENCE,
  RESOURCE_DEFAULTS,
  revive,
  SITE_DEFAULTS,
  TENANT_DEFAULTS,
  type EvaluationContext,
  type ResourceFacts,
} from "./facts";
import { evaluatePolicy, type PolicyResult } from "./evaluate";
import type { CompiledPolicy } from "./packs.server";
import type { Fixture } from "./policy-schema";

const FIXTURE_NOW = "2026-06-15T12:00:00Z";

function merge<T>(base: T, over: Record<string, unknown> | null | undefined): T {
  if (!over) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current)
        ? merge(current, value as Record<string, unknown>)
        : value;
  }
  return out as T;
}

/** A fixture's facts: the defaults of the policy's first kind, with the fixture's values laid over them. */
export function fixtureContext(policy: CompiledPolicy, fixture: Fixture): EvaluationContext {
  const kind = policy.kinds[0]!;
  const resource = revive(
    merge(
      {
        id: "00000000-0000-4000-8000-0000000000aa",
        kind,
        name: `Fixture ${kind}`,
        tenant_id: null,
        site_id: null,
        ...RESOURCE_DEFAULTS[kind],
      },
      fixture.resource,
    ),
  ) as ResourceFacts;
  return {
    resource,
    site: fixture.site === null ? null : (revive(merge(SITE_DEFAULTS, fixture.site)) as EvaluationContext["site"]),
    tenant: fixture.tenant === null ? null : (revive(merge(TENANT_DEFAULTS, fixture.tenant)) as EvaluationContext["tenant"]),
    org: revive(merge(ORG_DEFAULTS, fixture.org)) as EvaluationContext["org"],
    params: { ...policy.params, ...fixture.params },
    now: new Date(fixture.now ?? FIXTURE_NOW),
    ref: REFERENCE,
  };
}

export type FixtureOutcome = {
  policy: string;
  file: string;
  fixture: string;
  expected: Fixture["expect"];
  result: PolicyResult;
  ok: boolean;
};

export function runFixtures(policies: readonly CompiledPolicy[]): FixtureOutcome[] {
  return policies.flatMap((policy) =>
    policy.fixtures.map((fixture) => {
      const result = evaluatePolicy(policy, fixtureContext(policy, fixture));
      return {
        policy: policy.id,
        file: policy.file,
        fixture: fixture.name,
        expected: fixture.expect,
        result,
        ok: result.status === fixture.expect,
      };
    }),
  );
}
