import type { Tx } from "../../db/connection.server";
import { evaluationTriggers } from "../../db/schema";

/** Records a register change for the next incremental run, in the caller's transaction. */
export async function enqueueChange(
  tx: Tx,
  organizationId: string,
  subjectType: "site" | "tenant" | "permit" | "agreement" | "asset" | "organization",
  subjectId: string,
  reason: string,
) {
  await tx.insert(evaluationTriggers).values({ organizationId, subjectType, subjectId, reason });
}
