import { readFile } from "node:fs/promises";
import { daysFromToday, expect, test, login, navigation } from "./fixtures";

test("a compliance officer sees expired evidence downgrade a control, renews it, and exports the SoA", async ({ page }) => {
  await login(page, "compliance_officer");
  await navigation(page).getByRole("link", { name: "Controls" }).click();
  await expect(page.getByRole("heading", { name: "Controls" })).toBeVisible();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(93);

  await page.getByRole("link", { name: /Controls with expired evidence/ }).click();
  const row = page.getByRole("table").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Evidence expired");
  await row.getByRole("link").click();
  await expect(page.getByText("does not count as implemented until the evidence is renewed")).toBeVisible();

  await page.getByLabel("Title").fill("Backup restore test report 2026");
  await page.getByLabel("Link (https://…)").fill("https://grc.helios.example/evidence/restore-test-2026");
  await page.getByLabel("Date of the evidence").fill(daysFromToday(-10));
  await page.getByLabel("Valid until (optional)").fill(daysFromToday(355));
  await page.getByLabel("Renews").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByRole("heading", { name: /A\.8\.13/ })).toBeVisible();
  await expect(page.getByText("1 current, 0 expired").first()).toBeVisible();
  await expect(page.getByText("superseded")).toBeVisible();

  await page.goto("/controls");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await readFile((await (await downloading).path())!, "utf8");
  expect(csv).toContain("Requirement,Title,Theme,Applicable");
  expect(csv).toMatch(/A\.8\.13,Information backup,[^\n]*,Implemented,[^\n]*,1,0/);
  const xlsx = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export Excel" }).click();
  expect((await xlsx).suggestedFilename()).toMatch(/\.xlsx$/);
});

test("excluding a control requires a justification", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/controls/iso27001-2022/A.7.6");
  await page.getByLabel("Applicable").selectOption("no");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Say why this control does not apply.")).toBeVisible();
  await page.getByLabel("Justification").fill("No secure areas: the site has no separate working zones.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
});

test("an auditor reads the controls without forms", async ({ page }) => {
  await login(page, "auditor");
  await page.goto("/controls/iso27001-2022/A.5.1");
  await expect(page.getByRole("heading", { name: /A\.5\.1 Policies for information security/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open" })).toBeVisible();
});
