import type { DocumentVerification } from "../reports/verify-document.server";

/** The verification as POST /api/v1/verify answers it: the page's verdict as a stable machine value, and its facts. */
export function verificationJson(v: DocumentVerification) {
  return {
    verdict: v.verdict,
    code: v.code,
    code_from: v.codeFrom,
    mismatch: v.mismatch,
    file: v.file
      ? {
          sha256: v.file.sha256,
          matches_register: v.file.matches,
          signature: {
            valid: v.file.signature.valid,
            reason: v.file.signature.reason,
            kid: v.file.signature.kid,
            code: v.file.signature.code,
          },
        }
      : null,
    record: v.record,
  };
}

/** The answer's JSON Schema (OpenAPI 3.1), beside the function that builds the answer. */
export const VerificationSchema = {
  type: "object",
  required: ["verdict", "code", "code_from", "mismatch", "file", "record"],
  properties: {
    verdict: {
      type: "string",
      enum: ["genuine", "revoked", "not_this_document", "unknown_code"],
      description:
        "genuine: the file is, byte for byte, the document issued under the code, and it is not revoked. revoked: it is that document, but the document was revoked. not_this_document: the file is not the document issued under the code (whatever the code's status); with no code given and none readable in the file, it is not a document Attest issued. unknown_code: no document has the code (given, or named by the file).",
    },
    code: { type: ["string", "null"], description: "The code checked: the one sent, else the one the file's signature names" },
    code_from: { type: ["string", "null"], enum: ["request", "file", null] },
    mismatch: {
      type: ["string", "null"],
      enum: ["no_signature", "malformed", "unknown_key", "bad_signature", "altered", "other_document", "different_bytes", null],
      description: "With not_this_document: why. The signature's failure, a signature naming another document, or other bytes than issued",
    },
    file: {
      type: ["object", "null"],
      properties: {
        sha256: { type: "string" },
        matches_register: { type: "boolean", description: "The file's SHA-256 is the one the register holds for the code" },
        signature: {
          type: "object",
          properties: {
            valid: { type: "boolean" },
            reason: { type: ["string", "null"], enum: ["no_signature", "malformed", "unknown_key", "bad_signature", "altered", null] },
            kid: { type: ["string", "null"] },
            code: { type: ["string", "null"], description: "The code the signature names" },
          },
        },
      },
    },
    record: {
      type: ["object", "null"],
      description:
        "The register's entry for the code, as GET /verify/{code} answers it (status valid or revoked, issuer, tenant, dates, key id, SHA-256)",
    },
  },
};
