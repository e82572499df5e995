import type { Tx } from "../../db/connection.server";
import { requirementKey } from "../controls/catalogue.server";
import { statementOfApplicability } from "../controls/controls.server";
import type { EffectiveStatus } from "../controls/effective-status";
import { degradedControls } from "./review";
import { controlRefOf, type ControlRef } from "./save-risk.server";

/** The effective status today of each control named (by "framework:requirement"), as the SoA judges it. */
export async function controlStatuses(
  tx: Tx,
  params: { organizationId: string; controls: ControlRef[]; today: string },
): Promise<Map<string, EffectiveStatus>> {
  const statuses = new Map<string, EffectiveStatus>();
  for (const frameworkId of new Set(params.controls.map((c) => c.frameworkId))) {
    const soa = await statementOfApplicability(tx, {
      organizationId: params.organizationId,
      frameworkId,
      today: params.today,
      citeRisks: false,
    });
    for (const row of soa?.rows ?? []) statuses.set(requirementKey(frameworkId, row.requirementId), row.status);
  }
  const named = new Set(params.controls.map((c) => requirementKey(c.frameworkId, c.requirementId)));
  return new Map([...statuses].filter(([key]) => named.has(key)));
}

/**
 * The risks whose residual score was assessed on a treating control that stands lower today (review.ts), each with
 * those controls; statuses come from one Statement of Applicability per framework, whatever the number of risks.
 */
export async function risksForReview<R extends { id: string; assessedControls: Record<string, EffectiveStatus> }>(
  tx: Tx,
  params: { organizationId: string; risks: R[]; today: string },
) {
  const controls = params.risks.flatMap((r) => Object.keys(r.assessedControls)).flatMap((key) => controlRefOf(key) ?? []);
  const now = await controlStatuses(tx, { organizationId: params.organizationId, controls, today: params.today });
  return new Map(
    params.risks.map((r) => [r.id, degradedControls(r.assessedControls, now)] as const).filter(([, degraded]) => degraded.length > 0),
  );
}
