import type { Browser, Page } from "@playwright/test";
import { expect, login, test, type DemoRole } from "./fixtures";

/**
 * The README's screenshots (docs/screens/), taken in this Chromium on the demo: `SCREENS=1 npx playwright test
 * tests/e2e/screens.spec.ts` after a build. Not part of the test run: a picture asserts nothing.
 */
test.skip(!process.env.SCREENS, "screenshots are taken on demand (SCREENS=1)");

type Shot = { name: string; role: DemoRole; open: (page: Page) => Promise<void>; widths?: number[] };

async function inLanguage(browser: Browser, language: "en" | "fr", role: DemoRole, width: number, act: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: language === "fr" ? "fr-FR" : "en-GB" });
  const page = await context.newPage();
  await login(page, role);
  if (language === "fr") {
    await page.getByRole("button", { name: "Français" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  }
  await act(page);
  await context.close();
}

const openSite = async (page: Page) => {
  await page.goto("/inventory?kind=site");
  await page.locator("main table tbody a", { hasText: "Helios Paris-Saclay" }).click();
  await expect(page).toHaveURL(/\/inventory\/[0-9a-f-]{36}$/);
};

const SHOTS: Shot[] = [{ name: "site", role: "compliance_officer", open: openSite }];

for (const shot of SHOTS) {
  for (const language of ["en", "fr"] as const) {
    test(`${shot.name} (${language})`, async ({ browser }) => {
      await inLanguage(browser, language, shot.role, 1366, async (page) => {
        await shot.open(page);
        await page.screenshot({ path: `docs/screens/${shot.name}-${language}.png`, fullPage: true });
      });
    });
  }
}
