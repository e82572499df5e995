import type { Tx } from "../../db/connection.server";
import { subject, type Action } from "../auth/ability";
import { notFound, requirePermission, type Auth } from "../auth/auth.server";
import { requireUuidParam } from "../ui/params";
import { getAgreement } from "./agreements.server";

export async function requireAgreement(tx: Tx, auth: Auth, rawId: string | undefined, action: Action) {
  requirePermission(auth, action, "Agreement");
  const agreementId = requireUuidParam(rawId);
  const found = await getAgreement(tx, { organizationId: auth.organization.id, agreementId });
  if (!found) throw notFound();
  requirePermission(auth, action, subject("Agreement", found.agreement));
  return found;
}
