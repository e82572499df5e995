import { and, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { risks, riskScales } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import * as clock from "../config/clock";
import type { FieldErrors, Outcome } from "../tenants/tenants.server";
import { scaleOf } from "./save-risk.server";
import type { RiskScale } from "./scale";

/** The highest level a live risk is rated at on each axis (before or after treatment); 0 with no risk. */
async function highestLevels(tx: Tx, organizationId: string) {
  const [row] = await tx
    .select({
      likelihood: sql<number>`coalesce(max(greatest(${risks.inherentLikelihood}, ${risks.residualLikelihood})), 0)`,
      impact: sql<number>`coalesce(max(greatest(${risks.inherentImpact}, ${risks.residualImpact})), 0)`,
    })
    .from(risks)
    .where(and(eq(risks.organizationId, organizationId), isNull(risks.archivedAt)));
  return { likelihood: Number(row?.likelihood ?? 0), impact: Number(row?.impact ?? 0) };
}

/**
 * Sets the organisation's scale; one transaction with its audit entry. A scale without a level some live risk is
 * rated at is refused on that axis: the risk would point at nothing (reassess or archive it first).
 */
export async function saveRiskScale(
  tx: Tx,
  params: { organizationId: string; actor: Actor; scale: RiskScale },
): Promise<Outcome<RiskScale>> {
  const { organizationId, scale } = params;
  const used = await highestLevels(tx, organizationId);
  const errors: FieldErrors = {};
  for (const axis of ["likelihood", "impact"] as const)
    if (scale[axis].length < used[axis]) errors[`${axis}Levels`] = ["risks.scale.levelInUse"];
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  const before = await scaleOf(tx, params);
  await tx
    .insert(riskScales)
    .values({ organizationId, scale, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: riskScales.organizationId, set: { scale, updatedAt: clock.now() } });
  await recordAudit(tx, {
    organizationId,
    actor: params.actor,
    action: "risk_scale.update",
    entityType: "risk_scale",
    entityId: organizationId,
    before,
    after: scale,
  });
  return { ok: true, value: scale };
}
