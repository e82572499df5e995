import { and, desc, eq, isNull } from "drizzle-orm";
import { withSystem, type Db, type Tx } from "../../db/connection.server";
import { apiTokens, organizations, type ApiScope } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "./auth.server";
import { randomToken, sha256Hex } from "./tokens.server";
import * as clock from "../config/clock";

export const TOKEN_PREFIX = "att_";

export type ApiPrincipal = {
  tokenId: string;
  organizationId: string;
  organizationSlug: string;
  scopes: ApiScope[];
  label: string;
};

/** Creates a token and answers its secret, shown once; only its SHA-256 is stored. */
export async function createApiToken(
  tx: Tx,
  params: { organizationId: string; actor: Actor; name: string; scopes: ApiScope[] },
): Promise<{ id: string; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomToken()}`;
  const [token] = await tx
    .insert(apiTokens)
    .values({
      organizationId: params.organizationId,
      name: params.name,
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      scopes: params.scopes,
      createdByUserId: params.actor.userId,
    })
    .returning();
  if (!token) throw new Error("Token was not created");
  const { tokenHash: _secret, ...recorded } = token;
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "api_token.create",
    entityType: "api_token",
    entityId: token.id,
    after: recorded,
  });
  return { id: token.id, secret };
}

export async function listApiTokens(tx: Tx, params: { organizationId: string }) {
  return tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.organizationId, params.organizationId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(tx: Tx, params: { organizationId: string; actor: Actor; tokenId: string }) {
  const [token] = await tx
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.organizationId, params.organizationId), eq(apiTokens.id, params.tokenId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  if (!token) return false;
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "api_token.revoke",
    entityType: "api_token",
    entityId: token.id,
    before: { name: token.name, revoked: false },
    after: { name: token.name, revoked: true },
  });
  return true;
}

/** The organisation and scopes behind a bearer token, or null for a missing, unknown or revoked token. */
export async function authenticateBearer(db: Db, header: string | null): Promise<ApiPrincipal | null> {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  const secret = match?.[1];
  if (!secret?.startsWith(TOKEN_PREFIX)) return null;
  return withSystem(db, async (tx) => {
    const [row] = await tx
      .select({ token: apiTokens, slug: organizations.slug })
      .from(apiTokens)
      .innerJoin(organizations, eq(organizations.id, apiTokens.organizationId))
      .where(and(eq(apiTokens.tokenHash, sha256Hex(secret)), isNull(apiTokens.revokedAt)));
    if (!row) return null;
    await tx.update(apiTokens).set({ lastUsedAt: clock.now() }).where(eq(apiTokens.id, row.token.id));
    return {
      tokenId: row.token.id,
      organizationId: row.token.organizationId,
      organizationSlug: row.slug,
      scopes: row.token.scopes,
      label: `api token ${row.token.name} (${row.token.prefix}…)`,
    };
  });
}
