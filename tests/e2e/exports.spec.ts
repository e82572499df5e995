import { readFileSync } from "node:fs";
import type { Download, Page } from "@playwright/test";
import { expect, login, navigation, test } from "./fixtures";

async function downloadFrom(page: Page, link: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link, exact: true }).click()]);
  return { download, bytes: readFileSync(await download.path()) };
}
const csvText = (bytes: Buffer) => bytes.toString("utf8").replace(/^\uFEFF/, "");

test("legal downloads the agreements register and its obligations, as CSV and Excel, from the agreements page", async ({ page }) => {
  await login(page, "legal");
  await navigation(page).getByRole("link", { name: "Agreements" }).click();

  const agreements = await downloadFrom(page, "Export CSV");
  expect(agreements.download.suggestedFilename()).toMatch(/^attest-agreements-helios-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvText(agreements.bytes).trim().split(/\r?\n/);
  expect(lines[0]).toContain("Title");
  expect(lines.some((line) => line.includes("GPU capacity and colocation agreement"))).toBe(true);

  const obligations = await downloadFrom(page, "Obligations (Excel)");
  expect(obligations.download.suggestedFilename()).toMatch(/^attest-obligations-helios-.*\.xlsx$/);
  expect(obligations.bytes.subarray(0, 2).toString()).toBe("PK");
});

test("a compliance officer downloads the permits register, and the findings list with its filter applied", async ({ page }) => {
  await login(page, "compliance_officer");
  await navigation(page).getByRole("link", { name: "Permits" }).click();
  const permits = await downloadFrom(page, "Export CSV");
  expect(csvText(permits.bytes)).toContain("AP-2021-ICPE-0417");
  const permitsXlsx = await downloadFrom(page, "Export Excel");
  expect(permitsXlsx.bytes.subarray(0, 2).toString()).toBe("PK");

  await navigation(page).getByRole("link", { name: "Findings" }).click();
  await page.getByLabel("Severity").selectOption("critical");
  await page.getByRole("button", { name: "Apply" }).click();
  const findings = await downloadFrom(page, "Export CSV");
  const [header, ...rows] = csvText(findings.bytes).trim().split(/\r?\n/);
  expect(header).toContain("Severity");
  expect(rows.length).toBeGreaterThan(0);
  // Only the filtered severity: the export follows the list's filters.
  expect(rows.every((row) => /,Critical,|,critical,/.test(row))).toBe(true);
});
