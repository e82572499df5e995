import { getConfig } from "../config/config.server";
import { hmac, randomToken, safeEqual } from "./tokens.server";

// Signed double-submit token: the cookie holds `token.signature`, every form echoes `token`.
// The server middleware issues the cookie on the first visit, so the sign-in form is protected too.
export const CSRF_COOKIE = "attest_csrf";
export const CSRF_FIELD = "csrf";

export function issueCsrfCookieValue(secret = getConfig().sessionSecret): { token: string; value: string } {
  const token = randomToken();
  return { token, value: `${token}.${hmac(secret, token)}` };
}

export function tokenFromCookieValue(value: string | undefined, secret = getConfig().sessionSecret) {
  if (!value) return null;
  const [token, signature] = value.split(".");
  if (!token || !signature) return null;
  return safeEqual(signature, hmac(secret, token)) ? token : null;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export class CsrfError extends Error {}

/** Throws a 403 response unless the form carries the token bound to this browser. */
export function assertCsrf(request: Request, formData: FormData): void {
  const expected = tokenFromCookieValue(readCookie(request.headers.get("Cookie"), CSRF_COOKIE));
  const submitted = formData.get(CSRF_FIELD);
  if (!expected || typeof submitted !== "string" || !safeEqual(expected, submitted)) {
    throw new Response("Invalid or missing CSRF token", { status: 403, statusText: "CSRF" });
  }
}
