import { createHash, createPublicKey, verify } from "node:crypto";
import { z } from "zod";

/**
 * How an attestation PDF carries its signature. The document information dictionary holds one entry,
 * `/AttestSignature (attest-sig-v1:<compact JWS padded to a fixed length>)`. The JWS payload names the SHA-256 of
 * the whole file with that fixed-length region filled with "0": so the signature covers every other byte, and
 * writing it in after signing moves nothing. The same idea as a PAdES byte range, verifiable with node:crypto alone.
 */
export const SIGNATURE_ENTRY = "AttestSignature";
const PREFIX = "attest-sig-v1:";
export const SIGNATURE_LENGTH = 1400;
const MARKER = Buffer.from(`/${SIGNATURE_ENTRY} (${PREFIX}`, "latin1");
export const SIGNATURE_PLACEHOLDER = PREFIX + "0".repeat(SIGNATURE_LENGTH);

export const AttestationPayloadSchema = z.object({
  v: z.literal(1),
  typ: z.literal("residency-attestation"),
  iss: z.string(),
  org: z.object({ slug: z.string(), name: z.string() }),
  tenant: z.object({ slug: z.string(), name: z.string() }),
  code: z.string(),
  attested_at: z.string(),
  issued_at: z.string(),
  run_id: z.string(),
  inventory_digest: z.string(),
  /** The organisation's audit chain head when the document was issued (absent from documents issued before it). */
  audit_head: z.object({ seq: z.number(), hash: z.string() }).nullable().optional(),
  content_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AttestationPayload = z.infer<typeof AttestationPayloadSchema>;

/** Where the signature text sits in the file: the offset of its first byte. */
function signatureOffset(pdf: Uint8Array): number | null {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = bytes.indexOf(MARKER);
  if (at < 0 || bytes.indexOf(MARKER, at + 1) >= 0) return null;
  const start = at + MARKER.length;
  if (bytes[start + SIGNATURE_LENGTH] !== 0x29 /* ")" */) return null;
  return start;
}

/** SHA-256 of the file with the signature region zeroed: what the signature covers. */
export function signedContentHash(pdf: Uint8Array): string | null {
  const start = signatureOffset(pdf);
  if (start === null) return null;
  const copy = Buffer.from(pdf);
  copy.fill(0x30, start, start + SIGNATURE_LENGTH);
  return createHash("sha256").update(copy).digest("hex");
}

export function embedSignature(pdf: Uint8Array, jws: string): Uint8Array {
  const start = signatureOffset(pdf);
  if (start === null) throw new Error("the PDF has no signature placeholder");
  if (jws.length > SIGNATURE_LENGTH || !/^[\w.-]+$/.test(jws)) throw new Error("signature does not fit its placeholder");
  const signed = Buffer.from(pdf);
  signed.write(jws.padEnd(SIGNATURE_LENGTH, " "), start, "latin1");
  return signed;
}

export function extractSignature(pdf: Uint8Array): string | null {
  const start = signatureOffset(pdf);
  if (start === null) return null;
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)
    .toString("latin1", start, start + SIGNATURE_LENGTH)
    .trimEnd();
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(text) ? text : null;
}

const b64 = (value: string) => Buffer.from(value).toString("base64url");

/** The header and payload of a compact JWS (RFC 7515), and the bytes its signature covers. */
export function jwsSigningInput(kid: string, payload: AttestationPayload): string {
  return `${b64(JSON.stringify({ alg: "EdDSA", kid, typ: "attest-attestation+jws" }))}.${b64(JSON.stringify(payload))}`;
}

export type PublicKeyLookup = (kid: string) => string | null;

export type PdfVerification =
  | { valid: true; kid: string; payload: AttestationPayload }
  | {
      valid: false;
      reason: "no_signature" | "malformed" | "unknown_key" | "bad_signature" | "altered";
      kid?: string;
      payload?: AttestationPayload;
    };

/** Verifies an Ed25519 signature against a published raw public key (base64url). */
export function verifySignature(publicKeyRaw: string, data: Uint8Array | string, signature: string): boolean {
  const spki = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(publicKeyRaw, "base64url")]);
  try {
    return verify(
      null,
      typeof data === "string" ? Buffer.from(data) : data,
      createPublicKey({ key: spki, format: "der", type: "spki" }),
      Buffer.from(signature, "base64url"),
    );
  } catch {
    return false;
  }
}

/**
 * Checks a PDF on its own: the embedded signature verifies with the issuer's published key, and the file's bytes
 * hash to what was signed. Revocation is not a property of the bytes: ask the issuer (`/api/v1/verify/{code}`).
 */
export function verifyAttestationPdf(pdf: Uint8Array, publicKeyOf: PublicKeyLookup): PdfVerification {
  const jws = extractSignature(pdf);
  if (!jws) return { valid: false, reason: "no_signature" };
  const [headerPart = "", payloadPart = "", signature = ""] = jws.split(".");
  let kid: string;
  let payload: AttestationPayload;
  try {
    const header = z
      .object({ alg: z.literal("EdDSA"), kid: z.string() })
      .parse(JSON.parse(Buffer.from(headerPart, "base64url").toString()));
    kid = header.kid;
    payload = AttestationPayloadSchema.parse(JSON.parse(Buffer.from(payloadPart, "base64url").toString()));
  } catch {
    return { valid: false, reason: "malformed" };
  }
  const publicKey = publicKeyOf(kid);
  if (!publicKey) return { valid: false, reason: "unknown_key", kid, payload };
  if (!verifySignature(publicKey, `${headerPart}.${payloadPart}`, signature))
    return { valid: false, reason: "bad_signature", kid, payload };
  if (signedContentHash(pdf) !== payload.content_sha256) return { valid: false, reason: "altered", kid, payload };
  return { valid: true, kid, payload };
}
