import type { Tx } from "../../db/connection.server";
import { requirementKey } from "../controls/catalogue.server";
import { statementOfApplicability } from "../controls/controls.server";
import type { EffectiveStatus } from "../controls/effective-status";
import type { ControlRef } from "./save-risk.server";

/** The effective status today of each control named (by "framework:requirement"), as the SoA judges it. */
export async function controlStatuses(
  tx: Tx,
  params: { organizationId: string; controls: ControlRef[]; today: string },
): Promise<Map<string, EffectiveStatus>> {
  const statuses = new Map<string, EffectiveStatus>();
  for (const frameworkId of new Set(params.controls.map((c) => c.frameworkId))) {
    const soa = await statementOfApplicability(tx, { organizationId: params.organizationId, frameworkId, today: params.today });
    for (const row of soa?.rows ?? []) statuses.set(requirementKey(frameworkId, row.requirementId), row.status);
  }
  const named = new Set(params.controls.map((c) => requirementKey(c.frameworkId, c.requirementId)));
  return new Map([...statuses].filter(([key]) => named.has(key)));
}
