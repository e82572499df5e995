import type { LoaderFunctionArgs } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { subject } from "../auth/ability";
import { getAttestation, recordAttestationDownload } from "../reports/attestations.server";
import { pdfResponse } from "../reports/downloads.server";
import { requireUuidParam } from "../ui/params";

/** GET /reports/attestations/{id}.pdf — the file as issued; tenant members reach only their own (RLS and CASL). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const id = requireUuidParam(params.attestationId);
  const organizationId = auth.organization.id;
  const attestation = await scoped(context, auth, (tx) => getAttestation(tx, { organizationId, id }));
  if (!attestation) throw notFound();
  requirePermission(auth, "read", subject("Report", { organizationId: attestation.organizationId, tenantId: attestation.tenantId }));
  // A tenant member's scope cannot read the organisation's audit chain to extend it: the entry is written by the
  // system role, naming the member as the actor.
  await withSystem(context.db, (tx) => recordAttestationDownload(tx, { organizationId, attestation, actor: actorOf(auth), via: "ui" }));
  return pdfResponse(attestation.content, `attestation-${attestation.code}.pdf`, attestation.sha256);
}
