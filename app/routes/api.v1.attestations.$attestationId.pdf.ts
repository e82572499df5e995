import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { getAttestation, recordAttestationDownload } from "../reports/attestations.server";
import { pdfResponse } from "../reports/downloads.server";

/** GET /api/v1/attestations/{id}/pdf — the signed PDF as issued (scope reports:read); the download is audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "reports:read");
  const id = z.uuid().safeParse(params.attestationId);
  if (!id.success) return apiError(request, 404, "not_found", "api.notFound.attestation");
  const organizationId = principal.organizationId;
  const found = await withScope(context.db, { organizationId }, async (tx) => {
    const attestation = await getAttestation(tx, { organizationId, id: id.data });
    if (attestation)
      await recordAttestationDownload(tx, { organizationId, attestation, actor: { userId: null, label: principal.label }, via: "api" });
    return attestation;
  });
  if (!found) return apiError(request, 404, "not_found", "api.notFound.attestation");
  return pdfResponse(found.content, `attestation-${found.code}.pdf`, found.sha256);
}
