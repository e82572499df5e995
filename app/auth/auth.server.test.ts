import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, notifications, sessions, users } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createMember, createOrganization, createTenant, PASSWORD } from "../../tests/factories";
import { getAuth, signIn } from "./auth.server";
import { MAX_FAILURES } from "./throttle.server";

let database: TestDatabase;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
});
afterAll(() => database?.destroy());

function requestWith(setCookie: string) {
  return new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0]! } });
}

describe("sign-in", () => {
  it("signs in with the right password, case-insensitively on the email, and builds the ability", async () => {
    const { user } = await createMember(database.db, orgId, "compliance_officer");
    const outcome = await signIn(database.db, { email: user.email.toUpperCase(), password: PASSWORD, ip: "10.0.0.1" });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.setCookie).toMatch(/HttpOnly/i);
    expect(outcome.setCookie).toMatch(/SameSite=Lax/i);
    const auth = await getAuth(requestWith(outcome.setCookie), database.db);
    expect(auth?.user.id).toBe(user.id);
    expect(auth?.membership.role).toBe("compliance_officer");
    expect(auth?.ability.can("update", "Control")).toBe(true);
    expect(auth?.ability.can("create", "Membership")).toBe(false);
  });

  it("counts the user's unread notifications in the active organisation only", async () => {
    const { user } = await createMember(database.db, orgId, "compliance_officer");
    const elsewhere = (await createOrganization(database.db)).id;
    await database.db.insert(memberships).values({ userId: user.id, organizationId: elsewhere, role: "compliance_officer" });
    const other = (await createMember(database.db, orgId, "compliance_officer")).user;
    const notice = (organizationId: string, userId: string, key: string, readAt: Date | null = null) => ({
      organizationId,
      userId,
      kind: "permit_expiry" as const,
      deadlineKey: key,
      threshold: "30" as const,
      title: key,
      dueOn: "2027-01-01",
      link: "/permits",
      readAt,
    });
    await database.db
      .insert(notifications)
      .values([
        notice(orgId, user.id, "a"),
        notice(orgId, user.id, "b"),
        notice(orgId, user.id, "c", new Date()),
        notice(elsewhere, user.id, "d"),
        notice(orgId, other.id, "e"),
      ]);
    const outcome = await signIn(database.db, { email: user.email, password: PASSWORD, ip: "10.0.0.9" });
    if (!outcome.ok) throw new Error("sign-in failed");
    const [session] = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    await database.db.update(sessions).set({ activeOrganizationId: orgId }).where(eq(sessions.id, session!.id));
    expect((await getAuth(requestWith(outcome.setCookie), database.db))?.unreadNotifications).toBe(2);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const { user } = await createMember(database.db, orgId, "legal");
    expect(await signIn(database.db, { email: user.email, password: "wrong-password-1", ip: "10.0.0.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(database.db, { email: "nobody@example.com", password: PASSWORD, ip: "10.0.0.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it(`throttles an email from one address after ${MAX_FAILURES} failures, even with the right password`, async () => {
    const { user } = await createMember(database.db, orgId, "auditor");
    for (let i = 0; i < MAX_FAILURES; i += 1) {
      await signIn(database.db, { email: user.email, password: `wrong-${i}-password`, ip: "10.0.0.3" });
    }
    expect(await signIn(database.db, { email: user.email, password: PASSWORD, ip: "10.0.0.3" })).toEqual({
      ok: false,
      reason: "throttled",
    });
    // Another address is not locked out by the first one's failures.
    expect((await signIn(database.db, { email: user.email, password: PASSWORD, ip: "10.0.0.4" })).ok).toBe(true);
  });

  it("refuses a user who belongs to no organisation", async () => {
    const { user, membership } = await createMember(database.db, orgId, "legal");
    await database.db.delete(memberships).where(eq(memberships.id, membership.id));
    expect(await signIn(database.db, { email: user.email, password: PASSWORD, ip: "10.0.0.5" })).toEqual({
      ok: false,
      reason: "noAccess",
    });
  });

  it("forgets expired sessions and scopes tenant members to their tenant", async () => {
    const tenant = await createTenant(database.db, orgId);
    const { user } = await createMember(database.db, orgId, "tenant_member", { tenantId: tenant.id });
    const outcome = await signIn(database.db, { email: user.email, password: PASSWORD, ip: "10.0.0.6" });
    if (!outcome.ok) throw new Error("sign-in failed");
    const auth = await getAuth(requestWith(outcome.setCookie), database.db);
    expect(auth?.scope).toEqual({ organizationId: orgId, tenantId: tenant.id });
    await database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id));
    expect(await getAuth(requestWith(outcome.setCookie), database.db)).toBeNull();
  });

  it("brings back the language the user chose last time", async () => {
    const { user } = await createMember(database.db, orgId, "auditor");
    await database.db.update(users).set({ locale: "fr" }).where(eq(users.id, user.id));
    const outcome = await signIn(database.db, { email: user.email, password: PASSWORD, ip: "10.0.0.7" });
    expect(outcome).toMatchObject({ ok: true, locale: "fr" });
  });

  it("ignores a forged or missing session cookie", async () => {
    expect(await getAuth(new Request("http://localhost/"), database.db)).toBeNull();
    expect(await getAuth(requestWith("attest_session=forged"), database.db)).toBeNull();
  });
});
