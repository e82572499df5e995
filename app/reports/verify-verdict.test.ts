import { describe, expect, it } from "vitest";
import type { AttestationPayload, PdfVerification } from "./pdf-signature";
import { decideVerdict, type RegisterEntry } from "./verify-verdict";

const CODE = "ATT-7K2M-9QXD-4RTB";
const OTHER = "ATT-0000-1111-2222";
const ISSUED = "a".repeat(64);
const CHANGED = "b".repeat(64);
const valid: RegisterEntry = { code: CODE, status: "valid", sha256: ISSUED };
const revoked: RegisterEntry = { ...valid, status: "revoked" };
const payload = (code: string) => ({ code }) as AttestationPayload;
const signed = (code: string): PdfVerification => ({ valid: true, kid: "k1", payload: payload(code) });
const altered = (code: string): PdfVerification => ({ valid: false, reason: "altered", kid: "k1", payload: payload(code) });
const unsigned: PdfVerification = { valid: false, reason: "no_signature" };

describe("decideVerdict: one verdict for the code and the file together", () => {
  const cases: [string, Parameters<typeof decideVerdict>[0], string, string | null][] = [
    ["valid code, no file: the code's status", { requested: CODE, record: valid, file: null }, "genuine", null],
    ["valid code, the issued file", { requested: CODE, record: valid, file: { sha256: ISSUED, check: signed(CODE) } }, "genuine", null],
    [
      "valid code, a byte changed (signature broken)",
      { requested: CODE, record: valid, file: { sha256: CHANGED, check: altered(CODE) } },
      "not_this_document",
      "altered",
    ],
    [
      "valid code, a byte changed that the signature does not cover",
      { requested: CODE, record: valid, file: { sha256: CHANGED, check: signed(CODE) } },
      "not_this_document",
      "different_bytes",
    ],
    [
      "valid code, another genuine document",
      { requested: CODE, record: valid, file: { sha256: CHANGED, check: signed(OTHER) } },
      "not_this_document",
      "other_document",
    ],
    [
      "valid code, an unsigned file",
      { requested: CODE, record: valid, file: { sha256: CHANGED, check: unsigned } },
      "not_this_document",
      "no_signature",
    ],
    ["revoked code, no file", { requested: CODE, record: revoked, file: null }, "revoked", null],
    ["revoked code, the issued file", { requested: CODE, record: revoked, file: { sha256: ISSUED, check: signed(CODE) } }, "revoked", null],
    [
      "revoked code, a changed file",
      { requested: CODE, record: revoked, file: { sha256: CHANGED, check: altered(CODE) } },
      "not_this_document",
      "altered",
    ],
    ["unknown code, no file", { requested: OTHER, record: null, file: null }, "unknown_code", null],
    ["unknown code, a file", { requested: OTHER, record: null, file: { sha256: ISSUED, check: signed(CODE) } }, "unknown_code", null],
    [
      "no code, the issued file: its own code",
      { requested: null, record: valid, file: { sha256: ISSUED, check: signed(CODE) } },
      "genuine",
      null,
    ],
    [
      "no code, a changed file: its own code",
      { requested: null, record: valid, file: { sha256: CHANGED, check: altered(CODE) } },
      "not_this_document",
      "altered",
    ],
    [
      "no code, a file naming a code never issued",
      { requested: null, record: null, file: { sha256: CHANGED, check: signed(OTHER) } },
      "unknown_code",
      null,
    ],
    [
      "no code, an unsigned file",
      { requested: null, record: null, file: { sha256: CHANGED, check: unsigned } },
      "not_this_document",
      "no_signature",
    ],
  ];
  for (const [name, input, verdict, mismatch] of cases) {
    it(name, () => {
      const answer = decideVerdict(input);
      expect(answer.verdict).toBe(verdict);
      expect(answer.mismatch).toBe(mismatch);
      expect(answer.file === null).toBe(input.file === null);
    });
  }

  it("names the code it checked and where it came from", () => {
    expect(decideVerdict({ requested: CODE, record: valid, file: null })).toMatchObject({ code: CODE, codeFrom: "request" });
    expect(decideVerdict({ requested: null, record: valid, file: { sha256: ISSUED, check: signed(CODE) } })).toMatchObject({
      code: CODE,
      codeFrom: "file",
      file: { matches: true, signature: { valid: true, kid: "k1", code: CODE, reason: null } },
    });
    expect(decideVerdict({ requested: null, record: null, file: { sha256: CHANGED, check: unsigned } })).toMatchObject({
      code: null,
      codeFrom: null,
    });
  });

  it("tells nothing of the payload but the code it names", () => {
    const answer = decideVerdict({ requested: CODE, record: valid, file: { sha256: ISSUED, check: signed(CODE) } });
    expect(Object.keys(answer.file!.signature).sort()).toEqual(["code", "kid", "reason", "valid"]);
  });
});
