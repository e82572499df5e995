import type { Tx } from "../../db/connection.server";
import { subject, type Action } from "../auth/ability";
import { notFound, requirePermission, type Auth } from "../auth/auth.server";
import { requireUuidParam } from "../ui/params";
import { getMember } from "./members.server";

export async function requireMember(tx: Tx, auth: Auth, rawId: string | undefined, action: Action) {
  requirePermission(auth, action, "Membership");
  const membershipId = requireUuidParam(rawId);
  const member = await getMember(tx, { organizationId: auth.organization.id, membershipId });
  if (!member) throw notFound();
  requirePermission(auth, action, subject("Membership", member));
  return member;
}
