import { createHash } from "node:crypto";
import { z } from "zod";
import { extractSignature, verifyAttestationPdf, type PdfVerification } from "./pdf-signature";
import { decideVerdict } from "./verify-verdict";

const KeySet = z.object({ keys: z.array(z.object({ kid: z.string(), x: z.string(), crv: z.literal("Ed25519") }).loose()) });
const Record = z.object({
  data: z
    .object({
      code: z.string(),
      status: z.enum(["valid", "revoked"]),
      sha256: z.string(),
      revoked_at: z.string().nullable(),
      revocation_reason: z.string().nullable(),
    })
    .loose(),
});

export type Fetcher = (url: string) => Promise<unknown>;
export type OfflineVerdict = { check: PdfVerification; issuer: string | null; code: string | null };
export type Verdict = OfflineVerdict & { register: z.infer<typeof Record>["data"] | null | "unreachable"; sha256: string };

/** The issuer URL a PDF claims, read before anything is verified: only used to know where its keys are. */
export function claimedIssuer(pdf: Uint8Array): string | null {
  const jws = extractSignature(pdf);
  if (!jws) return null;
  try {
    const payload = JSON.parse(Buffer.from(jws.split(".")[1] ?? "", "base64url").toString()) as { iss?: unknown };
    return typeof payload.iss === "string" && /^https?:\/\//.test(payload.iss) ? payload.iss : null;
  } catch {
    return null;
  }
}

export function verifyWithKeySet(pdf: Uint8Array, keySet: unknown): OfflineVerdict {
  const keys = new Map(KeySet.parse(keySet).keys.map((k) => [k.kid, k.x]));
  const check = verifyAttestationPdf(pdf, (kid) => keys.get(kid) ?? null);
  return { check, issuer: check.payload?.iss ?? null, code: check.payload?.code ?? null };
}

/**
 * Verifies a PDF with the issuer's published keys (or a key set given), then, online, asks the issuer's register
 * whether it was revoked and whether these are the bytes it issued.
 */
export async function verifyAttestationFile(
  pdf: Uint8Array,
  options: { keySet?: unknown; offline: boolean; fetchJson: Fetcher },
): Promise<Verdict> {
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const issuer = claimedIssuer(pdf);
  const keySet =
    options.keySet ?? (issuer && !options.offline ? await options.fetchJson(`${issuer}/.well-known/attest-keys.json`) : { keys: [] });
  const verdict = verifyWithKeySet(pdf, keySet);
  if (options.offline || !verdict.check.valid || !verdict.issuer || !verdict.code) return { ...verdict, register: null, sha256 };
  try {
    const record = Record.parse(await options.fetchJson(`${verdict.issuer}/api/v1/verify/${verdict.code}`));
    return { ...verdict, register: record.data, sha256 };
  } catch {
    return { ...verdict, register: "unreachable", sha256 };
  }
}

/** Exit status: 0 genuine and not revoked, 1 anything else. */
export function describeVerdict(verdict: Verdict): { ok: boolean; lines: string[] } {
  const { check } = verdict;
  if (!check.valid)
    return {
      ok: false,
      lines: [`NOT VALID: ${check.reason}${check.payload ? ` (claims to be ${check.payload.code} from ${check.payload.iss})` : ""}`],
    };
  const p = check.payload;
  const lines = [
    `Signature valid: ${p.code}, issued by ${p.org.name} (${p.iss}) for ${p.tenant.name} at ${p.issued_at}, key ${check.kid}.`,
    `Attests the state at ${p.attested_at} (evaluation run ${p.run_id}, inventory digest ${p.inventory_digest}).`,
  ];
  if (verdict.register === null) return { ok: true, lines: [...lines, "Revocation not checked (offline)."] };
  if (verdict.register === "unreachable") return { ok: false, lines: [...lines, "Could not reach the issuer to check revocation."] };
  // The verification page's rule (verify-verdict.ts): the file is the document only if its bytes are the issued ones.
  const { register } = verdict;
  const decided = decideVerdict({ requested: p.code, record: register, file: { sha256: verdict.sha256, check } });
  const revoked = `REVOKED at ${register.revoked_at}: ${register.revocation_reason}`;
  switch (decided.verdict) {
    case "genuine":
      return { ok: true, lines: [...lines, "Not revoked; the file is byte for byte the one issued."] };
    case "revoked":
      return { ok: false, lines: [...lines, `${revoked} (the file is byte for byte the one issued).`] };
    default:
      return {
        ok: false,
        lines: [
          ...lines,
          `NOT THIS DOCUMENT: the issuer holds different bytes for ${p.code}${register.status === "revoked" ? `, which was moreover ${revoked}` : ""}.`,
        ],
      };
  }
}
