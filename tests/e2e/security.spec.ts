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

test("HTML and script in a name are shown as text, in pages and in the attestation PDF", async ({ page }) => {
  const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> Évreux & Œuvre`;
  page.on("dialog", () => {
    throw new Error("a dialog opened: markup from data was executed");
  });
  await login(page, "admin");
  await page.goto("/settings/tenants/new");
  await page.getByLabel("Legal name").fill(hostile);
  await page.getByLabel("Identifier").fill("hostile-name");
  await page.getByLabel("Country of registration").selectOption("FR");
  await page.getByLabel("Registration number").fill("<b>RCS</b> 1");
  await page.getByLabel("Contact 1: name").fill("<svg onload=alert(1)>");
  await page.getByLabel("Contact 1: email").fill("x@hostile.example");
  await page.getByRole("button", { name: "Create the tenant" }).click();
  await expect(page.getByRole("heading", { name: hostile })).toBeVisible();
  await page.goto("/settings/tenants");
  await expect(page.getByText(hostile)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator("img[src=x]").count()).toBe(0);

  await page.goto("/reports");
  await page.getByLabel("Tenant").selectOption({ label: hostile });
  await page.getByRole("button", { name: "Issue and sign" }).click();
  await expect(page.getByRole("status").filter({ hasText: "issued" })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByRole("row")
      .filter({ hasText: "Évreux" })
      .first()
      .getByRole("link", { name: /Download PDF/ })
      .click(),
  ]);
  const { execFileSync } = await import("node:child_process");
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", await download.path(), "-"], { encoding: "utf8" });
  expect(text).toContain("<script>window.__pwned=1</script>");
  expect(text).toContain("Évreux & Œuvre");
});
