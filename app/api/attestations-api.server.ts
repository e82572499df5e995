import type { Attestation } from "../../db/schema";
import type { AttestationSummary } from "../reports/attestations.server";

type Listed = Pick<
  AttestationSummary,
  "id" | "code" | "language" | "attestedAt" | "issuedAt" | "issuedByLabel" | "sha256" | "size" | "revokedAt" | "revocationReason"
> & { tenantSlug?: string };

/** An attestation as the API shows it: where to fetch and verify it, never its bytes inline. */
export function attestationJson(row: Listed | Attestation, publicUrl: string) {
  return {
    id: row.id,
    code: row.code,
    language: row.language,
    attested_at: row.attestedAt.toISOString(),
    issued_at: row.issuedAt.toISOString(),
    issued_by: row.issuedByLabel,
    sha256: row.sha256,
    size: row.size,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    revocation_reason: row.revocationReason,
    pdf_url: `/api/v1/attestations/${row.id}/pdf`,
    verify_url: `${publicUrl.replace(/\/+$/, "")}/verify/${row.code}`,
  };
}
