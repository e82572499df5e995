import { getConfig } from "../config/config.server";
import { sessionCookieName } from "./session.server";
import { hmac, randomToken, safeEqual } from "./tokens.server";
import { STALE_FORM, STALE_FORM_TEXT } from "../ui/stale-form";

// Two tokens, one per state of the browser, both compared in constant time with the one every form echoes:
// - before sign-in, a signed double-submit token: the cookie holds `token.signature`, the form carries `token` (the
//   server middleware issues the cookie on the first visit, so the sign-in form is protected too);
// - with a session cookie, an HMAC of that cookie: bound to this session, so a token read from another session (or
//   from before sign-in) is refused, and signing in (a new session cookie) rotates it.
// In production the cookies are `__Host-` prefixed (Secure, Path=/, no Domain): no sibling subdomain can set them.
export const CSRF_COOKIE = "attest_csrf";
export const CSRF_FIELD = "csrf";

/** The CSRF cookie's name: `__Host-attest_csrf` in production. */
export function csrfCookieName(production = getConfig().production): string {
  return production ? `__Host-${CSRF_COOKIE}` : CSRF_COOKIE;
}

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
    if (key === name) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token bound to a session cookie's value (the signed cookie as the browser holds it). */
export function sessionCsrfToken(sessionCookieValue: string, secret = getConfig().sessionSecret): string {
  return hmac(secret, `csrf-session:${sessionCookieValue}`);
}

/**
 * The token the forms of a request with these cookies must carry: bound to the session cookie when there is one,
 * otherwise the pre-sign-in cookie's token; null when neither cookie is there (or the CSRF cookie is forged).
 */
export function expectedCsrfToken(cookieHeader: string | null, secret = getConfig().sessionSecret): string | null {
  const session = readCookie(cookieHeader, sessionCookieName());
  if (session) return sessionCsrfToken(session, secret);
  return tokenFromCookieValue(readCookie(cookieHeader, csrfCookieName()), secret);
}

export class CsrfError extends Error {}

/**
 * Throws a 403 response unless the form carries the token bound to this browser (its session once signed in). A page
 * rendered before signing in or out elsewhere carries the other token: the error page says to reload it.
 */
export function assertCsrf(request: Request, formData: FormData): void {
  const expected = expectedCsrfToken(request.headers.get("Cookie"));
  const submitted = formData.get(CSRF_FIELD);
  if (!expected || typeof submitted !== "string" || !safeEqual(expected, submitted)) {
    throw new Response(STALE_FORM_TEXT, { status: 403, statusText: STALE_FORM, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
