import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import { auditLog, organizations } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { createApiToken } from "../app/auth/api-tokens.server";
import { describeVerdict, verifyAttestationFile } from "../app/reports/verify-attestation";
import * as wellKnown from "../app/routes/[.well-known].attest-keys[.]json";
import * as pdfApi from "../app/routes/api.v1.attestations.$attestationId.pdf";
import * as tenantAttestations from "../app/routes/api.v1.tenants.$tenantSlug.attestations";
import * as verifyApi from "../app/routes/api.v1.verify.$code";
import * as verifyPage from "../app/routes/verify.$code";
import { createOrganization, systemActor, testContext } from "./factories";
import { createTestDatabase, type TestDatabase } from "./db";

let database: TestDatabase;
let helios = "";
const tokens = { write: "", read: "", other: "", findingsOnly: "" };
const dir = mkdtempSync(path.join(tmpdir(), "attest-api-"));

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown> | unknown;
async function call(handler: Handler, urlPath: string, secret: string | null, init: RequestInit = {}, params: Record<string, string> = {}) {
  const headers = { ...(secret ? { Authorization: `Bearer ${secret}` } : {}), ...(init.headers ?? {}) };
  const request = new Request(`http://localhost${urlPath}`, { ...init, headers });
  try {
    return (await handler({ request, params, context: testContext(database.db) })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const post = (slug: string, body: unknown, secret: string) =>
  call(
    tenantAttestations.action,
    `/api/v1/tenants/${slug}/attestations`,
    secret,
    { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } },
    { tenantSlug: slug },
  );
type Issued = { data: { id: string; code: string; pdf_url: string; verify_url: string; sha256: string } };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const other = (await createOrganization(database.db)).id;
  const make = (organizationId: string, scopes: Parameters<typeof createApiToken>[1]["scopes"]) =>
    withScope(database.db, { organizationId }, (tx) => createApiToken(tx, { organizationId, actor: systemActor, name: "t", scopes }));
  tokens.write = (await make(helios, ["reports:read", "reports:write"])).secret;
  tokens.read = (await make(helios, ["reports:read"])).secret;
  tokens.findingsOnly = (await make(helios, ["findings:read"])).secret;
  tokens.other = (await make(other, ["reports:read", "reports:write"])).secret;
}, 120_000);
afterAll(() => database?.destroy());

