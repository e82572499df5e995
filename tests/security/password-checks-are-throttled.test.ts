import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAttempts } from "../../db/schema";
import { signIn } from "../../app/auth/auth.server";
import { CSRF_COOKIE, issueCsrfCookieValue } from "../../app/auth/csrf.server";
import { checkPasswordThrottled, MAX_FAILURES } from "../../app/auth/throttle.server";
import * as login from "../../app/routes/login";
import { createTestDatabase, type TestDatabase } from "../db";
import { createMember, createOrganization, PASSWORD, statusOf, testContext } from "../factories";

let database: TestDatabase;
let orgId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
});
afterAll(() => database?.destroy());

const failuresOf = async (email: string, ip: string) =>
  (
    await database.db
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false)))
  ).length;

function loginPost(fields: Record<string, string>) {
  const csrf = issueCsrfCookieValue();
  const body = new URLSearchParams({ ...fields, csrf: csrf.token });
  return new Request("http://localhost/login", {
    method: "POST",
    headers: { Cookie: `${CSRF_COOKIE}=${csrf.value}`, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

describe("password checks are throttled", () => {
  it(`20 concurrent wrong attempts check the password at most ${MAX_FAILURES} times`, async () => {
    let checks = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        checkPasswordThrottled(database.db, { email: "someone@example.com", ip: "10.1.0.1" }, async () => {
          checks += 1;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return false;
        }),
      ),
    );
    expect(checks).toBe(MAX_FAILURES);
    expect(outcomes.filter((o) => o === "invalid")).toHaveLength(MAX_FAILURES);
    expect(outcomes.filter((o) => o === "throttled")).toHaveLength(20 - MAX_FAILURES);
  });

  it(`20 concurrent wrong sign-ins record ${MAX_FAILURES} failures, and the right password is then refused`, async () => {
    const { user } = await createMember(database.db, orgId, "legal");
    const ip = "10.1.0.2";
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(database.db, { email: user.email, password: `wrong-password-${i}`, ip })),
    );
    expect(outcomes.filter((o) => !o.ok && o.reason === "invalid")).toHaveLength(MAX_FAILURES);
    expect(outcomes.filter((o) => !o.ok && o.reason === "throttled")).toHaveLength(20 - MAX_FAILURES);
    expect(await failuresOf(user.email, ip)).toBe(MAX_FAILURES);
    expect(await signIn(database.db, { email: user.email, password: PASSWORD, ip })).toEqual({ ok: false, reason: "throttled" });
  });

  it("a right password clears the failures of its address", async () => {
    const { user } = await createMember(database.db, orgId, "legal");
    const ip = "10.1.0.3";
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) await signIn(database.db, { email: user.email, password: `wrong-${i}-password`, ip });
    expect((await signIn(database.db, { email: user.email, password: PASSWORD, ip })).ok).toBe(true);
    expect(await failuresOf(user.email, ip)).toBe(0);
  });

  it("the sign-in route answers 429 once the address has spent its attempts", async () => {
    const { user } = await createMember(database.db, orgId, "auditor");
    const context = { ...testContext(database.db), clientIp: "10.1.0.4" };
    const statuses: number[] = [];
    for (let i = 0; i <= MAX_FAILURES; i += 1) {
      statuses.push(
        await statusOf(() =>
          login.action({ request: loginPost({ email: user.email, password: `guess-${i}-password` }), context, params: {} }),
        ),
      );
    }
    expect(statuses).toEqual([...Array(MAX_FAILURES).fill(401), 429]);
  });

  it("verifyPassword is called only where the throttle wraps it", () => {
    const root = path.resolve(__dirname, "../../app");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(full);
      }
    };
    walk(root);
    const callers = files
      .filter((file) => /\bverifyPassword\(|\bverifyAgainstDummy\(|@node-rs\/argon2/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(root, file))
      .sort();
    // password.server.ts defines them; auth.server.ts calls them inside checkPasswordThrottled (signIn).
    expect(callers).toEqual(["auth/auth.server.ts", "auth/password.server.ts"]);
    expect(readFileSync(path.join(root, "auth/auth.server.ts"), "utf8")).toMatch(
      /checkPasswordThrottled\([^)]*\(\) =>\s*\n?\s*user\?\.passwordHash \? verifyPassword/,
    );
  });
});
