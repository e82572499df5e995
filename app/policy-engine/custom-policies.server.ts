import { createHash } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { parse, YAMLParseError } from "yaml";
import type { Tx } from "../../db/connection.server";
import { customPolicies, customPolicyVersions } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { countByStatus, evaluateAll, NO_OVERRIDES } from "./evaluate-all";
import { runFixtures, type FixtureOutcome } from "./fixtures";
import { loadFacts } from "./load-facts.server";
import { builtInPolicies, compilePolicy, PolicyLoadError, policySetOf, type CompiledPolicy, type PolicySet } from "./packs.server";
import { enqueueChange } from "./triggers.server";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };

export const MAX_SOURCE_BYTES = 64 * 1024;
export const CUSTOM_PREFIX = "custom.";

export type SourceCheck =
  | { ok: true; policy: CompiledPolicy; fixtures: FixtureOutcome[] }
  | { ok: false; field: string; reason: string; line: number | null; fixtures: FixtureOutcome[] };

/** Parses and compiles a policy written in the editor, and runs its fixtures: what the editor shows as one types. */
export function checkSource(source: string): SourceCheck {
  if (Buffer.byteLength(source) > MAX_SOURCE_BYTES)
    return { ok: false, field: "(file)", reason: `larger than ${MAX_SOURCE_BYTES / 1024} KB`, line: null, fixtures: [] };
  let raw: unknown;
  try {
    raw = parse(source);
  } catch (error) {
    const line = error instanceof YAMLParseError ? (error.linePos?.[0]?.line ?? null) : null;
    return { ok: false, field: "(file)", reason: `not valid YAML: ${(error as Error).message.split("\n")[0]}`, line, fixtures: [] };
  }
  const id = raw && typeof raw === "object" && "id" in raw ? String((raw as { id: unknown }).id) : "";
  if (!id.startsWith(CUSTOM_PREFIX))
    return { ok: false, field: "id", reason: `an organisation's policy id starts with "${CUSTOM_PREFIX}"`, line: null, fixtures: [] };
  let policy: CompiledPolicy;
  try {
    policy = compilePolicy(raw, `custom/${id}.yaml`, "custom");
  } catch (error) {
    if (error instanceof PolicyLoadError)
      return { ok: false, field: error.field, reason: error.reason, line: lineOf(source, error.field), fixtures: [] };
    throw error;
  }
  const fixtures = runFixtures([policy]);
  const wrong = fixtures.find((f) => !f.ok);
  if (wrong)
    return {
      ok: false,
      field: "fixtures",
      reason: `fixture "${wrong.fixture}" expected ${wrong.expected}, got ${wrong.result.status}${wrong.result.error ? ` (${wrong.result.error})` : ""}`,
      line: lineOf(source, "fixtures"),
      fixtures,
    };
  return { ok: true, policy, fixtures };
}

/** The line of a top-level field, so that the editor can point at it. */
function lineOf(source: string, field: string): number | null {
  const key = field.split(".")[0];
  const index = source.split("\n").findIndex((l) => l.startsWith(`${key}:`));
  return index < 0 ? null : index + 1;
}

const cache = new Map<string, PolicySet>();

/** The built-in packs plus the organisation's enabled custom policies (current versions). */
export async function organizationPolicySet(tx: Tx, params: OrgParams): Promise<PolicySet> {
  const rows = await tx
    .select({ policyId: customPolicies.policyId, source: customPolicyVersions.source })
    .from(customPolicies)
    .innerJoin(
      customPolicyVersions,
      and(
        eq(customPolicyVersions.organizationId, customPolicies.organizationId),
        eq(customPolicyVersions.policyId, customPolicies.policyId),
        eq(customPolicyVersions.version, customPolicies.currentVersion),
      ),
    )
    .where(and(eq(customPolicies.organizationId, params.organizationId), eq(customPolicies.enabled, true)))
    .orderBy(asc(customPolicies.policyId));
  if (rows.length === 0) return builtInPolicies();
  const key = createHash("sha256")
    .update(rows.map((r) => r.source).join("\u0000"))
    .digest("hex");
  let set = cache.get(key);
  if (!set) {
    // Saved sources were valid when saved; one that no longer compiles (a framework file changed) fails the run
    // loudly with its file and field, rather than being skipped.
    const custom = rows.map((r) => compilePolicy(parse(r.source), `custom/${r.policyId}.yaml`, "custom"));
    set = policySetOf([...builtInPolicies().policies, ...custom]);
    if (cache.size > 100) cache.clear();
    cache.set(key, set);
  }
  return set;
}

export type DryRun = {
  counts: { pass: number; fail: number; error: number; not_applicable: number };
  failing: { id: string; kind: string; name: string; status: string; message: string | null }[];
};

/** Evaluates one policy on the organisation's current inventory and registers, writing nothing. */
export async function dryRun(tx: Tx, params: OrgParams & { policy: CompiledPolicy; limit?: number }): Promise<DryRun> {
  const now = clock.now();
  const facts = await loadFacts(tx, params.organizationId, { full: true }, now);
  const results = evaluateAll(policySetOf([params.policy]), facts, NO_OVERRIDES, now);
  const counts = countByStatus(results);
  const failing = results
    .filter((r) => r.status === "fail" || r.status === "error")
    .slice(0, params.limit ?? 100)
    .map((r) => ({ id: r.resource.id, kind: r.resource.kind, name: r.resource.name, status: r.status, message: r.message?.en ?? r.error }));
  return { counts, failing };
}

