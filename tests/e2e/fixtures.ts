import { test as base, expect, type Page } from "@playwright/test";
import { daysAfter } from "../../app/config/clock";

/**
 * Every browser test fails on an uncaught page error or a console error (a hydration mismatch, a failed script),
 * not only on what it asserts.
 */
export const test = base.extend<{ pageErrors: void }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        // The browser reports refused requests (403/404 pages the tests open on purpose) as console errors.
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(`console: ${message.text()}`);
      });
      await use();
      expect(errors, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const DEMO_PASSWORD = "helios-demo-2026";
export const DEMO = {
  admin: "admin@helios.example",
  compliance_officer: "compliance@helios.example",
  legal: "legal@helios.example",
  auditor: "auditor@helios.example",
  tenant_member: "member@lumen-ai.example",
} as const;
export type DemoRole = keyof typeof DEMO;

export async function login(page: Page, role: DemoRole) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO[role]);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  // Sign-in reopens the organisation last worked in; the tests expect the demo operator.
  const switcher = page.getByLabel("Organisation");
  if ((await switcher.count()) > 0 && !(await page.getByRole("main").getByText("Helios Data Centers").isVisible())) {
    await switcher.selectOption({ label: "Helios Data Centers" });
    await page.getByRole("button", { name: "Switch" }).click();
    await expect(page.getByRole("main").getByText("Helios Data Centers")).toBeVisible();
  }
}

export function navigation(page: Page) {
  return page.getByRole("navigation", { name: "Main navigation" });
}

/**
 * A calendar date (UTC, YYYY-MM-DD) this many days from the day the suite runs: the server seeds its demo from the
 * same clock, so forms filled with these dates mean the same thing on any day (and under faketime).
 */
export function daysFromToday(days: number): string {
  return daysAfter(new Date(), days);
}
