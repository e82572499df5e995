import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { policyOverrides, tenants } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import type { CompiledPolicy } from "./packs.server";
import { enqueueChange } from "./triggers.server";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };

export async function listOverrides(tx: Tx, params: OrgParams & { policyId: string }) {
  return tx
    .select({ override: policyOverrides, tenantName: tenants.legalName })
    .from(policyOverrides)
    .leftJoin(tenants, eq(tenants.id, policyOverrides.tenantId))
    .where(and(eq(policyOverrides.organizationId, params.organizationId), eq(policyOverrides.policyId, params.policyId)));
}

/**
 * Reads a parameter form: each value typed like the policy's default (number, boolean, list as comma-separated
 * text). Answers the values, or errors by parameter name.
 */
export function parseParameterForm(
  policy: CompiledPolicy,
  form: FormData,
): { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string[]> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const [name, fallback] of Object.entries(policy.params)) {
    const raw = String(form.get(`param.${name}`) ?? "").trim();
    if (typeof fallback === "boolean") params[name] = raw === "true";
    else if (typeof fallback === "number") {
      const value = Number(raw.replace(",", "."));
      if (raw === "" || !Number.isFinite(value)) errors[name] = ["validation.number"];
      else params[name] = value;
    } else if (Array.isArray(fallback)) {
      const items = raw
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      if (items.length === 0) errors[name] = ["validation.required"];
      else params[name] = fallback.every((v) => typeof v === "number") ? items.map(Number) : items;
      if (Array.isArray(params[name]) && (params[name] as unknown[]).some((v) => typeof v === "number" && !Number.isFinite(v)))
        errors[name] = ["validation.number"];
    } else if (raw === "") errors[name] = ["validation.required"];
    else params[name] = raw.slice(0, 500);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params };
}

/** Sets (or, with params null, removes) an organisation's or a tenant's parameter values; audited and re-evaluated. */
export async function saveOverride(
  tx: Tx,
  params: OrgParams & { actor: Actor; policyId: string; tenantId: string | null; values: Record<string, unknown> | null },
) {
  const scope = and(
    eq(policyOverrides.organizationId, params.organizationId),
    eq(policyOverrides.policyId, params.policyId),
    params.tenantId ? eq(policyOverrides.tenantId, params.tenantId) : isNull(policyOverrides.tenantId),
  );
  const [before] = await tx.select().from(policyOverrides).where(scope);
  let after = null;
  if (params.values === null) await tx.delete(policyOverrides).where(scope);
  else if (before)
    [after] = await tx
      .update(policyOverrides)
      .set({ params: params.values, updatedByLabel: params.actor.label, updatedAt: clock.now() })
      .where(eq(policyOverrides.id, before.id))
      .returning();
  else
    [after] = await tx
      .insert(policyOverrides)
      .values({
        organizationId: params.organizationId,
        tenantId: params.tenantId,
        policyId: params.policyId,
        params: params.values,
        updatedByLabel: params.actor.label,
      })
      .returning();
  if (params.tenantId) await enqueueChange(tx, params.organizationId, "tenant", params.tenantId, `parameters of ${params.policyId}`);
  else await enqueueChange(tx, params.organizationId, "organization", params.organizationId, `parameters of ${params.policyId}`);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: params.values === null ? "policy.parameters_reset" : "policy.parameters",
    entityType: "policy",
    entityId: params.policyId,
    before: before ?? null,
    after: after ?? null,
  });
  return after;
}
