import { randomBytes } from "node:crypto";

/** A fresh nonce per response: the only inline scripts that run are the ones Remix rendered with it. */
export const newNonce = () => randomBytes(16).toString("base64");

/**
 * The headers every response carries. The Content-Security-Policy allows scripts from the app's origin and inline
 * ones bearing the response's nonce; styles from the origin (inline style attributes too: React sets some); no
 * plugins, no framing (frame-ancestors, and X-Frame-Options for old browsers), forms post to the app only. HSTS
 * only in production, where the app is served over HTTPS behind its proxy.
 */
export function securityHeaders(options: { nonce: string; production: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    options.production ? "connect-src 'self'" : "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(options.production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
