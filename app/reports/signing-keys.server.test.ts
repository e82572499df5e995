import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { auditLog, signingKeys } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, createOrganization, statusOf, systemActor, testContext } from "../../tests/factories";
import * as keysPage from "../routes/_app.settings.signing-keys";
import * as wellKnown from "../routes/[.well-known].attest-keys[.]json";
import {
  activeSigningKey,
  decryptPrivateKey,
  keyEncryptionKey,
  publishedKeys,
  rotateSigningKey,
  signWithOrganizationKey,
  verifySignature,
} from "./signing-keys.server";

let database: TestDatabase;
let orgA = "";
let orgB = "";
const kek = keyEncryptionKey("test-key-secret-0123456789-0123456789");
const bytes = new TextEncoder().encode("Attestation: Lumen AI's data is in FR and DE.");

beforeAll(async () => {
  database = await createTestDatabase();
  orgA = (await createOrganization(database.db)).id;
  orgB = (await createOrganization(database.db)).id;
});
afterAll(() => database?.destroy());

const inOrg = <T>(organizationId: string, work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId }, work);

describe("organisation signing keys", () => {
  it("creates a key on first use, stores the private key only encrypted, and signs verifiably", async () => {
    const signed = await inOrg(orgA, (tx) => signWithOrganizationKey(tx, { organizationId: orgA, actor: systemActor, kek, bytes }));
    const [key] = await withSystem(database.db, (tx) => tx.select().from(signingKeys).where(eq(signingKeys.organizationId, orgA)));
    expect(key!.kid).toBe(signed.kid);
    expect(key!.encryptedPrivateKey).toMatch(/^v1\./);
    expect(key!.encryptedPrivateKey).not.toContain("MC4CAQAwBQYDK2Vw");
    expect(verifySignature(key!.publicKey, bytes, signed.signature)).toBe(true);
    const altered = Uint8Array.from(bytes);
    altered[5] = altered[5]! ^ 1;
    expect(verifySignature(key!.publicKey, altered, signed.signature)).toBe(false);
    expect(() => decryptPrivateKey(key!.encryptedPrivateKey, keyEncryptionKey("another-secret-0123456789-0123456789-xx"))).toThrow();
    const again = await inOrg(orgA, (tx) => activeSigningKey(tx, { organizationId: orgA, actor: systemActor, kek }));
    expect(again.id).toBe(key!.id);
  });

  it("rotation retires the key, which still verifies what it signed; both are audited", async () => {
    const before = await inOrg(orgA, (tx) => signWithOrganizationKey(tx, { organizationId: orgA, actor: systemActor, kek, bytes }));
    const fresh = await inOrg(orgA, (tx) => rotateSigningKey(tx, { organizationId: orgA, actor: systemActor, kek }));
    expect(fresh.kid).not.toBe(before.kid);
    const after = await inOrg(orgA, (tx) => signWithOrganizationKey(tx, { organizationId: orgA, actor: systemActor, kek, bytes }));
    expect(after.kid).toBe(fresh.kid);
    const published = await withSystem(database.db, (tx) => publishedKeys(tx));
    const old = published.keys.find((k) => k.kid === before.kid)!;
    expect(old.retired_at).not.toBeNull();
    expect(verifySignature(old.x, bytes, before.signature)).toBe(true);
    const actions = await withSystem(database.db, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.organizationId, orgA)).orderBy(auditLog.seq),
    );
    expect(actions.map((a) => a.action)).toEqual(["signing_key.create", "signing_key.retire", "signing_key.create"]);
  });

  it("publishes every organisation's public keys as JWK, and nothing private", async () => {
    await inOrg(orgB, (tx) => activeSigningKey(tx, { organizationId: orgB, actor: systemActor, kek }));
    const response = (await wellKnown.loader({
      request: new Request("http://localhost/.well-known/attest-keys.json"),
      params: {},
      context: testContext(database.db),
    })) as Response;
    expect(response.headers.get("Cache-Control")).toContain("max-age");
    const text = await response.text();
    const body = JSON.parse(text) as { keys: { kty: string; crv: string; x: string; organization: { slug: string } }[] };
    expect(body.keys).toHaveLength(3);
    expect(body.keys.every((k) => k.kty === "OKP" && k.crv === "Ed25519" && Buffer.from(k.x, "base64url").length === 32)).toBe(true);
    expect(text).not.toMatch(/v1\.|private|encrypted/i);
  });

  it("keeps one organisation's keys out of another's scope", async () => {
    const seen = await inOrg(orgB, (tx) => tx.select().from(signingKeys));
    expect(seen.every((k) => k.organizationId === orgB)).toBe(true);
  });
});

describe("the signing keys page", () => {
  it("is for administrators: others get 403 and change nothing; an admin rotates after confirming", async () => {
    const officer = await browserFor(database.db, (await createMember(database.db, orgB, "compliance_officer")).user.email);
    const context = testContext(database.db);
    expect(await statusOf(() => keysPage.loader({ request: officer.get("/settings/signing-keys"), params: {}, context }))).toBe(403);
    expect(await statusOf(() => keysPage.action({ request: officer.post("/settings/signing-keys"), params: {}, context }))).toBe(403);
    const admin = await browserFor(database.db, (await createMember(database.db, orgB, "admin")).user.email);
    expect(
      await statusOf(() =>
        keysPage.action({ request: admin.post("/settings/signing-keys", {}, { withCsrf: false }), params: {}, context }),
      ),
    ).toBe(403);
    const before = await withSystem(database.db, (tx) => tx.select().from(signingKeys).where(eq(signingKeys.organizationId, orgB)));
    expect(await statusOf(() => keysPage.action({ request: admin.post("/settings/signing-keys"), params: {}, context }))).toBe(302);
    const after = await withSystem(database.db, (tx) => tx.select().from(signingKeys).where(eq(signingKeys.organizationId, orgB)));
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((k) => k.retiredAt === null)).toHaveLength(1);
  });
});
