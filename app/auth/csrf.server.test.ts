import { describe, expect, it } from "vitest";
import { assertCsrf, CSRF_COOKIE, issueCsrfCookieValue, tokenFromCookieValue } from "./csrf.server";

function post(cookie: string | null, field: string | null) {
  const form = new FormData();
  if (field !== null) form.set("csrf", field);
  const headers = cookie ? { Cookie: `${CSRF_COOKIE}=${cookie}` } : undefined;
  return { request: new Request("http://x/", { method: "POST", headers }), form };
}

async function statusOf(fn: () => void): Promise<number | "ok"> {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("CSRF", () => {
  const { token, value } = issueCsrfCookieValue("s".repeat(32));

  it("reads back only tokens signed with the secret", () => {
    expect(tokenFromCookieValue(value, "s".repeat(32))).toBe(token);
    expect(tokenFromCookieValue(value, "t".repeat(32))).toBeNull();
    expect(tokenFromCookieValue(`${token}.forged`, "s".repeat(32))).toBeNull();
    expect(tokenFromCookieValue(undefined)).toBeNull();
  });

  it("accepts a form echoing the cookie's token and refuses the rest with 403", async () => {
    const { token: t, value: v } = issueCsrfCookieValue();
    const ok = post(v, t);
    expect(await statusOf(() => assertCsrf(ok.request, ok.form))).toBe("ok");
    const missingField = post(v, null);
    expect(await statusOf(() => assertCsrf(missingField.request, missingField.form))).toBe(403);
    const missingCookie = post(null, t);
    expect(await statusOf(() => assertCsrf(missingCookie.request, missingCookie.form))).toBe(403);
    const other = issueCsrfCookieValue();
    const mismatch = post(v, other.token);
    expect(await statusOf(() => assertCsrf(mismatch.request, mismatch.form))).toBe(403);
  });
});
