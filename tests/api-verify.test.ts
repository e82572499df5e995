import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import { organizations, tenants, type Attestation } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { setClock } from "../app/config/clock";
import { issueAttestation, revokeAttestation } from "../app/reports/attestations.server";
import { SIGNATURE_ENTRY } from "../app/reports/pdf-signature";
import { configuredKeyEncryptionKey } from "../app/reports/signing-keys.server";
import * as verifyApi from "../app/routes/api.v1.verify";
import * as verifyCodePage from "../app/routes/verify.$code";
import * as verifyPage from "../app/routes/verify._index";
import { createTestDatabase, type TestDatabase } from "./db";
import { systemActor, testContext } from "./factories";

let database: TestDatabase;
let helios = "";
const kek = configuredKeyEncryptionKey();
// The demo is seeded and evaluated an hour before the attestations are issued, whatever day the suite runs.
const now = new Date("2026-11-26T09:00:00Z");
let first: Attestation;
let second: Attestation;
let revoked: Attestation;

async function issue(tenantSlug: string, language: "en" | "fr") {
  const [tenant] = await database.db.select().from(tenants).where(eq(tenants.slug, tenantSlug));
  return withScope(database.db, { organizationId: helios }, (tx) =>
    issueAttestation(tx, {
      organizationId: helios,
      tenantId: tenant!.id,
      language,
      asOf: null,
      actor: systemActor,
      kek,
      publicUrl: "https://attest.example",
      now,
    }),
  );
}

beforeAll(async () => {
  setClock(new Date("2026-11-26T08:00:00Z"));
  database = await createTestDatabase();
  await seedDemo(database.db);
  setClock(now);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  first = await issue("genovia-bio", "en");
  second = await issue("kairos-cloud", "fr");
  revoked = await issue("lumen-ai", "en");
  await withScope(database.db, { organizationId: helios }, (tx) =>
    revokeAttestation(tx, { organizationId: helios, id: revoked.id, reason: "Issued for the wrong tenant contact", actor: systemActor }),
  );
}, 120_000);
afterAll(async () => {
  await database?.destroy();
  setClock(null);
});

