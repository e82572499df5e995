// Issue 14 (low): a CSRF token is bound to the session it was rendered for — a token from another session, or from
// before sign-in, is refused once signed in, and signing in rotates it — and in production every cookie is
// `__Host-` prefixed (Secure, Path=/, no Domain), so a sibling subdomain cannot plant one.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserRequests } from "../../app/auth/browser-requests.server";
import { CSRF_COOKIE, csrfCookieName, expectedCsrfToken, issueCsrfCookieValue } from "../../app/auth/csrf.server";
import { sessionCookieName } from "../../app/auth/session.server";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { STALE_FORM } from "../../app/ui/stale-form";
import * as switchOrganization from "../../app/routes/switch-organization";
import { createTestDatabase, type TestDatabase } from "../db";
import { createMember, createOrganization, PASSWORD, statusOf, testContext } from "../factories";

let database: TestDatabase;
const first = { email: "", organizationId: "" };
const second = { email: "", organizationId: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  for (const who of [first, second]) {
    const organization = await createOrganization(database.db);
    who.organizationId = organization.id;
    who.email = (await createMember(database.db, organization.id, "admin")).user.email;
  }
}, 120_000);
afterAll(() => database?.destroy());

const form = (cookie: string, fields: Record<string, string>) =>
  new Request("http://localhost/x", {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

/** Signs in through the real sign-in form with a pre-sign-in token; answers the browser's cookies afterwards. */
async function signInThroughTheForm(email: string) {
  const preSignIn = issueCsrfCookieValue();
  const before = `${CSRF_COOKIE}=${preSignIn.value}`;
  const response = (await login.action({
    request: form(before, { email, password: PASSWORD, csrf: preSignIn.token }),
    params: {},
    context: testContext(database.db),
  } as never)) as Response;
  expect(response.status).toBe(302);
  const session = response.headers
    .getSetCookie()
    .find((c) => c.startsWith("attest_session="))!
    .split(";")[0]!;
  return { preSignInToken: preSignIn.token, cookies: `${before}; ${session}` };
}

const switchTo = (cookies: string, csrf: string, organizationId: string) =>
  statusOf(() =>
    switchOrganization.action({ request: form(cookies, { csrf, organizationId }), params: {}, context: testContext(database.db) } as never),
  );

describe("CSRF tokens are bound to the session", () => {
  it("signing in rotates the token: the pre-sign-in one no longer passes, the session's does", async () => {
    const browser = await signInThroughTheForm(first.email);
    const bound = expectedCsrfToken(browser.cookies)!;
    expect(bound).not.toBe(browser.preSignInToken);
    expect(await switchTo(browser.cookies, browser.preSignInToken, first.organizationId)).toBe(403);
    expect(await switchTo(browser.cookies, bound, first.organizationId)).toBe(302);
  });

  it("a token rendered for another session is refused, even with the same pre-sign-in cookie", async () => {
    const victim = await signInThroughTheForm(first.email);
    const attacker = await signInThroughTheForm(second.email);
    const attackersToken = expectedCsrfToken(attacker.cookies)!;
    expect(await switchTo(victim.cookies, attackersToken, first.organizationId)).toBe(403);
    // The same CSRF cookie in both browsers changes nothing: the session decides.
    const sharedCsrf = victim.cookies.split("; ")[0]!;
    const attackerWithVictimsCsrfCookie = `${sharedCsrf}; ${attacker.cookies.split("; ")[1]!}`;
    expect(await switchTo(victim.cookies, expectedCsrfToken(attackerWithVictimsCsrfCookie)!, first.organizationId)).toBe(403);
    expect(await switchTo(victim.cookies, expectedCsrfToken(victim.cookies)!, first.organizationId)).toBe(302);
  });

  it("the pages render the session's token (the middleware's csrfToken), and the sign-in form keeps its own", async () => {
    const app = express();
    app.use(browserRequests({ production: false }));
    app.get("*", (_req, res) => void res.json({ csrfToken: res.locals.csrfToken as string }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const anonymous = await fetch(`${base}/login`);
      const issued = anonymous.headers.getSetCookie()[0]!.split(";")[0]!;
      expect(issued.startsWith(`${CSRF_COOKIE}=`)).toBe(true);
      const { csrfToken: loginToken } = (await anonymous.json()) as { csrfToken: string };
      expect(loginToken).toBe(expectedCsrfToken(issued));

      const browser = await signInThroughTheForm(first.email);
      const page = await fetch(`${base}/`, { headers: { Cookie: browser.cookies } });
      const { csrfToken } = (await page.json()) as { csrfToken: string };
      expect(csrfToken).toBe(expectedCsrfToken(browser.cookies));
      expect(await switchTo(browser.cookies, csrfToken, first.organizationId)).toBe(302);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a stale form is refused as stale (the page says to reload it); signing out when signed out has nothing to refuse", async () => {
    const browser = await signInThroughTheForm(second.email);
    const signOut = (cookies: string, csrf: string) =>
      logout.action({ request: form(cookies, { csrf }), params: {}, context: testContext(database.db) } as never);
    // Signed in, the page rendered before sign-in (another window's) is refused, and says why.
    const refused = await Promise.resolve(signOut(browser.cookies, browser.preSignInToken)).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect((refused as Response).statusText).toBe(STALE_FORM);
    // With the session's own token it signs out; a second sign-out (the other window) just goes to the sign-in page.
    const out = (await signOut(browser.cookies, expectedCsrfToken(browser.cookies)!)) as Response;
    expect(out.headers.get("Location")).toBe("/login");
    const signedOut = browser.cookies
      .split("; ")
      .filter((c) => !c.startsWith(`${sessionCookieName()}=`))
      .join("; ");
    const again = (await signOut(signedOut, "stale-token")) as Response;
    expect([again.status, again.headers.get("Location")]).toEqual([302, "/login"]);
  });
});

describe("cookie names in production", () => {
  it("are __Host- prefixed, and the middleware sets its cookie Secure, Path=/ and without Domain", async () => {
    expect(sessionCookieName(true)).toBe("__Host-attest_session");
    expect(csrfCookieName(true)).toBe("__Host-attest_csrf");
    expect(sessionCookieName(false)).toBe("attest_session");

    const app = express();
    app.use(browserRequests({ production: true }));
    app.get("*", (_req, res) => void res.send("ok"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/login`);
      const [cookie] = response.headers.getSetCookie();
      expect(cookie).toMatch(/^__Host-attest_csrf=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
