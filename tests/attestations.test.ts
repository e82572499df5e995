import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { attestations, auditLog, organizations, signingKeys, tenants } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { setClock } from "../app/config/clock";
import { issueAttestation, revokeAttestation, verificationByCode, verifyUploadedPdf } from "../app/reports/attestations.server";
import { extractSignature, verifyAttestationPdf } from "../app/reports/pdf-signature";
import { configuredKeyEncryptionKey } from "../app/reports/signing-keys.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, statusOf, systemActor, testContext } from "./factories";
import * as download from "../app/routes/reports.attestations.$attestationId[.]pdf";
import * as reportsPage from "../app/routes/_app.reports._index";
import * as revokePage from "../app/routes/_app.reports.attestations.$attestationId.revoke";

let database: TestDatabase;
let helios = "";
let genovia = "";
const kek = configuredKeyEncryptionKey();
const dir = mkdtempSync(path.join(tmpdir(), "attest-attestation-"));
// The demo is seeded and evaluated an hour before the attestations are issued, whatever day the suite runs.
const now = new Date("2026-11-26T09:00:00Z");

beforeAll(async () => {
  setClock(new Date("2026-11-26T08:00:00Z"));
  database = await createTestDatabase();
  await seedDemo(database.db);
  setClock(now);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const [tenant] = await database.db.select().from(tenants).where(eq(tenants.slug, "genovia-bio"));
  genovia = tenant!.id;
}, 120_000);
afterAll(async () => {
  await database?.destroy();
  setClock(null);
});

const inHelios = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: helios }, work);
const issue = (language: "en" | "fr", extra: Partial<Parameters<typeof issueAttestation>[1]> = {}) =>
  inHelios((tx) =>
    issueAttestation(tx, {
      organizationId: helios,
      tenantId: genovia,
      language,
      asOf: null,
      actor: systemActor,
      kek,
      publicUrl: "https://attest.example",
      now,
      ...extra,
    }),
  );

