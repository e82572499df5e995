import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
} from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection.server";
import { organizations, signingKeys, type SigningKey } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { getConfig } from "../config/config.server";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };

let configured: Buffer | undefined;
/** The key-encryption key from ATTEST_KEY_SECRET. */
export function configuredKeyEncryptionKey(): Buffer {
  configured ??= keyEncryptionKey(getConfig().keySecret);
  return configured;
}

/** The AES-256-GCM key that wraps private keys, derived from the configured secret (HKDF-SHA256). */
export function keyEncryptionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "attest-signing-keys", "aes-256-gcm private key wrapping", 32));
}

export function encryptPrivateKey(pkcs8: Buffer, kek: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek, iv);
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function decryptPrivateKey(sealed: string, kek: Buffer): Buffer {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) throw new Error("unknown private key format");
  const decipher = createDecipheriv("aes-256-gcm", kek, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
}

/** The raw 32-byte Ed25519 public key, base64url, as published. */
const rawPublicKey = (spkiDer: Buffer) => spkiDer.subarray(spkiDer.length - 32).toString("base64url");
const kidOf = (publicKey: string) => createHash("sha256").update(publicKey).digest("hex").slice(0, 16);

async function createKey(tx: Tx, params: OrgParams & { actor: Actor; kek: Buffer }): Promise<SigningKey> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicRaw = rawPublicKey(publicKey.export({ format: "der", type: "spki" }));
  const [key] = await tx
    .insert(signingKeys)
    .values({
      organizationId: params.organizationId,
      kid: kidOf(publicRaw),
      algorithm: "Ed25519",
      publicKey: publicRaw,
      encryptedPrivateKey: encryptPrivateKey(privateKey.export({ format: "der", type: "pkcs8" }), params.kek),
      createdByLabel: params.actor.label,
    })
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "signing_key.create",
    entityType: "signing_key",
    entityId: key!.id,
    after: { kid: key!.kid, algorithm: key!.algorithm, publicKey: key!.publicKey },
  });
  return key!;
}

/** The organisation's current key, generated on first use. */
export async function activeSigningKey(tx: Tx, params: OrgParams & { actor: Actor; kek: Buffer }): Promise<SigningKey> {
  const [key] = await tx
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.organizationId, params.organizationId), isNull(signingKeys.retiredAt)));
  return key ?? createKey(tx, params);
}

/** Retires the current key (documents it signed still verify) and makes a new one. */
export async function rotateSigningKey(tx: Tx, params: OrgParams & { actor: Actor; kek: Buffer }): Promise<SigningKey> {
  const [retired] = await tx
    .update(signingKeys)
    .set({ retiredAt: clock.now() })
    .where(and(eq(signingKeys.organizationId, params.organizationId), isNull(signingKeys.retiredAt)))
    .returning();
  if (retired) {
    await recordAudit(tx, {
      organizationId: params.organizationId,
      actor: params.actor,
      action: "signing_key.retire",
      entityType: "signing_key",
      entityId: retired.id,
      before: { kid: retired.kid, retiredAt: null },
      after: { kid: retired.kid, retiredAt: retired.retiredAt },
    });
  }
  return createKey(tx, params);
}

export async function listSigningKeys(tx: Tx, params: OrgParams) {
  return tx.select().from(signingKeys).where(eq(signingKeys.organizationId, params.organizationId)).orderBy(asc(signingKeys.createdAt));
}

/** Signs bytes with the organisation's current key: the signature (base64url) and the key id to verify it with. */
export async function signWithOrganizationKey(tx: Tx, params: OrgParams & { actor: Actor; kek: Buffer; bytes: Uint8Array }) {
  return signWithKey(await activeSigningKey(tx, params), params.kek, params.bytes);
}

/** Signs bytes with a key already read (its private half unwrapped with the key-encryption key). */
export function signWithKey(key: Pick<SigningKey, "kid" | "encryptedPrivateKey">, kek: Buffer, bytes: Uint8Array) {
  const privateKey = createPrivateKey({ key: decryptPrivateKey(key.encryptedPrivateKey, kek), format: "der", type: "pkcs8" });
  return { kid: key.kid, signature: sign(null, bytes, privateKey).toString("base64url") };
}

export { verifySignature } from "./pdf-signature";

export type PublishedKey = {
  kid: string;
  alg: "EdDSA";
  crv: "Ed25519";
  kty: "OKP";
  x: string;
  organization: { slug: string; name: string };
  created_at: string;
  retired_at: string | null;
};

/** Every organisation's public keys, as the JSON Web Key set published at /.well-known/attest-keys.json. */
export async function publishedKeys(db: Db | Tx): Promise<{ keys: PublishedKey[] }> {
  const rows = await db
    .select({ key: signingKeys, slug: organizations.slug, name: organizations.name })
    .from(signingKeys)
    .innerJoin(organizations, eq(organizations.id, signingKeys.organizationId))
    .orderBy(asc(organizations.slug), asc(signingKeys.createdAt));
  return {
    keys: rows.map(({ key, slug, name }) => ({
      kid: key.kid,
      alg: "EdDSA",
      crv: "Ed25519",
      kty: "OKP",
      x: key.publicKey,
      organization: { slug, name },
      created_at: key.createdAt.toISOString(),
      retired_at: key.retiredAt?.toISOString() ?? null,
    })),
  };
}
