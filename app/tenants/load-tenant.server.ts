import type { AppLoadContext } from "@remix-run/node";
import type { Tx } from "../../db/connection.server";
import type { Tenant } from "../../db/schema";
import { subject, type Action } from "../auth/ability";
import { notFound, requirePermission, type Auth } from "../auth/auth.server";
import { requireUuidParam } from "../ui/params";
import { getTenant } from "./tenants.server";

/**
 * The tenant named in the URL, checked against the ability twice: by id first (so a tenant member asking for
 * another tenant gets 403, not a 404 that would confirm nothing), then against the real row.
 */
export async function requireTenant(tx: Tx, auth: Auth, rawId: string | undefined, action: Action): Promise<Tenant> {
  const tenantId = requireUuidParam(rawId);
  requirePermission(auth, action, subject("Tenant", { id: tenantId, organizationId: auth.organization.id }));
  const tenant = await getTenant(tx, { organizationId: auth.organization.id, tenantId });
  if (!tenant) throw notFound();
  requirePermission(auth, action, subject("Tenant", tenant));
  return tenant;
}

export type { AppLoadContext };
