// Issue 14, open redirect after sign-in: a user-supplied destination (`redirectTo` on the sign-in and language
// forms) only ever leads to a path of this app, as a browser reads the Location header (tabs and newlines dropped,
// "\" read as "/"), whatever the string.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_COOKIE, issueCsrfCookieValue } from "../../app/auth/csrf.server";
import { safeRedirect } from "../../app/auth/safe-redirect";
import * as login from "../../app/routes/login";
import * as setLanguage from "../../app/routes/set-language";
import { createTestDatabase, type TestDatabase } from "../db";
import { createMember, createOrganization, PASSWORD, testContext } from "../factories";

const ORIGIN = "https://attest.example.com";

/** Every way a browser may read the Location value: as sent, without tabs and newlines, "\" as "/", decoded once. */
function readings(location: string): string[] {
  const stripped = location.replace(/[\t\n\r]/g, "");
  const out = [location, stripped, stripped.replace(/\\/g, "/")];
  try {
    out.push(decodeURIComponent(location));
  } catch {
    // not decodable: nothing more to read
  }
  return out;
}

function expectSameOrigin(result: string) {
  expect(result.startsWith("/")).toBe(true);
  expect(result.startsWith("//")).toBe(false);
  for (const reading of readings(result)) expect(new URL(reading, ORIGIN).origin, JSON.stringify(reading)).toBe(ORIGIN);
  expect(() => new Headers({ Location: result })).not.toThrow();
  expect(safeRedirect(result)).toBe(result);
}

const PIECES = [
  "/",
  "\\",
  "//",
  "/\\",
  "\\/",
  "%09",
  "%0a",
  "%0A",
  "%0d",
  "%00",
  "\t",
  "\n",
  "\r\n",
  "\u0000",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%252f",
  "%",
  ".",
  "..",
  "./",
  "../",
  "@",
  ":",
  "?",
  "#",
  "evil.example",
  "evil.example:443",
  "attest.example.com",
  "user:pass@",
  "http:",
  "https:",
  "javascript:",
  "data:",
  "\u3002",
  "\uff0f",
  "\uff3c",
  "\u2215",
  "\u2044",
  "é",
  "\u200b",
  "\ufeff",
  " ",
];
const dangerous = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3, unit: "binary" })), { maxLength: 12 })
  .map((parts) => parts.join(""));

describe("safeRedirect", () => {
  it("always answers a path that every browser reading resolves to this origin", () => {
    fc.assert(
      fc.property(dangerous, (value) => expectSameOrigin(safeRedirect(value))),
      { numRuns: 4_000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: "binary" }), (value) => expectSameOrigin(safeRedirect(value))),
      { numRuns: 2_000 },
    );
  });

  it("refuses the issue's examples and the classic bypasses", () => {
    for (const value of [
      "/\t/evil.example/",
      "/%09/evil.example/",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\\/evil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "/.//evil.example",
      "/..//evil.example",
      "/a/..//evil.example",
      "/%2F%2Fevil.example",
      "/%2f/evil.example",
      "/%5Cevil.example",
      "/%5c%5cevil.example",
      "\u0000//evil.example",
      " //evil.example",
      "/login\r\nSet-Cookie: x=1",
      "",
      "x".repeat(5000),
    ]) {
      expect(safeRedirect(value), JSON.stringify(value)).toBe("/");
    }
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(["/inventory"])).toBe("/");
  });

  it("keeps this app's own paths, queries and fragments", () => {
    for (const value of ["/", "/inventory?kind=site&page=2", "/audits/7f3e?show=all#item-a1", "/login?redirectTo=%2Faudit%3Fpage%3D2"]) {
      expect(safeRedirect(value)).toBe(value);
    }
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(segment), (segments, query) => {
        const path = `/${segments.join("/")}${query ? `?q=${query}` : ""}`;
        expect(safeRedirect(path)).toBe(path);
      }),
    );
  });
});

describe("through the real forms", () => {
  let database: TestDatabase;
  let email = "";
  beforeAll(async () => {
    database = await createTestDatabase();
    const organization = await createOrganization(database.db);
    email = (await createMember(database.db, organization.id, "admin")).user.email;
  }, 120_000);
  afterAll(() => database?.destroy());

  function post(path: string, fields: Record<string, string>) {
    const csrf = issueCsrfCookieValue();
    return new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { Cookie: `${CSRF_COOKIE}=${csrf.value}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, csrf: csrf.token }),
    });
  }

  // The query string of /login?redirectTo=/%09/evil… decodes to a tab, which the form echoes back.
  const HOSTILE = [
    "/\t/evil.example/",
    "/%09/evil.example/",
    "/\\evil.example",
    "//evil.example",
    "/.//evil.example",
    "/\r\n/evil.example",
  ];

  it("sign-in lands on this origin whatever redirectTo says, and keeps a real destination", async () => {
    for (const redirectTo of [...HOSTILE, "/inventory?kind=site"]) {
      const response = (await login.action({
        request: post("/login", { email, password: PASSWORD, redirectTo }),
        params: {},
        context: testContext(database.db),
      } as never)) as Response;
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      const location = response.headers.get("Location")!;
      expect(location, JSON.stringify(redirectTo)).toBe(redirectTo === "/inventory?kind=site" ? redirectTo : "/");
    }
  });

  it("the language switch does the same", async () => {
    for (const redirectTo of HOSTILE) {
      const response = (await setLanguage.action({
        request: post("/set-language", { locale: "fr", redirectTo }),
        params: {},
        context: testContext(database.db),
      } as never)) as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location"), JSON.stringify(redirectTo)).toBe("/");
    }
  });
});
