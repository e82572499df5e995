import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { memberships, sessions } from "../../db/schema";
import { CSRF_COOKIE, issueCsrfCookieValue } from "../../app/auth/csrf.server";
import { createInvitation } from "../../app/members/invitations.server";
import * as invitePage from "../../app/routes/invite.$token";
import { createTestDatabase, type TestDatabase } from "../db";
import { browserFor, createMember, createOrganization, PASSWORD, testContext } from "../factories";

let database: TestDatabase;
let orgId = "";
let adminId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db, "Attacker Org")).id;
  adminId = (await createMember(database.db, orgId, "admin")).user.id;
});
afterAll(() => database?.destroy());

async function invite(email: string) {
  const outcome = await withScope(database.db, { organizationId: orgId, tenantId: null }, (tx) =>
    createInvitation(tx, {
      organizationId: orgId,
      actor: { userId: adminId, label: "admin" },
      input: { email, role: "auditor" } as never,
    }),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.value.token;
}

function anonymousPost(token: string, fields: Record<string, string>) {
  const csrf = issueCsrfCookieValue();
  return new Request(`http://localhost/invite/${token}`, {
    method: "POST",
    headers: { Cookie: `${CSRF_COOKIE}=${csrf.value}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrf: csrf.token }),
  });
}

async function run(token: string, request: Request) {
  try {
    const result = await invitePage.action({ request, params: { token }, context: testContext(database.db) });
    return result instanceof Response
      ? result
      : new Response(JSON.stringify((result as { data: unknown }).data), (result as { init: ResponseInit }).init);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const sessionsOf = async (userId: string) => (await database.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
const orgsOf = async (userId: string) =>
  (await database.db.select().from(memberships).where(eq(memberships.userId, userId))).map((m) => m.organizationId);

describe("the invitation page never checks a password", () => {
  it("shows an anonymous visitor the same page whether or not the invited address has an account", async () => {
    const victim = await createMember(database.db, (await createOrganization(database.db)).id, "admin");
    const forExisting = await invite(victim.user.email);
    const forNew = await invite("nobody-yet@example.com");
    const load = async (token: string) => {
      const loaded = await invitePage.loader({
        request: new Request(`http://localhost/invite/${token}`),
        params: { token },
        context: testContext(database.db),
      });
      // Normalise what differs by construction: the address, the invitation's id and its token.
      return JSON.parse(
        JSON.stringify(loaded)
          .replaceAll(token, "TOKEN")
          .replaceAll(loaded.invitation.email, "EMAIL")
          .replaceAll(loaded.invitation.id, "ID"),
      ) as unknown;
    };
    const existingPage = await load(forExisting);
    expect(existingPage).toEqual(await load(forNew));
    expect(existingPage).toMatchObject({ signedInAs: null, loginHref: "/login?redirectTo=%2Finvite%2FTOKEN" });
    expect(JSON.stringify(existingPage)).not.toMatch(/existing/i);
  });

  it("10 password guesses, then the right one, get no session and no membership for an existing account", async () => {
    const victim = await createMember(database.db, (await createOrganization(database.db)).id, "admin");
    const token = await invite(victim.user.email);
    const guesses = [...Array.from({ length: 10 }, (_, i) => `guess-number-${i}-pw`), PASSWORD];
    for (const password of guesses) {
      const response = await run(token, anonymousPost(token, { password }));
      expect(response.headers.get("Set-Cookie")).toBeNull();
      expect(response.status).toBe(400);
    }
    // The new-account form with the victim's address: refused without a word about the password, nothing changed.
    const asNew = await run(token, anonymousPost(token, { name: "Mallory", password: PASSWORD, confirmPassword: PASSWORD }));
    expect(asNew.status).toBe(400);
    expect(asNew.headers.get("Set-Cookie")).toBeNull();
    expect(await asNew.text()).toContain("invite.signInToAccept");
    const other = await run(
      token,
      anonymousPost(token, {
        name: "Mallory",
        password: "wrong-but-strong-Passphrase-93",
        confirmPassword: "wrong-but-strong-Passphrase-93",
      }),
    );
    expect(await other.text()).toContain("invite.signInToAccept");
    expect(await sessionsOf(victim.user.id)).toBe(0);
    expect(await orgsOf(victim.user.id)).not.toContain(orgId);
  });

  it("an anonymous one-click accept goes to the sign-in page", async () => {
    const victim = await createMember(database.db, (await createOrganization(database.db)).id, "legal");
    const token = await invite(victim.user.email);
    const response = await run(token, anonymousPost(token, { intent: "accept", password: PASSWORD }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
    expect(await orgsOf(victim.user.id)).not.toContain(orgId);
  });

  it("the invited user accepts in one click once signed in; another signed-in user is refused", async () => {
    const victimOrg = (await createOrganization(database.db)).id;
    const victim = await createMember(database.db, victimOrg, "legal");
    const someoneElse = await createMember(database.db, victimOrg, "legal");
    const token = await invite(victim.user.email);
    const elsewhere = await browserFor(database.db, someoneElse.user.email);
    const refused = await run(token, elsewhere.post(`/invite/${token}`, { intent: "accept" }));
    expect(refused.status).toBe(403);
    expect(await orgsOf(someoneElse.user.id)).not.toContain(orgId);
    const browser = await browserFor(database.db, victim.user.email);
    const withoutCsrf = run(token, browser.post(`/invite/${token}`, { intent: "accept" }, { withCsrf: false }));
    await expect(withoutCsrf.then((r) => r.status)).resolves.toBe(403);
    const accepted = await run(token, browser.post(`/invite/${token}`, { intent: "accept" }));
    expect(accepted.status).toBe(302);
    expect(await orgsOf(victim.user.id)).toContain(orgId);
  });

  it("a new address still creates its account and is signed in", async () => {
    const token = await invite("brand.new@example.com");
    const response = await run(
      token,
      anonymousPost(token, { name: "Brand New", password: "a-much-longer-passphrase-7", confirmPassword: "a-much-longer-passphrase-7" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
  });
});
