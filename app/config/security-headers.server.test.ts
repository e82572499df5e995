import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders } from "./security-headers.server";

describe("security headers", () => {
  it("allow inline scripts only with this response's nonce, forbid framing, and add HSTS in production only", () => {
    const nonce = newNonce();
    const production = securityHeaders({ nonce, production: true });
    expect(production["Content-Security-Policy"]).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(production["Content-Security-Policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(production["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(production["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ nonce, production: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(newNonce()).not.toBe(nonce);
  });
});