function pdfText(bytes: Uint8Array, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  execFileSync("qpdf", ["--check", file], { stdio: "pipe" });
  return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

async function publicKeyOf(kid: string) {
  const [key] = await withSystem(database.db, (tx) => tx.select().from(signingKeys).where(eq(signingKeys.kid, kid)));
  return key?.publicKey ?? null;
}

describe("residency attestations", () => {
  it("states, in English, the tenant, issuer, places, profile, policies, run and digest, and passes qpdf --check", async () => {
    const issued = await issue("en");
    const text = pdfText(issued.content, "en.pdf");
    expect(text).toContain("Data residency attestation");
    expect(text).toContain("Genovia");
    expect(text).toContain("Helios Data Centers");
    expect(text).toContain(issued.code);
    expect(text).toContain(issued.runId);
    expect(text.replace(/\s+/g, "")).toContain(issued.inventoryDigest);
    expect(text).toMatch(/France \(FR\)/);
    expect(text).toContain("Policies checked");
    expect(text).toContain(`https://attest.example/verify/${issued.code}`);
    expect(text).toMatch(/Page 1 \/ \d+/);
    // The audit chain head it saw: the entry just before its own issue entry, kept in the row and printed.
    const chain = await withSystem(database.db, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.organizationId, helios)).orderBy(auditLog.seq),
    );
    const seen = chain[chain.findIndex((e) => e.action === "attestation.issue" && e.entityId === issued.id) - 1]!;
    expect(issued).toMatchObject({ auditHeadSeq: seen.seq, auditHeadHash: seen.hash });
    expect(text).toContain(`seq ${seen.seq}`);
    expect(text.replace(/\s+/g, "")).toContain(seen.hash);
  });

  it("speaks French with its accents intact", async () => {
    const issued = await issue("fr");
    const text = pdfText(issued.content, "fr.pdf");
    expect(text).toContain("Attestation de localisation des données");
    expect(text).toContain("Pays autorisés");
    expect(text).toContain("Politiques vérifiées");
    expect(text).toContain("Vérification");
  });

  it("is signed: the signature verifies with the published key, and a one-byte change anywhere fails", async () => {
    const issued = await issue("en");
    const key = await publicKeyOf(issued.kid);
    const lookup = (kid: string) => (kid === issued.kid ? key : null);
    const good = verifyAttestationPdf(issued.content, lookup);
    expect(good.valid).toBe(true);
    if (good.valid) expect(good.payload).toMatchObject({ code: issued.code, tenant: { slug: "genovia-bio" }, run_id: issued.runId });
    for (const offset of [10, Math.floor(issued.content.length / 2), issued.content.length - 10]) {
      const altered = Buffer.from(issued.content);
      altered[offset] = altered[offset]! ^ 0x01;
      expect(verifyAttestationPdf(altered, lookup).valid, `byte ${offset}`).toBe(false);
    }
    const jws = extractSignature(issued.content)!;
    const tampered = Buffer.from(issued.content);
    const at = tampered.indexOf(jws);
    tampered[at + jws.length - 3] = tampered[at + jws.length - 3] === 0x41 ? 0x42 : 0x41;
    expect(verifyAttestationPdf(tampered, lookup)).toMatchObject({ valid: false });
  });

  it("gives the same bytes for the same state, language, code and instant", async () => {
    const { renderAttestation } = await import("../app/reports/attestations.server");
    const { attestationState } = await import("../app/reports/attestation-data.server");
    const state = await inHelios((tx) => attestationState(tx, { organizationId: helios, tenantId: genovia, asOf: null, now }));
    const doc = {
      code: "ATT-0000-0000-0000",
      attestedAt: now,
      issuedAt: now,
      issuedBy: "test",
      verifyUrl: "https://attest.example/verify/ATT-0000-0000-0000",
      keysUrl: "https://attest.example/.well-known/attest-keys.json",
      kid: "k",
    };
    const first = await renderAttestation(state, "fr", doc);
    const second = await renderAttestation(state, "fr", doc);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });

  it("answers the public verification by code, and shows a revocation with its reason", async () => {
    const issued = await issue("en");
    const before = await withSystem(database.db, (tx) => verificationByCode(tx, issued.code.toLowerCase()));
    expect(before).toMatchObject({ status: "valid", issuer: { slug: "helios" }, tenant: { slug: "genovia-bio" } });
    await inHelios((tx) =>
      revokeAttestation(tx, { organizationId: helios, id: issued.id, reason: "Inventory corrected after audit", actor: systemActor }),
    );
    const after = await withSystem(database.db, (tx) => verificationByCode(tx, issued.code));
    expect(after).toMatchObject({ status: "revoked", revocation_reason: "Inventory corrected after audit" });
    expect(await withSystem(database.db, (tx) => verificationByCode(tx, "ATT-ZZZZ-ZZZZ-ZZZZ"))).toBeNull();
    const upload = await withSystem(database.db, (tx) => verifyUploadedPdf(tx, issued.content));
    expect(upload).toMatchObject({ check: { valid: true }, record: { status: "revoked" }, sameFile: true });
    const actions = (await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, issued.id)))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["attestation.issue", "attestation.revoke"]));
  });

  it("refuses an as-of before the first run, saying when it was, and one in the future", async () => {
    await expect(issue("en", { asOf: new Date("2020-01-01T00:00:00Z") })).rejects.toMatchObject({
      field: "as_of",
      refusal: { code: "before_first_run", firstRunAt: expect.any(Date) },
    });
    await expect(issue("en", { asOf: new Date(now.getTime() + 86_400_000) })).rejects.toMatchObject({
      field: "as_of",
      refusal: { code: "future_as_of" },
    });
  });

  it("keeps issued documents immutable: the application role cannot rewrite or delete them", async () => {
    const issued = await issue("en");
    await expect(
      inHelios((tx) =>
        tx
          .update(attestations)
          .set({ content: Buffer.from("forged") })
          .where(eq(attestations.id, issued.id)),
      ),
    ).rejects.toThrow();
    await expect(inHelios((tx) => tx.delete(attestations).where(eq(attestations.id, issued.id)))).rejects.toThrow();
  });

  it("lets a tenant member download its own tenant's attestations only, and never issue or revoke", async () => {
    const [lumen] = await database.db.select().from(tenants).where(eq(tenants.slug, "lumen-ai"));
    const member = await createMember(database.db, helios, "tenant_member", { tenantId: lumen!.id });
    const officer = await createMember(database.db, helios, "compliance_officer");
    const own = await issue("en", { tenantId: lumen!.id });
    const other = await issue("en");
    const browser = await browserFor(database.db, member.user.email);
    const context = testContext(database.db);
    const get = (id: string) =>
      statusOf(() => download.loader({ request: browser.get(`/reports/attestations/${id}.pdf`), params: { attestationId: id }, context }));
    expect(await get(own.id)).toBe(200);
    expect(await get(other.id)).toBe(404);
    const downloads = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, own.id)));
    expect(downloads.some((e) => e.action === "attestation.download" && e.actorUserId === member.user.id)).toBe(true);
    const issueForm = { tenantId: lumen!.id, language: "en", asOf: "" };
    expect(await statusOf(() => reportsPage.action({ request: browser.post("/reports", issueForm), params: {}, context }))).toBe(403);
    expect(
      await statusOf(() =>
        revokePage.action({
          request: browser.post(`/reports/attestations/${own.id}/revoke`, { reason: "not mine to revoke" }),
          params: { attestationId: own.id },
          context,
        }),
      ),
    ).toBe(403);

    const officerBrowser = await browserFor(database.db, officer.user.email);
    expect(
      await statusOf(() =>
        reportsPage.action({ request: officerBrowser.post("/reports", { ...issueForm, language: "de" }), params: {}, context }),
      ),
    ).toBe(400);
    expect(await statusOf(() => reportsPage.action({ request: officerBrowser.post("/reports", issueForm), params: {}, context }))).toBe(
      302,
    );
    expect(
      await statusOf(() =>
        revokePage.action({
          request: officerBrowser.post(`/reports/attestations/${own.id}/revoke`, { reason: "short" }),
          params: { attestationId: own.id },
          context,
        }),
      ),
    ).toBe(400);
    expect(
      await statusOf(() =>
        revokePage.action({
          request: officerBrowser.post(`/reports/attestations/${own.id}/revoke`, { reason: "Superseded by a corrected issue" }),
          params: { attestationId: own.id },
          context,
        }),
      ),
    ).toBe(302);
  });
});
