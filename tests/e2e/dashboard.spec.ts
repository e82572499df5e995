import type { Page } from "@playwright/test";
import { accessibilityViolations, violationReport } from "./accessibility";
import { expect, login, test } from "./fixtures";

// Issue 17, the operator's view: the dashboard's blocks for the operator's staff, and none of them for a tenant.

async function inLanguage(page: Page, name: "Français" | "English", lang: "fr" | "en") {
  const button = page.getByRole("button", { name });
  if ((await button.getAttribute("aria-pressed")) !== "true") {
    await button.click();
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
  }
}

test("the compliance officer's dashboard: readiness in words, next actions in date order, a card per site, the bell", async ({ page }) => {
  await login(page, "compliance_officer");
  const iso = page.getByRole("progressbar", { name: "ISO/IEC 27001:2022 Annex A" });
  await expect(iso).toHaveAttribute("aria-valuetext", /^\d+% — \d+ of \d+ applicable controls implemented$/);
  await expect(page.getByText(/^\d+% — \d+ of \d+ applicable controls implemented$/).first()).toBeVisible();

  const actions = page.getByRole("region", { name: "Next actions" }).getByRole("listitem");
  await expect(actions.first()).toBeVisible();
  const dates = await actions.locator("time").allTextContents();
  expect(dates.length).toBeGreaterThan(1);
  expect([...dates].sort()).toEqual(dates);
  await expect(page.getByRole("region", { name: "Next actions" })).toContainText("Control flagged by the auditor");
  await expect(page.getByRole("region", { name: "Deadlines" })).toContainText(/due in the next 90 days/);

  const bell = page.getByRole("link", { name: /unread notification/ });
  await expect(bell.locator("svg")).toHaveAttribute("aria-hidden", "true");
  await expect(bell).not.toContainText("🔔");

  const violations = await accessibilityViolations(page, "/");
  expect(violations, violationReport(violations)).toEqual([]);

  const risks = page.getByRole("region", { name: "Heat map" });
  await expect(risks.getByRole("table", { name: "After treatment (residual)" })).toBeVisible();
  await expect(risks.getByRole("link", { name: "Open the risk register" })).toHaveAttribute("href", "/risks");

  const sites = page.getByRole("region", { name: "Sites" });
  await expect(sites.getByRole("list", { name: "Open findings by severity" }).first()).toBeVisible();
  await expect(sites.getByRole("meter", { name: "Power drawn against contracted capacity" }).first()).toBeVisible();
  await sites.getByRole("link", { name: "Helios Paris-Saclay" }).click();
  await expect(page.getByRole("heading", { name: "Helios Paris-Saclay", level: 1 })).toBeVisible();
});

test("the French dashboard writes its percentages and counts in French", async ({ page }) => {
  await login(page, "compliance_officer");
  try {
    await inLanguage(page, "Français", "fr");
    const iso = page.getByRole("progressbar", { name: "ISO/IEC 27001:2022 annexe A" });
    await expect(iso).toHaveAttribute("aria-valuetext", /^\d+\u202f% — \d+ sur \d+ mesures applicables mises en œuvre$/);
    await expect(page.getByRole("heading", { name: "Prochaines actions" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Échéances" })).toContainText(/dans les 90 prochains jours/);
    const violations = await accessibilityViolations(page, "/");
    expect(violations, violationReport(violations)).toEqual([]);
  } finally {
    await inLanguage(page, "English", "en");
  }
});

test("a tenant member's home is the tenant portal, without the operator's actions, deadlines or sites", async ({ page }) => {
  await login(page, "tenant_member");
  await expect(page.getByRole("heading", { name: "Compliance posture" })).toBeVisible();
  for (const name of ["Next actions", "Deadlines", "Sites", "Readiness by framework", "Heat map"])
    await expect(page.getByRole("heading", { name, exact: true })).toHaveCount(0);
});
