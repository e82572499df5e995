import { eq } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { risks, type Risk } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import * as clock from "../config/clock";
import type { FieldErrors, Outcome } from "../tenants/tenants.server";
import { linksOf, lockLiveRisk } from "./save-risk.server";

import type { AcceptanceInput } from "./risk-schema";

/** Whether the owner's acceptance holds on `today`: recorded, and not yet past the day it ends. */
export function acceptanceInForce(risk: Pick<Risk, "acceptedAt" | "acceptanceExpiresOn">, today: string): boolean {
  return risk.acceptedAt !== null && risk.acceptanceExpiresOn !== null && risk.acceptanceExpiresOn >= today;
}

/** Why this acceptance cannot be recorded today, by field (ISO/IEC 27001 6.1.3 f: the risk owner accepts, for a time). */
function acceptanceErrors(risk: Risk, actor: Actor, input: AcceptanceInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!risk.ownerUserId) errors.ownerUserId = ["risks.acceptanceNeedsOwner"];
  else if (actor.userId !== risk.ownerUserId) errors.ownerUserId = ["risks.acceptanceByOwner"];
  if (risk.treatment !== "retain") errors.treatment = ["risks.acceptanceNeedsRetain"];
  if (input.expiresOn <= clock.today()) errors.expiresOn = ["risks.acceptanceExpiryPast"];
  return errors;
}

/** The owner accepts the residual risk until `expiresOn`; one transaction with its audit entry. Null when not found. */
export async function acceptRisk(
  tx: Tx,
  params: { organizationId: string; actor: Actor; riskId: string; input: AcceptanceInput },
): Promise<Outcome<Risk> | null> {
  const before = await lockLiveRisk(tx, params);
  if (!before) return null;
  const errors = acceptanceErrors(before, params.actor, params.input);
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  const [after] = await tx
    .update(risks)
    .set({
      acceptedByUserId: params.actor.userId,
      acceptedAt: clock.now(),
      acceptanceExpiresOn: params.input.expiresOn,
      acceptanceNote: params.input.note,
      updatedAt: clock.now(),
    })
    .where(eq(risks.id, before.id))
    .returning();
  if (!after) throw new Error("Risk was not accepted");
  const links = await linksOf(tx, before.id);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "risk.accept",
    entityType: "risk",
    entityId: before.id,
    before: { ...before, ...links },
    after: { ...after, ...links },
  });
  return { ok: true, value: after };
}