describe("attestations API", () => {
  it("issues with reports:write, downloads with reports:read, and audits both", async () => {
    const response = await post("lumen-ai", { language: "fr" }, tokens.write);
    expect(response.status).toBe(201);
    const issued = ((await response.json()) as Issued).data;
    expect(issued.code).toMatch(/^ATT-/);
    expect(issued.verify_url).toBe(`http://localhost/verify/${issued.code}`);
    const pdf = await call(pdfApi.loader, issued.pdf_url, tokens.read, {}, { attestationId: issued.id });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    expect(pdf.headers.get("X-Content-SHA256")).toBe(issued.sha256);
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.entityId, issued.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["attestation.issue", "attestation.download"]));

    const listed = (await (
      await call(tenantAttestations.loader, "/api/v1/tenants/lumen-ai/attestations", tokens.read, {}, { tenantSlug: "lumen-ai" })
    ).json()) as { data: { id: string }[] };
    expect(listed.data.map((a) => a.id)).toContain(issued.id);
  });

  it("refuses bad input by field, missing scopes, unknown tenants and other organisations' documents", async () => {
    const bad = await post("lumen-ai", { language: "de", extra: 1 }, tokens.write);
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(["language"]));
    expect((await post("lumen-ai", { language: "en", as_of: "yesterday" }, tokens.write)).status).toBe(422);
    expect((await post("lumen-ai", { language: "en" }, tokens.read)).status).toBe(403);
    expect((await post("lumen-ai", { language: "en" }, tokens.findingsOnly)).status).toBe(403);
    expect((await post("no-such-tenant", { language: "en" }, tokens.write)).status).toBe(404);
    expect((await post("lumen-ai", { language: "en" }, tokens.other)).status).toBe(404);
    // Before the first run: nothing to attest from, and the answer says when the first run was.
    const early = await post("lumen-ai", { language: "en", as_of: "2020-01-01T00:00:00Z" }, tokens.write);
    expect(early.status).toBe(409);
    const earlyBody = (await early.json()) as { error: { details: { path: string; message: string }[] } };
    expect(earlyBody.error.details[0]).toMatchObject({
      path: "as_of",
      message: expect.stringMatching(/the first one completed at \d{4}-/),
    });
    // A future instant is refused at its field, and nothing is issued.
    const future = await post("lumen-ai", { language: "en", as_of: "2999-01-01T00:00:00Z" }, tokens.write);
    expect(future.status).toBe(422);
    const futureBody = (await future.json()) as { error: { details: { path: string; message: string }[] } };
    expect(futureBody.error.details).toEqual([{ path: "as_of", message: expect.stringContaining("in the future") }]);

    const issued = ((await (await post("kairos-cloud", { language: "en" }, tokens.write)).json()) as Issued).data;
    expect((await call(pdfApi.loader, issued.pdf_url, tokens.other, {}, { attestationId: issued.id })).status).toBe(404);
    expect((await call(pdfApi.loader, issued.pdf_url, null, {}, { attestationId: issued.id })).status).toBe(401);
  });

  it("verifies publicly by code, on the page and as JSON", async () => {
    const issued = ((await (await post("genovia-bio", { language: "en" }, tokens.write)).json()) as Issued).data;
    const json = (await (await call(verifyApi.loader, `/api/v1/verify/${issued.code}`, null, {}, { code: issued.code })).json()) as {
      data: { status: string; tenant: { slug: string } };
    };
    expect(json.data).toMatchObject({ status: "valid", tenant: { slug: "genovia-bio" } });
    expect((await call(verifyApi.loader, "/api/v1/verify/ATT-0000-0000-0000", null, {}, { code: "ATT-0000-0000-0000" })).status).toBe(404);
    const page = (await verifyPage.loader({
      request: new Request(`http://localhost/verify/${issued.code}`),
      params: { code: issued.code },
      context: testContext(database.db),
    } as never)) as { verification: { verdict: string; record: { status: string } } };
    expect(page.verification).toMatchObject({ verdict: "genuine", record: { status: "valid" } });
  });

  it("is verified by npm run attest:verify: online through the issuer's endpoints, offline with a saved key set", async () => {
    const issued = ((await (await post("genovia-bio", { language: "fr" }, tokens.write)).json()) as Issued).data;
    const pdf = new Uint8Array(
      await (await call(pdfApi.loader, issued.pdf_url, tokens.read, {}, { attestationId: issued.id })).arrayBuffer(),
    );
    // The issuer's two public endpoints, answered by the real routes.
    const fetchJson = async (url: string) => {
      const { pathname } = new URL(url);
      if (pathname === "/.well-known/attest-keys.json") return (await call(wellKnown.loader, pathname, null)).json();
      const code = pathname.split("/").pop()!;
      return (await call(verifyApi.loader, pathname, null, {}, { code })).json();
    };
    const online = describeVerdict(await verifyAttestationFile(pdf, { offline: false, fetchJson }));
    expect(online.ok).toBe(true);
    expect(online.lines.join("\n")).toContain("byte for byte");

    const altered = Buffer.from(pdf);
    const offset = Math.floor(altered.length / 3);
    altered[offset] = altered[offset]! ^ 0x20;
    expect(describeVerdict(await verifyAttestationFile(altered, { offline: false, fetchJson })).ok).toBe(false);

    const keys = await (await call(wellKnown.loader, "/.well-known/attest-keys.json", null)).json();
    const keysFile = path.join(dir, "keys.json");
    const pdfFile = path.join(dir, "a.pdf");
    const alteredFile = path.join(dir, "altered.pdf");
    writeFileSync(keysFile, JSON.stringify(keys));
    writeFileSync(pdfFile, pdf);
    writeFileSync(alteredFile, altered);
    const cli = (file: string) =>
      execFileSync("npx", ["tsx", "app/reports/verify-attestation-cli.ts", file, "--keys", keysFile, "--offline"], {
        encoding: "utf8",
        stdio: "pipe",
      });
    expect(cli(pdfFile)).toContain(`Signature valid: ${issued.code}`);
    expect(() => cli(alteredFile)).toThrow(/NOT VALID: altered/);
  });
});
