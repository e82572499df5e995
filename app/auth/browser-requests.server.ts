// The express middleware in front of every page and form (not the JSON API): refuses what no page of this app
// sends — a cross-origin or opaque Origin, a body that is not a form — with a 4xx before Remix reads it, and gives
// every browser its CSRF cookie (see csrf.server.ts).
import type { NextFunction, Request, Response } from "express";
import { negotiateLocale } from "../i18n/locale.server";
import { csrfCookieName, expectedCsrfToken, issueCsrfCookieValue, readCookie, tokenFromCookieValue } from "./csrf.server";
import { translator } from "../i18n/i18n";
import type { MessageKey } from "../i18n/keys";

const REFUSAL_KEY = {
  crossOrigin: "requests.crossOrigin",
  formOnly: "requests.formOnly",
  malformedForm: "requests.malformedForm",
} as const satisfies Record<string, MessageKey>;

export type Refusal = { status: 400 | 403 | 415; reason: keyof typeof REFUSAL_KEY };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// What a <form> (and Remix's Form and fetchers, which send the same bodies) can submit.
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * Why a browser request is refused, or null. An Origin, when sent, must be this host's own: "null" (sandboxed
 * frames, some redirects) and anything that is not a URL are refused like another site. A body must be a form.
 */
export function refusalOf(request: { method: string; origin?: string; host?: string; contentType?: string }): Refusal | null {
  const method = request.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return null;
  if (request.origin !== undefined && !sameHost(request.origin, request.host)) return { status: 403, reason: "crossOrigin" };
  if (SAFE_METHODS.has(method)) return null;
  const [type = "", ...parameters] = (request.contentType ?? "").split(";").map((part) => part.trim());
  if (!FORM_TYPES.has(type.toLowerCase())) return { status: 415, reason: "formOnly" };
  if (type.toLowerCase() === "multipart/form-data" && !parameters.some((p) => /^boundary=./i.test(p))) {
    return { status: 400, reason: "malformedForm" };
  }
  return null;
}

function sameHost(origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && host !== undefined && url.host === host.toLowerCase();
}

export function refusalText(refusal: Refusal, acceptLanguage: string | undefined): string {
  return translator(negotiateLocale(acceptLanguage ?? null))(REFUSAL_KEY[refusal.reason]);
}

/** The middleware: skips the API (bearer tokens, which a browser never sends by itself), refuses, issues the cookie. */
export function browserRequests(options: { production: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith("/api/")) return next();
    const refusal = refusalOf({
      method: req.method,
      origin: req.get("origin"),
      host: req.get("host"),
      contentType: req.get("content-type"),
    });
    if (refusal) {
      res
        .status(refusal.status)
        .type("text/plain")
        .send(refusalText(refusal, req.get("accept-language")));
      return;
    }
    // The pre-sign-in cookie is issued to every browser (it serves again after sign-out); the forms carry the token
    // bound to the session when there is one.
    const cookies = req.get("cookie") ?? null;
    const name = csrfCookieName(options.production);
    let preSignIn = tokenFromCookieValue(readCookie(cookies, name));
    if (!preSignIn) {
      const issued = issueCsrfCookieValue();
      preSignIn = issued.token;
      res.cookie(name, issued.value, { httpOnly: true, sameSite: "lax", secure: options.production, path: "/" });
    }
    res.locals.csrfToken = expectedCsrfToken(cookies) ?? preSignIn;
    next();
  };
}
