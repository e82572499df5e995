import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { subject } from "../auth/ability";
import { getAttestation, recordAttestationDownload } from "../reports/attestations.server";
import { pdfResponse } from "../reports/downloads.server";
import { requireUuidParam } from "../ui/params";

/** GET /reports/attestations/{id}.pdf — the file as issued; tenant members reach only their own (RLS and CASL). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const id = requireUuidParam(params.attestationId);
  const attestation = await scoped(context, auth, async (tx) => {
    const found = await getAttestation(tx, { organizationId: auth.organization.id, id });
    if (!found) throw notFound();
    requirePermission(auth, "read", subject("Report", { organizationId: found.organizationId, tenantId: found.tenantId }));
    await recordAttestationDownload(tx, { organizationId: auth.organization.id, attestation: found, actor: actorOf(auth), via: "ui" });
    return found;
  });
  return pdfResponse(attestation.content, `attestation-${attestation.code}.pdf`, attestation.sha256);
}
