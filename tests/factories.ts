import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { pino } from "pino";
import { withSystem, type Db } from "../db/connection.server";
import { assets, memberships, organizations, tenants, users, type AssetKind, type Role } from "../db/schema";
import { signIn, type Actor } from "../app/auth/auth.server";
import { CSRF_COOKIE, expectedCsrfToken, issueCsrfCookieValue } from "../app/auth/csrf.server";
import { hashPassword } from "../app/auth/password.server";
import * as clock from "../app/config/clock";

export const PASSWORD = "correct-horse-battery-9";
let passwordHash: Promise<string> | undefined;

const unique = () => randomUUID().slice(0, 8);

export async function createOrganization(db: Db, name = `Operator ${unique()}`) {
  const [org] = await db
    .insert(organizations)
    .values({ slug: `org-${unique()}`, name, country: "FR" })
    .returning();
  return org!;
}

export async function createTenant(db: Db, organizationId: string, legalName = `Tenant ${unique()}`) {
  const [tenant] = await db
    .insert(tenants)
    .values({
      organizationId,
      slug: `t-${unique()}`,
      legalName,
      country: "FR",
      registrationNumber: `RCS ${unique()}`,
      contacts: [{ name: "Contact", email: "contact@example.com" }],
    })
    .returning();
  return tenant!;
}

/** A user with PASSWORD and one membership. */
export async function createMember(db: Db, organizationId: string, role: Role, options: { tenantId?: string; email?: string } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  return withSystem(db, async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: options.email ?? `${role}-${unique()}@example.com`, name: `${role} ${unique()}`, passwordHash: await passwordHash! })
      .returning();
    const [membership] = await tx
      .insert(memberships)
      .values({ organizationId, userId: user!.id, role, tenantId: options.tenantId ?? null })
      .returning();
    return { user: user!, membership: membership! };
  });
}

/** A live asset of the inventory, under `parentId` when given. */
export async function createAsset(
  db: Db,
  organizationId: string,
  kind: AssetKind,
  options: { name?: string; parentId?: string; tenantId?: string } = {},
) {
  const name = options.name ?? `${kind} ${unique()}`;
  const [asset] = await withSystem(db, (tx) =>
    tx
      .insert(assets)
      .values({
        id: randomUUID(),
        organizationId,
        kind,
        source: "test",
        externalId: `${kind}-${unique()}`,
        name,
        parentId: options.parentId ?? null,
        tenantId: options.tenantId ?? null,
        contentHash: unique(),
        firstSeenAt: clock.now(),
        lastSeenAt: clock.now(),
      })
      .returning(),
  );
  return asset!;
}

export const systemActor: Actor = { userId: null, label: "test" };

export function testContext(db: Db): AppLoadContext {
  return { db, log: pino({ level: "silent" }), requestId: "test", csrfToken: "unused", clientIp: "127.0.0.1" };
}

/** Cookies and a CSRF token for requests made as this user. */
export async function browserFor(db: Db, email: string) {
  const outcome = await signIn(db, { email, password: PASSWORD, ip: "127.0.0.1" });
  if (!outcome.ok) throw new Error(`Could not sign in ${email}: ${outcome.reason}`);
  const sessionCookie = outcome.setCookie.split(";")[0]!;
  const cookie = `${sessionCookie}; ${CSRF_COOKIE}=${issueCsrfCookieValue().value}`;
  // Signed in, the forms carry the token bound to the session, as the pages would render it.
  const csrf = { token: expectedCsrfToken(cookie)! };
  return {
    get: (path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }),
    /** A form post; a list is sent as one field per value (checkboxes). */
    post: (path: string, fields: Record<string, string | string[]> = {}, { withCsrf = true } = {}) => {
      const body = new URLSearchParams(Object.entries(fields).flatMap(([name, v]) => [v].flat().map((one) => [name, one])));
      if (withCsrf) body.set("csrf", csrf.token);
      return new Request(`http://localhost${path}`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
    },
  };
}

export type RouteHandler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>;

/** Runs a route's loader or action on the test database; a thrown Response (a redirect, a 404) is answered, not thrown. */
export function runRoute(db: Db, handler: RouteHandler, request: Request, params: Record<string, string> = {}) {
  return handler({ request, params, context: testContext(db) }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
}

/** Runs a loader or action and answers its HTTP status, whether it returned or threw a Response. */
export async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result) {
      return (result as { init?: { status?: number } | null }).init?.status ?? 200;
    }
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}
