import type { Page } from "@playwright/test";
import { accessibilityViolations, violationReport } from "./accessibility";
import { expect, login, navigation, test } from "./fixtures";

// Issue 18, the risk register: the demo's register, its heat maps, a risk up for review, and no risk for a tenant.

async function inLanguage(page: Page, name: "Français" | "English", lang: "fr" | "en") {
  const button = page.getByRole("button", { name });
  if ((await button.getAttribute("aria-pressed")) !== "true") {
    await button.click();
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
  }
}

async function expectAccessible(page: Page) {
  const violations = await accessibilityViolations(page, page.url());
  expect(violations.length, violationReport(violations)).toBe(0);
}

/** The numbers the cells of a heat map hold, summed: every live risk is in exactly one cell. */
async function riskCount(page: Page, caption: string) {
  const cells = await page.getByRole("table", { name: caption }).locator("tbody td").allTextContents();
  return cells.reduce((sum, text) => sum + (text.trim() ? Number.parseInt(text, 10) : 0), 0);
}

test("the compliance officer's register: heat maps, sorting, search, filter, and a risk up for review", async ({ page }) => {
  await login(page, "compliance_officer");
  await inLanguage(page, "English", "en");
  await navigation(page).getByRole("link", { name: "Risks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Risks" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^\d+ risks$/ })).toHaveText("11 risks");
  expect(await riskCount(page, "Before treatment (inherent)")).toBe(11);
  expect(await riskCount(page, "After treatment (residual)")).toBe(11);
  await expectAccessible(page);

  const register = page.getByRole("table", { name: "Risks", exact: true });
  // Highest residual score first by default; sorting by reference reads R-001 first.
  await register.getByRole("link", { name: /^Reference/ }).click();
  await expect(register.locator("tbody tr").first()).toContainText("R-001");

  await page.getByLabel("Treatment").selectOption({ label: "Retain" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(register.locator("tbody tr")).toHaveCount(2);
  for (const row of await register.locator("tbody tr").all()) await expect(row).toContainText("Accepted");

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/risks$/);
  await expect(page.getByLabel("Treatment")).toHaveValue("");
  await page.getByLabel("Search").fill("refroidissement");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(register.locator("tbody tr")).toHaveCount(1);
  await expect(register.locator("tbody tr")).toContainText("Up for review");

  await register.getByRole("link", { name: /refroidissement/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("R-002");
  const review = page.getByRole("status").filter({ hasText: "This risk is up for review" });
  await expect(review).toContainText("A.7.8");
  await expect(review).toContainText("Implemented when assessed, Partial today");
  await expect(page.getByRole("table", { name: "After treatment (residual)" }).locator("td.heat-here")).toHaveCount(1);
  await expect(page.getByRole("link", { name: /A\.7\.8/ }).first()).toHaveAttribute("href", "/controls/iso27001-2022/A.7.8");
  await expectAccessible(page);
});

test("the register in French: ISO 27005's treatments and the heat maps' axes", async ({ page }) => {
  await login(page, "compliance_officer");
  await inLanguage(page, "Français", "fr");
  await page.goto("/risks");
  await expect(page.getByRole("heading", { level: 2, name: "Carte des risques" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Après traitement (risque résiduel)" })).toContainText("Quasi certain");
  await expect(page.getByRole("table", { name: "Risques", exact: true })).toContainText("Réduction");
  await expect(page.getByRole("table", { name: "Risques", exact: true })).toContainText("Maintien");
  await inLanguage(page, "English", "en");
});

test("a tenant member sees no risk: not in the navigation, refused at the address", async ({ page }) => {
  await login(page, "tenant_member");
  await expect(navigation(page).getByRole("link", { name: "Risks" })).toHaveCount(0);
  const response = await page.goto("/risks");
  expect(response?.status()).toBe(403);
});

// Last: it adds R-012 to the demo's register, which the tests above count, and archives it.
test("a risk started from the library, refused while its residual exceeds its inherent risk, recorded, edited, archived", async ({
  page,
}) => {
  await login(page, "compliance_officer");
  await inLanguage(page, "Français", "fr");
  await page.goto("/risks");
  await page.getByRole("link", { name: "Nouveau risque" }).click();
  await page.getByLabel("Partir de la bibliothèque de risques des centres de données").selectOption("dc.fuel-supply");
  await page.getByRole("button", { name: "Utiliser ce risque" }).click();
  await expect(page.getByLabel("Intitulé")).not.toHaveValue("");
  await expect(page.getByLabel("Impact avant traitement")).toHaveValue("4");
  await page.getByLabel("Impact après traitement").selectOption({ label: "5 — Critique" });
  await page.getByText("Sites", { exact: true }).click();
  await page.getByLabel("Helios Paris-Saclay").check();
  await page.getByRole("button", { name: "Enregistrer le risque" }).click();
  await expect(page.getByText("Le risque résiduel ne peut pas dépasser le risque initial").first()).toBeVisible();
  await expect(page.getByLabel("Helios Paris-Saclay")).toBeChecked();
  await expectAccessible(page);

  await page.getByLabel("Impact après traitement").selectOption({ label: "2 — Mineur" });
  await page.getByRole("button", { name: "Enregistrer le risque" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("R-012");
  await expect(page.getByRole("link", { name: "Helios Paris-Saclay" })).toBeVisible();

  await page.getByRole("link", { name: "Modifier" }).click();
  await page.getByLabel("Intitulé").fill("Rupture d’approvisionnement en gazole du site de Saclay");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("R-012 — Rupture d’approvisionnement en gazole du site de Saclay");

  // Archived after a confirmation, it leaves the register: the demo's 11 risks again for the specs that follow.
  await page.getByRole("link", { name: "Archiver" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Archiver R-012");
  await page.getByRole("button", { name: "Archiver le risque" }).click();
  await expect(page).toHaveURL(/\/risks$/);
  await expect(page.getByRole("status").filter({ hasText: /^\d+ risques$/ })).toHaveText("11 risques");
  await inLanguage(page, "English", "en");
});
