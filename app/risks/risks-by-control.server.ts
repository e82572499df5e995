import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/connection.server";
import { riskControls, risks } from "../../db/schema";
import { statesBefore } from "../audit/state-at.server";
import { requirementKey } from "../controls/catalogue.server";

export type TreatingRisk = { id: string; reference: string; title: string };
type RiskState = { reference: string; title: string; archivedAt: string | Date | null; controls: string[] };
/** What every risk audit entry records of the risk (save-risk.server.ts writes the row with its links). */
const RecordedState = z.object({
  reference: z.string(),
  title: z.string(),
  archivedAt: z.string().nullable(),
  controls: z.array(z.string()),
});

/** Each risk's state at `at`, from the audit log (its entries carry the controls); without `at`, as it stands. */
async function riskStates(tx: Tx, params: { organizationId: string; frameworkId: string; at?: Date | undefined }) {
  const rows = await tx
    .select({ id: risks.id, reference: risks.reference, title: risks.title, archivedAt: risks.archivedAt })
    .from(risks)
    .where(eq(risks.organizationId, params.organizationId));
  const links = await tx
    .select({ riskId: riskControls.riskId, requirementId: riskControls.requirementId })
    .from(riskControls)
    .where(and(eq(riskControls.organizationId, params.organizationId), eq(riskControls.frameworkId, params.frameworkId)));
  const states = new Map<string, RiskState>(rows.map((r) => [r.id, { ...r, controls: [] }]));
  for (const link of links) states.get(link.riskId)?.controls.push(requirementKey(params.frameworkId, link.requirementId));
  if (params.at) {
    const before = await statesBefore(tx, {
      organizationId: params.organizationId,
      entityType: "risk",
      actions: ["risk.create", "risk.update", "risk.archive"],
      at: params.at,
    });
    for (const [id, then] of before) {
      if (then === null) {
        states.delete(id);
        continue;
      }
      const recorded = RecordedState.safeParse(then);
      if (!recorded.success) throw new Error(`The audit log's state of risk ${id} lacks ${recorded.error.issues[0]!.path.join(".")}`);
      states.set(id, recorded.data);
    }
  }
  return states;
}

/**
 * The risks each requirement of a framework treats (requirement id → risks, by reference), as the Statement of
 * Applicability cites them for ISO/IEC 27001 clause 6.1.3 d: the risks in force now, or as recorded at `at`.
 */
export async function risksByControl(
  tx: Tx,
  params: { organizationId: string; frameworkId: string; at?: Date | undefined },
): Promise<Map<string, TreatingRisk[]>> {
  const prefix = requirementKey(params.frameworkId, "");
  const byRequirement = new Map<string, TreatingRisk[]>();
  for (const [id, state] of await riskStates(tx, params)) {
    if (state.archivedAt) continue;
    for (const key of state.controls.filter((c) => c.startsWith(prefix))) {
      const requirementId = key.slice(prefix.length);
      byRequirement.set(requirementId, [
        ...(byRequirement.get(requirementId) ?? []),
        { id, reference: state.reference, title: state.title },
      ]);
    }
  }
  const number = (reference: string) => Number(reference.slice(2));
  for (const list of byRequirement.values()) list.sort((a, b) => number(a.reference) - number(b.reference));
  return byRequirement;
}
