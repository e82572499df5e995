import { readFile } from "node:fs/promises";
import { daysFromToday, expect, test, login, navigation } from "./fixtures";

test("a compliance officer sees expired evidence put a control in need of attention, renews it, and exports the SoA", async ({ page }) => {
  await login(page, "compliance_officer");
  await navigation(page).getByRole("link", { name: "Controls" }).click();
  await expect(page.getByRole("heading", { name: "Controls" })).toBeVisible();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(93);

  await page.getByRole("link", { name: /Controls with expired evidence/ }).click();
  const row = page.getByRole("table").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Needs attention");
  await expect(row).toContainText("Declared: Implemented");
  await expect(row).toContainText("1 evidence item has expired");
  await row.getByRole("link").click();
  await expect(page.getByText("Attest does not count it as implemented until these are resolved")).toBeVisible();
  const status = page.locator(".status-summary");
  await expect(status.getByText("1 evidence item has expired")).toBeVisible();
  await expect(page.getByLabel("Declared status")).toHaveValue("implemented");

  await page.getByLabel("Title").fill("Backup restore test report 2026");
  await page.getByLabel("Link (https://…)").fill("https://grc.helios.example/evidence/restore-test-2026");
  await page.getByLabel("Date of the evidence").fill(daysFromToday(-10));
  await page.getByLabel("Valid until (optional)").fill(daysFromToday(355));
  await page.getByLabel("Renews").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByRole("heading", { name: /A\.8\.13/ })).toBeVisible();
  await expect(page.getByText("1 current, 0 expired").first()).toBeVisible();
  await expect(page.getByText("superseded")).toBeVisible();
  // Renewed, the evidence no longer stands against it; its failing backup checks still do.
  await expect(status.getByText("1 evidence item has expired")).toHaveCount(0);
  await expect(status.getByText(/\d+ automated checks? fails?/)).toBeVisible();

  await page.goto("/controls");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await readFile((await (await downloading).path())!, "utf8");
  expect(csv).toContain("Requirement,Title,Theme,Applicable,Justification,Declared status,Effective status,Needs attention because");
  expect(csv).toMatch(/A\.8\.13,Information backup,[^\n]*,Implemented,Needs attention,\d+ automated checks? fails?,[^\n]*,1,0,\d+,\d+/);
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

test("the SoA shows a control declared implemented whose automated checks fail as needing attention, with why", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/controls");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: /A\.5\.23 / }) });
  await expect(row.locator(".badge").first()).toHaveText("Needs attention");
  await expect(row).toContainText("Declared: Implemented");
  await expect(row).toContainText("3 automated checks fail");
  await page.getByRole("link", { name: /Controls needing attention/ }).click();
  await expect(page.getByRole("link", { name: /A\.5\.23 / })).toBeVisible();
  await expect(page.getByRole("table").locator("tbody tr .badge.status-implemented")).toHaveCount(0);

  await page.getByRole("button", { name: "Français" }).click();
  const ligne = page.getByRole("row").filter({ has: page.getByRole("link", { name: /A\.5\.23 / }) });
  await expect(ligne.locator(".badge").first()).toHaveText("À traiter");
  await expect(ligne).toContainText("Statut déclaré : Mise en œuvre");
  await expect(ligne).toContainText("3 contrôles automatiques en échec");
  await expect(ligne).toContainText("Sécurité de l’information dans l’utilisation de services en nuage");
  await page.getByRole("button", { name: "English" }).click();
});

test("evidence dated after today is refused, naming the field", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/controls/iso27001-2022/A.5.23");
  await page.getByLabel("Title").fill("Cloud services register");
  await page.getByLabel("Link (https://…)").fill("https://grc.helios.example/evidence/cloud-register");
  await page.getByLabel("Date of the evidence").fill(daysFromToday(1));
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByText("The date of the evidence cannot be later than today.")).toBeVisible();
  await expect(page.getByText("No evidence yet.")).toBeVisible();
});

test("the SoA sorts by effective status in the address, each status one block, reversed the other way", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/controls");
  const table = page.getByRole("table");
  // The effective status is the cell's first line (why follows it).
  const statuses = async () => (await table.locator("tbody tr td:nth-child(2)").allInnerTexts()).map((cell) => cell.split("\n")[0]!.trim());
  const blocks = (values: string[]) => values.filter((v, i) => i === 0 || v !== values[i - 1]);
  await table.getByRole("link", { name: "Status" }).click();
  await expect(page).toHaveURL(/[?&]sort=status(&|$)/);
  await expect(table.getByRole("columnheader", { name: "Status" })).toHaveAttribute("aria-sort", "ascending");
  const ascending = blocks(await statuses());
  expect(ascending.length).toBeGreaterThan(1);
  // Sorted: every status forms one run of rows.
  expect(new Set(ascending).size).toBe(ascending.length);
  await table.getByRole("link", { name: "Status" }).click();
  await expect(page).toHaveURL(/[?&]sort=-status(&|$)/);
  await expect(table.getByRole("columnheader", { name: "Status" })).toHaveAttribute("aria-sort", "descending");
  expect(blocks(await statuses())).toEqual([...ascending].reverse());
});
