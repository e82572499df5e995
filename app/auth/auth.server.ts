import { redirect, type AppLoadContext } from "@remix-run/node";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { withoutScope, withScope, withSystem, type Db, type Scope, type Tx } from "../../db/connection.server";
import { memberships, notifications, organizations, sessions, users, type Role } from "../../db/schema";
import { isLocale, type Locale } from "../i18n/i18n";
import { defineAbilityFor, type Action, type AppAbility, type SubjectName } from "./ability";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password.server";
import { createSession, readSessionToken } from "./session.server";
import { sha256Hex } from "./tokens.server";
import { checkPasswordThrottled } from "./throttle.server";
import * as clock from "../config/clock";

export type OrganizationChoice = { organizationId: string; slug: string; name: string; role: Role };

export type Auth = {
  sessionId: string;
  user: { id: string; email: string; name: string };
  organization: { id: string; slug: string; name: string };
  membership: { id: string; role: Role; tenantId: string | null };
  memberships: OrganizationChoice[];
  ability: AppAbility;
  scope: Scope;
  /** The user's unread notifications in the active organisation (the bell on every page). */
  unreadNotifications: number;
};

/** Who the audit log names as the author of a change. */
export type Actor = { userId: string | null; label: string };
export const actorOf = (auth: Auth): Actor => ({ userId: auth.user.id, label: auth.user.email });

// The layout's loader and the page's loader run on the same request: look the session up once for both.
const authOfRequest = new WeakMap<Request, Promise<Auth | null>>();

export function getAuth(request: Request, db: Db): Promise<Auth | null> {
  let auth = authOfRequest.get(request);
  if (!auth) {
    auth = loadAuth(request, db);
    authOfRequest.set(request, auth);
  }
  return auth;
}

const MEMBERSHIP_COLUMNS = {
  membershipId: memberships.id,
  organizationId: organizations.id,
  slug: organizations.slug,
  name: organizations.name,
  role: memberships.role,
  tenantId: memberships.tenantId,
};

// One statement (session, user, every membership and the bell's count), read with the owner's privileges: it runs on
// every request, and a transaction of its own for the bell cost a tenth of a page's throughput. Every row it reads
// is keyed by the session's own user.
async function loadAuth(request: Request, db: Db): Promise<Auth | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const rows = await withoutScope(() =>
    db
      .select({
        sessionId: sessions.id,
        activeOrganizationId: sessions.activeOrganizationId,
        user: { id: users.id, email: users.email, name: users.name },
        ...MEMBERSHIP_COLUMNS,
        unread: sql<number>`(select count(*)::int from ${notifications} n
                            where n.organization_id = ${memberships.organizationId} and n.user_id = ${users.id} and n.read_at is null)`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(and(eq(sessions.tokenHash, sha256Hex(token)), gt(sessions.expiresAt, clock.now())))
      .orderBy(asc(organizations.name)),
  );
  const active = rows.find((r) => r.organizationId === r.activeOrganizationId) ?? rows[0];
  if (!active) return null;
  const tenantId = active.role === "tenant_member" ? active.tenantId : null;
  return {
    sessionId: active.sessionId,
    user: active.user,
    organization: { id: active.organizationId, slug: active.slug, name: active.name },
    membership: { id: active.membershipId, role: active.role, tenantId },
    memberships: rows.map(({ organizationId, slug, name, role }) => ({ organizationId, slug, name, role })),
    ability: defineAbilityFor({ role: active.role, organizationId: active.organizationId, tenantId }),
    scope: { organizationId: active.organizationId, tenantId },
    unreadNotifications: active.unread,
  };
}

export function membershipsOf(tx: Tx, userId: string) {
  return tx
    .select(MEMBERSHIP_COLUMNS)
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

/** The organisation the user last worked in, if still a member; otherwise the first one by name. */
async function organizationToOpen(tx: Tx, userId: string): Promise<string | null> {
  const choices = await membershipsOf(tx, userId);
  const [last] = await tx
    .select({ organizationId: sessions.activeOrganizationId })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.createdAt))
    .limit(1);
  const remembered = choices.find((c) => c.organizationId === last?.organizationId);
  return (remembered ?? choices[0])?.organizationId ?? null;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
/** What a page may say about the current organisation: its name and id, never its settings or counters. */
export function organizationShown(auth: Pick<Auth, "organization">) {
  return { id: auth.organization.id, name: auth.organization.name };
}

export async function requireAuth(request: Request, context: AppLoadContext): Promise<Auth> {
  const auth = await getAuth(request, context.db);
  if (auth) return auth;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound(): Response {
  return new Response("Not found", { status: 404, statusText: "Not Found" });
}

/** Answers 403 unless the ability allows `action` on the subject (a type name or a tagged record). */
export function requirePermission(auth: Auth, action: Action, target: Parameters<AppAbility["can"]>[1]): void {
  if (!auth.ability.can(action, target)) throw forbidden();
}

export const permissionFor = (auth: Auth, action: Action, name: SubjectName) => auth.ability.can(action, name);

/** Runs `work` in one transaction with row-level security set to the signed-in membership. */
export function scoped<T>(context: AppLoadContext, auth: Auth, work: (tx: Tx) => Promise<T>) {
  return withScope(context.db, auth.scope, work);
}

export type SignInResult =
  { ok: true; setCookie: string; userId: string; locale: Locale | null } | { ok: false; reason: "throttled" | "invalid" | "noAccess" };

export async function signIn(db: Db, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, locale: users.locale })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const check = await checkPasswordThrottled(db, { email, ip: input.ip }, () =>
    user?.passwordHash ? verifyPassword(user.passwordHash, input.password) : verifyAgainstDummy(input.password),
  );
  if (check === "throttled") return { ok: false, reason: "throttled" };
  if (check === "invalid" || !user) return { ok: false, reason: "invalid" };
  return withSystem(db, async (tx) => {
    const organizationId = await organizationToOpen(tx, user.id);
    if (!organizationId) return { ok: false, reason: "noAccess" } as const;
    const setCookie = await createSession(tx, user.id, organizationId);
    return { ok: true, setCookie, userId: user.id, locale: isLocale(user.locale) ? user.locale : null };
  });
}

export { hashPassword };
