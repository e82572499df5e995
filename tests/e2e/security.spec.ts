import { expect, test, login } from "./fixtures";

test("every page carries the security headers, and the app runs under its Content-Security-Policy", async ({ page }) => {
  const response = await page.goto("/login");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // A second response gets another nonce.
  const again = (await page.request.get("/login")).headers()["content-security-policy"]!;
  expect(again).not.toBe(csp);
  // Hydrated pages keep working (client navigation, forms): a CSP violation would fail the test as a console error.
  await login(page, "compliance_officer");
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Findings" }).click();
  await expect(page).toHaveURL(/\/findings/);
});