export async function listCustomPolicies(tx: Tx, params: OrgParams) {
  return tx
    .select()
    .from(customPolicies)
    .where(eq(customPolicies.organizationId, params.organizationId))
    .orderBy(asc(customPolicies.policyId));
}

export async function customPolicyHistory(tx: Tx, params: OrgParams & { policyId: string }) {
  const [policy] = await tx
    .select()
    .from(customPolicies)
    .where(and(eq(customPolicies.organizationId, params.organizationId), eq(customPolicies.policyId, params.policyId)));
  if (!policy) return null;
  const versions = await tx
    .select()
    .from(customPolicyVersions)
    .where(and(eq(customPolicyVersions.organizationId, params.organizationId), eq(customPolicyVersions.policyId, params.policyId)))
    .orderBy(desc(customPolicyVersions.version));
  return { policy, versions };
}

export type SaveOutcome =
  { ok: true; policyId: string; version: number } | { ok: false; field: string; reason: string; line: number | null };

/** Saves a checked source as the policy's next version (or its first); audited, and the organisation re-evaluated. */
export async function saveCustomPolicy(
  tx: Tx,
  params: OrgParams & { actor: Actor; source: string; note: string; expectedPolicyId?: string },
): Promise<SaveOutcome> {
  const check = checkSource(params.source);
  if (!check.ok) return { ok: false, field: check.field, reason: check.reason, line: check.line };
  const policyId = check.policy.id;
  if (params.expectedPolicyId && params.expectedPolicyId !== policyId)
    return { ok: false, field: "id", reason: `the id of an existing policy cannot change (${params.expectedPolicyId})`, line: 1 };
  if (builtInPolicies().byId.has(policyId)) return { ok: false, field: "id", reason: "a built-in policy already has this id", line: 1 };
  const [existing] = await tx
    .select()
    .from(customPolicies)
    .where(and(eq(customPolicies.organizationId, params.organizationId), eq(customPolicies.policyId, policyId)));
  if (existing && !params.expectedPolicyId)
    return { ok: false, field: "id", reason: "this organisation already has a policy with this id: edit it instead", line: 1 };
  const version = (existing?.currentVersion ?? 0) + 1;
  await tx.insert(customPolicyVersions).values({
    organizationId: params.organizationId,
    policyId,
    version,
    source: params.source,
    note: params.note,
    authorUserId: params.actor.userId,
    authorLabel: params.actor.label,
  });
  if (existing)
    await tx.update(customPolicies).set({ currentVersion: version, updatedAt: clock.now() }).where(eq(customPolicies.id, existing.id));
  else await tx.insert(customPolicies).values({ organizationId: params.organizationId, policyId, currentVersion: version });
  await enqueueChange(tx, params.organizationId, "organization", params.organizationId, `custom policy ${policyId} v${version}`);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: existing ? "policy.custom_update" : "policy.custom_create",
    entityType: "policy",
    entityId: policyId,
    before: existing ? { version: existing.currentVersion } : null,
    after: { version, note: params.note, source: params.source },
  });
  return { ok: true, policyId, version };
}

export async function setCustomPolicyEnabled(tx: Tx, params: OrgParams & { actor: Actor; policyId: string; enabled: boolean }) {
  const [before] = await tx
    .select()
    .from(customPolicies)
    .where(and(eq(customPolicies.organizationId, params.organizationId), eq(customPolicies.policyId, params.policyId)));
  if (!before) return null;
  const [after] = await tx
    .update(customPolicies)
    .set({ enabled: params.enabled, updatedAt: clock.now() })
    .where(eq(customPolicies.id, before.id))
    .returning();
  await enqueueChange(
    tx,
    params.organizationId,
    "organization",
    params.organizationId,
    `custom policy ${params.policyId} ${params.enabled ? "enabled" : "disabled"}`,
  );
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: params.enabled ? "policy.custom_enable" : "policy.custom_disable",
    entityType: "policy",
    entityId: params.policyId,
    before,
    after,
  });
  return after ?? null;
}

/** A starting point for the editor: a complete, valid policy to adapt. */
export const CUSTOM_POLICY_TEMPLATE = `id: custom.racks.power-budget
title:
  en: Rack power budget above 100 kW
  fr: Budget de puissance de baie supérieur à 100 kW
description:
  en: Racks above the power budget our cooling was designed for need a liquid-cooling review.
  fr: Les baies au-delà du budget de puissance prévu pour notre refroidissement demandent une revue du refroidissement liquide.
severity: medium
references:
  - { framework: iso27001-2022, requirement: A.7.11 }
kind: rack
params:
  max_kw: 100
assert: resource.attributes.?power_budget_kw.orValue(0.0) <= double(params.max_kw)
message:
  en: "{{ resource.name }} has a power budget of {{ resource.attributes.power_budget_kw }} kW."
  fr: "{{ resource.name }} a un budget de puissance de {{ resource.attributes.power_budget_kw }} kW."
remediation:
  en: Review the rack's cooling with facilities before raising its budget.
  fr: Revoir le refroidissement de la baie avec l'exploitation avant d'augmenter son budget.
fixtures:
  - name: 80 kW rack
    expect: pass
    resource: { attributes: { power_budget_kw: 80 } }
  - name: 130 kW rack
    expect: fail
    resource: { attributes: { power_budget_kw: 130 } }
`;
