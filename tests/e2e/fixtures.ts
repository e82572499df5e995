import { expect, type Page } from "@playwright/test";

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
