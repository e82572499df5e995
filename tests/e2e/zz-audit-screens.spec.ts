import { expect, login, test } from "./fixtures";

/** The audit workspace as its auditor sees it (docs/screens/audit-{en,fr}.png): `SCREENS=1`, after a build. */
test.skip(!process.env.SCREENS, "screenshots are taken on demand (SCREENS=1)");

for (const language of ["en", "fr"] as const) {
  test(`audit workspace screenshot (${language})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 1400 } });
    const page = await context.newPage();
    await login(page, "auditor");
    if (language === "fr") {
      await page.getByRole("button", { name: "Français" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    }
    try {
      await page.goto("/audits");
      await page.getByRole("link", { name: /ISO 27001/ }).click();
      await expect(page.locator("details.audit-theme").first()).toBeVisible();
      await page.screenshot({ path: `docs/screens/audit-${language}.png` });
    } finally {
      if (language === "fr") {
        await page.goto("/");
        await page.getByRole("button", { name: "English" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
      }
      await context.close();
    }
  });
}
