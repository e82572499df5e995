import type { Tx } from "../../db/connection.server";
import { subject, type Action } from "../auth/ability";
import { notFound, requirePermission, type Auth } from "../auth/auth.server";
import { requireUuidParam } from "../ui/params";
import { getPermit } from "./permits.server";

export async function requirePermit(tx: Tx, auth: Auth, rawId: string | undefined, action: Action) {
  requirePermission(auth, action, "Permit");
  const permitId = requireUuidParam(rawId);
  const found = await getPermit(tx, { organizationId: auth.organization.id, permitId });
  if (!found) throw notFound();
  requirePermission(auth, action, subject("Permit", found.permit));
  return found;
}

/** The form's view of a stored permit. */
export function permitDefaults(p: NonNullable<Awaited<ReturnType<typeof getPermit>>>["permit"]): Record<string, string> {
  const c = p.conditions;
  const text = (v: number | undefined) => (v === undefined ? "" : String(v));
  return {
    siteId: p.siteId,
    type: p.type,
    authority: p.authority,
    reference: p.reference,
    status: p.status,
    issuedOn: p.issuedOn ?? "",
    expiresOn: p.expiresOn ?? "",
    maxPowerMw: text(c.max_power_mw),
    maxGeneratorHours: text(c.max_generator_hours_per_year),
    maxNoiseDb: text(c.max_noise_db),
    maxWaterM3: text(c.max_water_m3_per_year),
    conditionsText: c.text ?? "",
  };
}
