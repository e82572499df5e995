import { createHash } from "node:crypto";
import type { Tx } from "../../db/connection.server";
import { VerificationCode } from "./attestation-input";
import { verificationByCode, verifyUploadedPdf, type PublicVerification } from "./attestations.server";
import { decideVerdict, type VerdictOf } from "./verify-verdict";

export type DocumentVerification = VerdictOf<PublicVerification>;

/**
 * Verifies a code, an uploaded PDF, or both, against the register: what the verification page shows and
 * POST /api/v1/verify answers. Without a code, the code is the one the file's signature names. A code that is not
 * one (a typo, a made-up string) is simply unknown. Runs as the system role: the code is the capability.
 */
export async function verifyDocument(tx: Tx, input: { code: string | null; pdf: Uint8Array | null }): Promise<DocumentVerification> {
  const parsed = input.code === null ? null : VerificationCode.safeParse(input.code);
  const requested = parsed === null ? null : parsed.success ? parsed.data : input.code!.trim();
  const file = input.pdf
    ? { sha256: createHash("sha256").update(input.pdf).digest("hex"), check: (await verifyUploadedPdf(tx, input.pdf)).check }
    : null;
  const code = requested ?? file?.check.payload?.code ?? null;
  const record = code !== null && (parsed === null || parsed.success) ? await verificationByCode(tx, code) : null;
  return decideVerdict({ requested, record, file });
}
