// The one verdict of a verification (issue 15: a file with one byte changed left "Genuine and valid" at the top of
// the page with a small red line below). The page (/verify, /verify/{code}) and the API (POST /api/v1/verify) both
// take it from decideVerdict, through verifyDocument (verify-document.server.ts).
import type { PdfVerification } from "./pdf-signature";

export const VERDICTS = ["genuine", "revoked", "not_this_document", "unknown_code"] as const;
/**
 * - genuine: the code's document is not revoked, and the file checked (if any) is it, byte for byte;
 * - revoked: the code's document was revoked (and the file checked, if any, is it);
 * - not_this_document: a file was checked and it is not the document issued under the code (or, with no code
 *   given and none readable in the file, not a document Attest issued);
 * - unknown_code: no document has the code (given, or named by the file).
 */
export type Verdict = (typeof VERDICTS)[number];

/** Why a checked file is not the document: its signature's failure, another code, or other bytes than issued. */
export const MISMATCHES = [
  "no_signature",
  "malformed",
  "unknown_key",
  "bad_signature",
  "altered",
  "other_document",
  "different_bytes",
] as const;
export type Mismatch = (typeof MISMATCHES)[number];

/** What the register says of a code, as much as the verdict needs. */
export type RegisterEntry = { code: string; status: "valid" | "revoked"; sha256: string };

/** What is public of a file's check: never its payload beyond the code it names. */
export type FileCheck = {
  sha256: string;
  /** The file is byte for byte the one the register holds for the code checked. */
  matches: boolean;
  signature: {
    valid: boolean;
    reason: Exclude<PdfVerification, { valid: true }>["reason"] | null;
    kid: string | null;
    code: string | null;
  };
};

export type VerdictOf<R extends RegisterEntry> = {
  verdict: Verdict;
  /** The code checked: the one asked about, else the one the file names; as the register spells it when known. */
  code: string | null;
  codeFrom: "request" | "file" | null;
  /** The register's entry for the code, when it has one. */
  record: R | null;
  /** The file checked, or null when only the code was checked. */
  file: FileCheck | null;
  mismatch: Mismatch | null;
};

/** The public part of a PDF's signature check. */
export function signatureSummary(check: PdfVerification): FileCheck["signature"] {
  return {
    valid: check.valid,
    reason: check.valid ? null : check.reason,
    kid: check.kid ?? null,
    code: check.payload?.code ?? null,
  };
}

/**
 * The verdict of a code, a file, or both. A file is the document when its bytes are the ones the register holds for
 * the code: that covers its signature too (those bytes were signed), and catches a changed byte the signature does
 * not cover (its own padding). Revocation then decides between genuine and revoked; a file that is not the document
 * is not_this_document whatever the code's status, so nothing on the page says genuine about it.
 */
export function decideVerdict<R extends RegisterEntry>(input: {
  /** The code asked about (already normalised), or null to take the one the file names. */
  requested: string | null;
  /** The register's entry for the code checked (requested, else named by the file). */
  record: R | null;
  /** The uploaded file, if any: its SHA-256 and signature check. */
  file: { sha256: string; check: PdfVerification } | null;
}): VerdictOf<R> {
  const { requested, record } = input;
  const signature = input.file ? signatureSummary(input.file.check) : null;
  const code = record?.code ?? requested ?? signature?.code ?? null;
  const codeFrom = requested !== null ? "request" : code !== null ? "file" : null;
  const file: FileCheck | null =
    input.file && signature ? { sha256: input.file.sha256, matches: !!record && input.file.sha256 === record.sha256, signature } : null;
  const answer = (verdict: Verdict, mismatch: Mismatch | null = null): VerdictOf<R> => ({
    verdict,
    code,
    codeFrom,
    record,
    file,
    mismatch,
  });

  if (code === null) return answer("not_this_document", signature?.reason ?? "no_signature");
  if (!record) return answer("unknown_code");
  if (file && !file.matches) {
    const mismatch: Mismatch = !file.signature.valid
      ? (file.signature.reason ?? "malformed")
      : file.signature.code !== record.code
        ? "other_document"
        : "different_bytes";
    return answer("not_this_document", mismatch);
  }
  return answer(record.status === "valid" ? "genuine" : "revoked");
}