/** One byte changed in the page content, far from the signature: the signature no longer covers the file. */
function oneByteChanged(pdf: Uint8Array): Uint8Array {
  const copy = Buffer.from(pdf);
  const at = Math.floor(copy.length / 2);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** One byte changed in the signature's own padding: the signature still verifies, the bytes are not the issued ones. */
function paddingChanged(pdf: Uint8Array): Uint8Array {
  const copy = Buffer.from(pdf);
  const start = copy.indexOf(Buffer.from(`/${SIGNATURE_ENTRY} (`, "latin1"));
  const close = copy.indexOf(0x29, start); // ")" after the space-padded JWS
  expect(copy[close - 1]).toBe(0x20);
  copy[close - 1] = 0x09; // a tab, which the reader trims like a space
  return copy;
}

function form(fields: { file?: Uint8Array | string; code?: string }) {
  const body = new FormData();
  if (fields.file !== undefined)
    body.set(
      "file",
      new File([typeof fields.file === "string" ? fields.file : new Uint8Array(fields.file)], "attestation.pdf", {
        type: "application/pdf",
      }),
    );
  if (fields.code !== undefined) body.set("code", fields.code);
  return body;
}

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown> | unknown;
async function call(handler: Handler, url: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${url}`, init);
  try {
    return (await handler({ request, params, context: testContext(database.db) })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

type ApiVerification = {
  verdict: string;
  code: string | null;
  code_from: string | null;
  mismatch: string | null;
  file: {
    sha256: string;
    matches_register: boolean;
    signature: { valid: boolean; reason: string | null; kid: string | null; code: string | null };
  };
  record: { code: string; status: string; sha256: string; revocation_reason: string | null } | null;
};
async function verify(fields: { file?: Uint8Array | string; code?: string }) {
  const response = await call(verifyApi.action, "/api/v1/verify", { method: "POST", body: form(fields) });
  expect(response.status).toBe(200);
  // Public, like the page: no token, readable from any origin, never cached.
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  return ((await response.json()) as { data: ApiVerification }).data;
}

describe("POST /api/v1/verify", () => {
  it("genuine: the issued file, with its code or with the code read from the file", async () => {
    const withCode = await verify({ file: first.content, code: first.code });
    expect(withCode).toMatchObject({
      verdict: "genuine",
      code: first.code,
      code_from: "request",
      mismatch: null,
      file: { sha256: first.sha256, matches_register: true, signature: { valid: true, reason: null, kid: first.kid, code: first.code } },
      record: { code: first.code, status: "valid", sha256: first.sha256 },
    });
    const fromFile = await verify({ file: first.content });
    expect(fromFile).toMatchObject({ verdict: "genuine", code: first.code, code_from: "file" });
    // A code typed in lower case, with O for 0, is the same code.
    const typed = await verify({ file: first.content, code: ` ${first.code.toLowerCase()} ` });
    expect(typed.verdict).toBe("genuine");
  });

  it("not_this_document: one byte changed, with or without the code, and whatever the code's status", async () => {
    for (const code of [first.code, undefined]) {
      const answer = await verify({ file: oneByteChanged(first.content), ...(code ? { code } : {}) });
      expect(answer).toMatchObject({
        verdict: "not_this_document",
        code: first.code,
        mismatch: "altered",
        file: { matches_register: false, signature: { valid: false, reason: "altered" } },
        record: { status: "valid" },
      });
    }
    const padding = await verify({ file: paddingChanged(first.content), code: first.code });
    expect(padding).toMatchObject({
      verdict: "not_this_document",
      mismatch: "different_bytes",
      file: { matches_register: false, signature: { valid: true } },
    });
    const otherDocument = await verify({ file: second.content, code: first.code });
    expect(otherDocument).toMatchObject({
      verdict: "not_this_document",
      code: first.code,
      mismatch: "other_document",
      file: { signature: { valid: true, code: second.code } },
    });
    const revokedChanged = await verify({ file: oneByteChanged(revoked.content), code: revoked.code });
    expect(revokedChanged).toMatchObject({ verdict: "not_this_document", record: { status: "revoked" } });
  });

  it("revoked: the issued file of a revoked document, and its code alone on the page", async () => {
    const answer = await verify({ file: revoked.content, code: revoked.code });
    expect(answer).toMatchObject({
      verdict: "revoked",
      file: { matches_register: true },
      record: { status: "revoked", revocation_reason: "Issued for the wrong tenant contact" },
    });
    expect((await verify({ file: revoked.content })).verdict).toBe("revoked");
  });

  it("unknown_code: a code never issued (given, made up, or named by a forged file); an unsigned file is not an Attest document", async () => {
    expect(await verify({ file: first.content, code: "ATT-0000-0000-0000" })).toMatchObject({
      verdict: "unknown_code",
      code: "ATT-0000-0000-0000",
      record: null,
    });
    expect((await verify({ file: first.content, code: "not a code" })).verdict).toBe("unknown_code");
    const unsigned = await verify({ file: "%PDF-1.7\n% not signed\n%%EOF\n" });
    expect(unsigned).toMatchObject({ verdict: "not_this_document", code: null, mismatch: "no_signature", record: null });
  });

  it("refuses what is not a PDF upload, by field, with the API's error shape", async () => {
    const noFile = await call(verifyApi.action, "/api/v1/verify", { method: "POST", body: form({ code: first.code }) });
    expect(noFile.status).toBe(422);
    expect(((await noFile.json()) as { error: { code: string; details: { path: string }[] } }).error).toMatchObject({
      code: "invalid_request",
      details: [{ path: "file" }],
    });
    const json = await call(verifyApi.action, "/api/v1/verify", {
      method: "POST",
      body: JSON.stringify({ code: first.code }),
      headers: { "Content-Type": "application/json" },
    });
    expect(json.status).toBe(415);
    const cut = await call(verifyApi.action, "/api/v1/verify", {
      method: "POST",
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { error: { code: string } }).error.code).toBe("malformed_body");
    const tooLarge = await call(verifyApi.action, "/api/v1/verify", {
      method: "POST",
      body: form({ file: first.content }),
      headers: { "Content-Length": String(22 * 1024 * 1024) },
    });
    expect(tooLarge.status).toBe(413);
    expect((await call(verifyApi.loader, "/api/v1/verify")).status).toBe(405);
  });

  it("gives the verdict the page gives: the same function decides for both", async () => {
    const inputs = [
      { file: first.content, code: first.code },
      { file: oneByteChanged(first.content), code: first.code },
      { file: revoked.content, code: revoked.code },
      { file: oneByteChanged(revoked.content), code: revoked.code },
      { file: second.content, code: first.code },
    ];
    for (const input of inputs) {
      const api = await verify(input);
      const page = (await verifyCodePage.action({
        request: new Request(`http://localhost/verify/${input.code}`, { method: "POST", body: form({ file: input.file }) }),
        params: { code: input.code },
        context: testContext(database.db),
      } as never)) as { verification: { verdict: string; mismatch: string | null } };
      expect(page.verification).toMatchObject({ verdict: api.verdict, mismatch: api.mismatch });
      const pageWithoutCode = (await verifyPage.action({
        request: new Request("http://localhost/verify", { method: "POST", body: form({ file: input.file }) }),
        params: {},
        context: testContext(database.db),
      } as never)) as { verification: { verdict: string } };
      expect(pageWithoutCode.verification.verdict).toBe((await verify({ file: input.file })).verdict);
    }
  });

  it("is described in the OpenAPI document as public", async () => {
    const { openApiDocument } = await import("../app/api/openapi.server");
    const doc = openApiDocument("http://localhost") as unknown as {
      paths: Record<string, { post?: { security: unknown[]; requestBody: { content: Record<string, unknown> } } }>;
      components: { schemas: { Verification: { properties: { verdict: { enum: string[] } } } } };
    };
    expect(doc.paths["/verify"]!.post!.security).toEqual([]);
    expect(Object.keys(doc.paths["/verify"]!.post!.requestBody.content)).toEqual(["multipart/form-data"]);
    expect(doc.components.schemas.Verification.properties.verdict.enum).toEqual([
      "genuine",
      "revoked",
      "not_this_document",
      "unknown_code",
    ]);
  });
});
