import { readFile } from "node:fs/promises";
import { expect, test, login, navigation } from "./fixtures";

test("an auditor filters the audit log, reads a change field by field and exports it", async ({ page }) => {
  await login(page, "auditor");
  await navigation(page).getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Entity type").selectOption("tenant");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/entityType=tenant/);
  const rows = page.getByRole("table").first().locator("tbody > tr");
  // Other tests may have changed tenants since the seed: look for a creation among the tenant entries.
  const creation = rows.filter({ hasText: "Tenant created" }).first();
  await expect(creation).toBeVisible();
  await creation.getByText("Show").click();
  await expect(creation.getByRole("rowheader", { name: "legalName" })).toBeVisible();

  await page.getByLabel("Actor").fill("nobody-like-this");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("heading", { name: "No entries" })).toBeVisible();

  await page.getByLabel("Actor").fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  // The export link carries the filters of the page: wait for the page to show the results again.
  await expect(creation).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^attest-audit-helios-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv).toContain("Sequence,Time (UTC),Actor,Action (code),Entity type (code),Entity id");
  expect(csv).toContain("tenant.create");
  expect(csv).not.toContain("membership.create");
});

test("a tenant member is refused the audit log", async ({ page }) => {
  await login(page, "tenant_member");
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
});
