import { expect, test, login, navigation } from "./fixtures";

test("a compliance officer browses the inventory: filters, sorting, a site's power and a GPU node's location", async ({ page }) => {
  await login(page, "compliance_officer");
  await navigation(page).getByRole("link", { name: "Inventory" }).click();
  await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();

  await page.getByLabel("Kind", { exact: true }).selectOption("site");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  const byName = page.getByRole("columnheader", { name: "Name" });
  await expect(byName).toHaveAttribute("aria-sort", "ascending");
  await byName.getByRole("link", { name: "Name" }).click();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(byName).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first()).toContainText("Helios Paris-Saclay");
  await byName.getByRole("link", { name: "Name" }).click();
  await expect(rows.first()).toContainText("Helios Frankfurt");

  await page.getByRole("link", { name: "Helios Paris-Saclay" }).click();
  await expect(page.getByRole("heading", { name: "Site overview" })).toBeVisible();
  await expect(page.getByText(/MW drawn of 40\sMW contracted/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Tenants present" }).getByRole("link", { name: "Lumen AI Research SAS" })).toBeVisible();
  // Each limit of the site's permits against what was measured, with the permit that sets it.
  const grid = page.getByRole("region", { name: "Permits and their limits" }).getByRole("row", { name: /Grid connection power/ });
  await expect(grid).toContainText(/40\sMW/);
  await expect(grid.getByRole("link", { name: "CRAC-63kV-PSAC-01" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Energy" }).getByRole("row", { name: /2025/ })).toContainText("1.27");
  await expect(page.getByRole("region", { name: "Deadlines of this site" })).toContainText("AP-2021-ICPE-0417");
  // What is wrong at the site, with a way to the whole list filtered to it.
  const here = page.getByRole("region", { name: /open findings? here and below/ });
  await expect(here.getByRole("listitem").first()).toBeVisible();
  await page.getByRole("region", { name: "Site overview" }).getByRole("link", { name: "Hall 1" }).click();
  await page.getByRole("link", { name: "PAR1-H1-R01" }).click();
  await page.getByRole("link", { name: "par1-h1-r01-n1", exact: true }).click();
  await expect(page.getByText("France (inherited from its location)")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Location" })).toContainText("Helios Paris-Saclay / Hall 1 / PAR1-H1-R01");

  await page.getByLabel("As of (end of day, UTC)").fill("2020-01-01");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("This asset did not exist on 2020-01-01.")).toBeVisible();
});

test("the search finds GPU nodes by GPU model and vendor; an old dir=desc link keeps its order", async ({ page }) => {
  await login(page, "auditor");
  await page.goto("/inventory");
  await page.getByLabel("Name, serial, GPU model or vendor").fill("b200");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows.first()).toContainText("Device");
  await page.goto("/inventory?kind=site&sort=name&dir=desc");
  await expect(page.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first()).toContainText("Helios Paris-Saclay");
});

test("a filter that matches nothing says so", async ({ page }) => {
  await login(page, "auditor");
  await page.goto("/inventory?q=no-such-asset-anywhere");
  await expect(page.getByRole("heading", { name: "No asset matches" })).toBeVisible();
});
