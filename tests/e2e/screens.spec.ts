import type { Browser, Page } from "@playwright/test";
import { expect, login, test, type DemoRole } from "./fixtures";

/**
 * The README's screenshots (docs/screens/), taken in this Chromium on the demo: `SCREENS=1 npx playwright test
 * tests/e2e/screens.spec.ts` after a build. Not part of the test run: a picture asserts nothing.
 */
test.skip(!process.env.SCREENS, "screenshots are taken on demand (SCREENS=1)");

type Shot = { name: string; role: DemoRole; open: (page: Page) => Promise<void>; widths?: number[] };

async function inLanguage(browser: Browser, language: "en" | "fr", role: DemoRole, width: number, act: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page, role);
  // Signed in at desktop width (the sign-in check reads the account in the top bar), then the width the shot is for.
  if (width !== 1366) await page.setViewportSize({ width, height: 844 });
  if (language === "fr") {
    await page.getByRole("button", { name: "Français" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  }
  try {
    await act(page);
  } finally {
    // The account remembers its language, and the other specs read the demo accounts in English.
    if (language === "fr") {
      await page.goto("/");
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    await context.close();
  }
}

const openSite = async (page: Page) => {
  await page.goto("/inventory?kind=site");
  await page.locator("main table tbody a", { hasText: "Helios Paris-Saclay" }).click();
  await expect(page).toHaveURL(/\/inventory\/[0-9a-f-]{36}$/);
};

const SHOTS: Shot[] = [
  { name: "site", role: "compliance_officer", open: openSite },
  {
    name: "soa",
    role: "compliance_officer",
    open: async (page) => {
      await page.goto("/controls?sort=status");
      await expect(page.locator("main table")).toBeVisible();
    },
  },
];

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

test("dashboard and findings at 390 px, menu folded and open (en)", async ({ browser }) => {
  await inLanguage(browser, "en", "compliance_officer", 390, async (page) => {
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeHidden();
    await page.screenshot({ path: "docs/screens/dashboard-390.png", fullPage: false });
    await page.getByText("Menu", { exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    await page.screenshot({ path: "docs/screens/menu-390.png", fullPage: false });
    await page.goto("/findings");
    await page.screenshot({ path: "docs/screens/findings-390.png", fullPage: false });
    // The page itself never scrolls sideways: wide tables scroll in their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
