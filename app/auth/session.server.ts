import { createCookie } from "@remix-run/node";
import { eq, lt } from "drizzle-orm";
import type { Db, Queryable } from "../../db/connection.server";
import { sessions } from "../../db/schema";
import { getConfig } from "../config/config.server";
import { randomToken, sha256Hex } from "./tokens.server";
import * as clock from "../config/clock";

export const SESSION_TTL_MS = 1000 * 60 * 60 * 12;

/** `__Host-attest_session` in production: Secure, Path=/ and no Domain, so no sibling subdomain can set it. */
export function sessionCookieName(production = getConfig().production): string {
  return production ? "__Host-attest_session" : "attest_session";
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const config = getConfig();
  cookie ??= createCookie(sessionCookieName(config.production), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.production,
    secrets: [config.sessionSecret],
    maxAge: SESSION_TTL_MS / 1000,
  });
  return cookie;
}

/** Creates a session row and answers the Set-Cookie header that carries its (unhashed) token. */
export async function createSession(db: Queryable, userId: string, activeOrganizationId: string): Promise<string> {
  const token = randomToken();
  await db.insert(sessions).values({
    tokenHash: sha256Hex(token),
    userId,
    activeOrganizationId,
    expiresAt: new Date(clock.now().getTime() + SESSION_TTL_MS),
  });
  return sessionCookie().serialize(token);
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function setActiveOrganization(db: Queryable, sessionId: string, organizationId: string) {
  await db.update(sessions).set({ activeOrganizationId: organizationId }).where(eq(sessions.id, sessionId));
}

/** Deletes the session (if any) and answers the Set-Cookie header that clears the cookie. */
export async function destroySession(db: Db, request: Request): Promise<string> {
  const token = await readSessionToken(request);
  if (token) await db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token)));
  return sessionCookie().serialize("", { maxAge: 0 });
}

export async function purgeExpiredSessions(db: Db) {
  await db.delete(sessions).where(lt(sessions.expiresAt, clock.now()));
}
