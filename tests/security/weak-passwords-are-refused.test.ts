import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { users } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo.server";
import { signIn } from "../../app/auth/auth.server";
import { CSRF_COOKIE, issueCsrfCookieValue } from "../../app/auth/csrf.server";
import { hashPassword } from "../../app/auth/password.server";
import { PASSWORD_MIN } from "../../app/auth/password-rules";
import { PASSWORD_WARNINGS, passwordWeaknesses } from "../../app/auth/password-strength.server";
import { createInvitation } from "../../app/members/invitations.server";
import * as invitePage from "../../app/routes/invite.$token";
import en from "../../app/i18n/locales/en";
import fr from "../../app/i18n/locales/fr";
import { createTestDatabase, type TestDatabase } from "../db";
import { createMember, createOrganization, PASSWORD, testContext } from "../factories";

let database: TestDatabase;
let orgId = "";
let adminId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  adminId = (await createMember(database.db, orgId, "admin")).user.id;
});
afterAll(() => database?.destroy());

async function invite(email: string) {
  const outcome = await withScope(database.db, { organizationId: orgId, tenantId: null }, (tx) =>
    createInvitation(tx, { organizationId: orgId, actor: { userId: adminId, label: "admin" }, input: { email, role: "auditor" } as never }),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.value.token;
}

async function submitNewAccount(token: string, name: string, password: string) {
  const csrf = issueCsrfCookieValue();
  const request = new Request(`http://localhost/invite/${token}`, {
    method: "POST",
    headers: { Cookie: `${CSRF_COOKIE}=${csrf.value}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password, confirmPassword: password, csrf: csrf.token }),
  });
  const result = await invitePage.action({ request, params: { token }, context: testContext(database.db) });
  if (result instanceof Response) return { status: result.status, errors: {} as Record<string, string[]> };
  const { data, init } = result as unknown as { data: { result: { error?: Record<string, string[]> } }; init: { status: number } };
  return { status: init.status, errors: data.result.error ?? {} };
}

const translate = (messages: unknown, key: string) =>
  key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);

describe("weak passwords are refused", () => {
  it("refuses common and guessable passwords of 12 characters or more, naming the password field", async () => {
    for (const weak of ["password1234", "azertyuiop123", "qwerty123456", "motdepasse2024", "111111111111a"]) {
      expect(weak.length).toBeGreaterThanOrEqual(PASSWORD_MIN);
      expect(passwordWeaknesses(weak, ["someone@example.com"]), weak).toContain("validation.passwordWeak");
    }
    const token = await invite("weak.one@example.com");
    const refused = await submitNewAccount(token, "Weak One", "password1234");
    expect(refused.status).toBe(400);
    expect(refused.errors.password).toContain("validation.passwordWeak");
    expect(await database.db.select().from(users).where(eq(users.email, "weak.one@example.com"))).toHaveLength(0);
  });

  it("counts the person's own address and name as guessable", () => {
    expect(passwordWeaknesses("jean.dupont@example.com1", ["jean.dupont@example.com", "Jean Dupont"])).toEqual([
      "validation.passwordWeak",
      "validation.passwordWarnings.userInputs",
    ]);
    for (const guessable of ["jeandupont12", "jean.dupont2026", "dupontjean1990"]) {
      expect(passwordWeaknesses(guessable, ["jean.dupont@example.com", "Jean Dupont"]), guessable).toContain("validation.passwordWeak");
    }
  });

  it("still refuses passwords shorter than 12 characters", async () => {
    const token = await invite("short.one@example.com");
    const refused = await submitNewAccount(token, "Short One", "xK9#qT2!vb");
    expect(refused.errors.password).toContain("validation.passwordTooShort");
  });

  it("accepts a strong passphrase", async () => {
    const token = await invite("strong.one@example.com");
    expect((await submitNewAccount(token, "Strong One", "a-much-longer-passphrase-7")).status).toBe(302);
  });

  it("has every message in both languages", () => {
    for (const key of ["validation.passwordWeak", ...PASSWORD_WARNINGS.map((w) => `validation.passwordWarnings.${w}`)]) {
      expect(typeof translate(en, key), `en ${key}`).toBe("string");
      expect(typeof translate(fr, key), `fr ${key}`).toBe("string");
    }
    expect(translate(en, "validation.passwordWeak")).toMatch(/^Password/);
    expect(translate(fr, "validation.passwordWeak")).toMatch(/^Mot de passe/);
  });

  it("the demo's and the tests' passwords pass the rule, and the demo password still signs in (sign-in never applies it)", async () => {
    expect(passwordWeaknesses(DEMO_PASSWORD, ["admin@helios.example"])).toEqual([]);
    expect(passwordWeaknesses(PASSWORD, [])).toEqual([]);
    const weakHash = await hashPassword("password1234");
    const { user } = await createMember(database.db, orgId, "legal");
    await database.db
      .update(users)
      .set({ passwordHash: await hashPassword(DEMO_PASSWORD) })
      .where(eq(users.id, user.id));
    expect((await signIn(database.db, { email: user.email, password: DEMO_PASSWORD, ip: "10.2.0.1" })).ok).toBe(true);
    // An account whose old password predates the rule still signs in with it.
    await database.db.update(users).set({ passwordHash: weakHash }).where(eq(users.id, user.id));
    expect((await signIn(database.db, { email: user.email, password: "password1234", ip: "10.2.0.2" })).ok).toBe(true);
  });
});
