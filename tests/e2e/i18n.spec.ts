import { expect, test, login, navigation } from "./fixtures";

test("the language follows the browser, then the user's choice, which is remembered", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await context.close();
});

test("switching to French translates the whole shell and the pages", async ({ page }) => {
  await login(page, "admin");
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { name: "Tableau de bord" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Navigation principale" });
  await expect(nav.getByRole("link")).toHaveText([
    "Tableau de bord",
    "Inventaire",
    "Constats",
    "Règles",
    "Mesures",
    "Risques",
    "Autorisations",
    "Contrats",
    "Rapports",
    "Audits",
    "Journal d’audit",
    "Paramètres",
  ]);
  await nav.getByRole("link", { name: "Journal d’audit" }).click();
  await expect(page.getByRole("heading", { name: "Journal d’audit" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(navigation(page).getByRole("link", { name: "Audit log" })).toBeVisible();
});
