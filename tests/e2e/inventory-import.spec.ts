import { expect, test, login } from "./fixtures";

const HEADER = "external_id,name,parent,tenant,country,region,owner,tags,role,vendor,model,serial,gpu_model,gpu_count,power_draw_kw";
const good = (id: string) => `${id},${id},PAR1-H1-R01-missing,,,,,,gpu_node,Supermicro,SYS-821GE,,H200 SXM,8,"10,8"`;

test("a CSV with a bad row is refused with its line named; once fixed it is imported and shows in the inventory", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/inventory");
  await page.getByRole("link", { name: "Import a CSV" }).click();
  await expect(page.getByRole("link", { name: "Device (CSV)" })).toBeVisible();

  await page.getByLabel("Kind", { exact: true }).selectOption("device");
  await page.getByLabel("Source", { exact: true }).fill("csv-e2e");
  const bad = [
    HEADER,
    good("csv-node-1").replace("PAR1-H1-R01-missing", "par1-h1-r01"),
    good("csv-node-2").replace("gpu_node", "toaster").replace("PAR1-H1-R01-missing", "par1-h1-r01"),
  ].join("\n");
  await page.getByLabel(/CSV file/).setInputFiles({ name: "nodes.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("alert")).toContainText("1 problem: nothing will be written");
  const errorRow = page.getByRole("table").locator("tbody tr").first();
  await expect(errorRow).toContainText("3");
  await expect(errorRow).toContainText("role");

  const fixed = [
    HEADER,
    good("csv-node-1").replace("PAR1-H1-R01-missing", "par1-h1-r01"),
    good("csv-node-2").replace("PAR1-H1-R01-missing", "par1-h1-r01"),
  ].join("\n");
  await page.getByLabel(/CSV file/).setInputFiles({ name: "nodes.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByText("2 assets created")).toBeVisible();
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(page.getByRole("heading", { name: "2 rows imported" })).toBeVisible();

  await page.getByRole("link", { name: "See the latest changes in the inventory" }).click();
  await page.goto("/inventory?q=csv-node");
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(2);
  await page.getByRole("link", { name: "csv-node-2" }).click();
  await expect(page.getByText("France (inherited from its location)")).toBeVisible();
  await expect(page.getByText("10.8")).toBeVisible();
});

test("an auditor cannot import", async ({ page }) => {
  await login(page, "auditor");
  const response = await page.goto("/inventory/import");
  expect(response?.status()).toBe(403);
});

test("an empty owner cell keeps the owner and the preview shows each change; (clear) warns, then erases it", async ({ page }) => {
  const RACKS = "external_id,name,parent,tenant,country,region,owner,tags,power_budget_kw,redundancy,units";
  const check = async (rows: string[]) => {
    await page.getByLabel("Kind", { exact: true }).selectOption("rack");
    await page.getByLabel("Source", { exact: true }).fill("csv-owner-e2e");
    const buffer = Buffer.from([RACKS, ...rows].join("\n"));
    await page.getByLabel(/CSV file/).setInputFiles({ name: "racks.csv", mimeType: "text/csv", buffer });
    await page.getByRole("button", { name: "Check the file" }).click();
  };
  const ownerOnPage = async () => {
    await page.goto("/inventory?q=e2e-rack-1");
    await page.getByRole("link", { name: "E2E rack 1" }).click();
    return page.locator('dt:text-is("Owner") + dd');
  };
  await login(page, "compliance_officer");
  await page.goto("/inventory/import");
  await expect(page.getByText("To erase a value, write “(clear)” in its cell")).toBeVisible();
  await check(["e2e-rack-1,E2E rack 1,par1-h1,,,,Platform team,,80,2N,48"]);
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByRole("heading", { name: "1 row imported" })).toBeVisible();

  await page.goto("/inventory/import");
  await check(["e2e-rack-1,E2E rack 1,,,,,,,100,,"]);
  await expect(page.getByText("1 asset updated")).toBeVisible();
  const changes = page.getByRole("table", { name: "What changes on the updated asset" });
  // One group for the rack, one row for the one field that changes: the owner, left empty, is not among them.
  await expect(changes.locator("tbody tr")).toHaveText([/E2E rack 1\s*e2e-rack-1/, /power_budget_kw\s*80\s*→\s*becomes\s*100/]);
  await expect(changes).not.toContainText("owner");
  await expect(page.getByText(/will be erased/)).toHaveCount(0);
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByRole("heading", { name: "1 row imported" })).toBeVisible();
  await expect(await ownerOnPage()).toHaveText("Platform team");

  await page.goto("/inventory/import");
  await check(["e2e-rack-1,E2E rack 1,,,,,(clear),,,,"]);
  const warning = page.getByRole("alert").filter({ hasText: "1 value will be erased." });
  await expect(warning).toContainText("Only cells holding “(clear)” erase a value");
  await expect(warning.getByRole("listitem")).toHaveText(["E2E rack 1 e2e-rack-1 · owner: Platform team"]);
  await expect(changes.locator("tbody tr").nth(1)).toHaveText(/owner\s*Platform team\s*→\s*becomes\s*erased/);
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByRole("heading", { name: "1 row imported" })).toBeVisible();
  await expect(await ownerOnPage()).toHaveText("—");
});
