import { readFileSync } from "node:fs";
import { expect, test, login } from "./fixtures";

test("a tenant member downloads its attestation from its portal and checks it on the verification page", async ({ page }) => {
  await login(page, "tenant_member");
  await expect(page.getByRole("heading", { name: "Tenant portal" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Where your assets are" })).toBeVisible();
  const portal = page.getByRole("region", { name: "Your attestations" });
  const firstRow = portal.getByRole("row").nth(1);
  const code = (await firstRow.getByRole("code").first().textContent())!.trim();
  expect(code).toMatch(/^ATT-/);

  const [download] = await Promise.all([page.waitForEvent("download"), firstRow.getByRole("link", { name: /Download PDF/ }).click()]);
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  expect(download.suggestedFilename()).toBe(`attestation-${code}.pdf`);

  await firstRow.getByRole("link", { name: "Verification page" }).click();
  await expect(page).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(page.getByText("Genuine and valid")).toBeVisible();
  await expect(page.getByText("Lumen AI Research SAS")).toBeVisible();

  await page.getByLabel("PDF file").setInputFiles(file);
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByTestId("verdict")).toContainText("This file is, byte for byte, the document Attest issued");
});

test("the public verification page needs no account and tells a forged file from the issued one", async ({ page }) => {
  await page.goto("/verify");
  await page.getByLabel("Verification code").fill("not a code");
  await page.getByRole("button", { name: "Check the code" }).click();
  await expect(page.getByText("A code looks like ATT-7K2M-9QXD-4RTB.")).toBeVisible();
  await page
    .getByLabel("PDF file")
    .setInputFiles({ name: "forged.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n% not signed\n%%EOF\n") });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByTestId("verdict")).toContainText("It carries no Attest signature.");
});

test("a compliance officer issues a French attestation, then revokes it with a reason shown publicly", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/reports");
  await page.getByLabel("Tenant").selectOption({ label: "Kairos GPU Cloud GmbH" });
  await page.getByLabel("Language of the document").selectOption("fr");
  await page.getByRole("button", { name: "Issue and sign" }).click();
  const notice = page.getByRole("status").filter({ hasText: "issued" });
  await expect(notice).toBeVisible();
  const code = /ATT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await notice.textContent())!)![0];

  await page.getByRole("link", { name: `Revoke ${code}` }).click();
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("Give a reason of at least 10 characters.")).toBeVisible();
  await page.getByLabel("Reason for revoking").fill("Issued for the wrong tenant contact");
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page).toHaveURL(/\/reports$/);

  await page.goto(`/verify/${code}`);
  await expect(page.getByText("Revoked", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("Issued for the wrong tenant contact")).toBeVisible();
});

test("an auditor builds a French ISO 27001 audit report in the background and downloads it once ready", async ({ page }) => {
  await login(page, "auditor");
  await page.goto("/reports");
  const form = page.getByRole("region", { name: "Audit reports and evidence packs" });
  await form.getByLabel("Framework").selectOption("iso27001-2022");
  await form.getByLabel("Language").selectOption("fr");
  await form.getByRole("button", { name: "Build" }).click();
  await expect(page.getByText("Queued: the report is built in the background.")).toBeVisible();
  const row = form.getByRole("row").filter({ hasText: "ISO/IEC 27001:2022" }).first();
  await expect(row.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("SHA-256");
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: "Download" }).click()]);
  expect(
    readFileSync(await download.path())
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
  expect(download.suggestedFilename()).toMatch(/^attest-iso27001-2022-.*-fr\.pdf$/);
});

test("the demo auditor flags a control in its audit workspace and the compliance officer answers", async ({ page }) => {
  await login(page, "auditor");
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Audits" }).click();
  await page.getByRole("link", { name: /^ISO 27001 surveillance audit/ }).click();
  const control = page.getByRole("region", { name: /^A\.5\.15 / });
  await control.getByLabel("Comment").fill("Access rights review not evidenced for Q3");
  await control.getByRole("button", { name: "Flag A.5.15" }).click();
  await expect(page.getByRole("region", { name: /^A\.5\.15 / })).toContainText("Flagged");
  await expect(page.getByRole("region", { name: /^A\.5\.15 / })).toContainText("Access rights review not evidenced for Q3");

  await page.getByRole("button", { name: "Sign out" }).click();
  // Signed out first: a sign-in form opened while the sign-out is still in flight carries a token it then retires.
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  await login(page, "compliance_officer");
  await page.goto("/audits");
  await page.getByRole("link", { name: /^ISO 27001 surveillance audit/ }).click();
  await page.getByLabel("Show").selectOption("flagged");
  await page.getByRole("button", { name: "Search" }).click();
  const flagged = page.getByRole("region", { name: /^A\.5\.15 / });
  await flagged.getByLabel("Comment").fill("Q3 review minutes attached to A.5.15 evidence");
  await flagged.getByRole("button", { name: "Answer A.5.15" }).click();
  await expect(page.getByRole("region", { name: /^A\.5\.15 / })).toContainText("answered: Q3 review minutes attached");
  await expect(page.getByRole("region", { name: /^A\.5\.15 / }).getByRole("button", { name: "Flag A.5.15" })).toHaveCount(0);
});

test("a new audit has no reviews yet: filtering on flagged controls says so, in English and in French", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/audits");
  await page.getByLabel("Title").fill("GDPR residency spot check");
  await page.getByLabel("Framework").selectOption("gdpr-residency");
  await page.getByRole("button", { name: "Create the audit" }).click();
  await expect(page.getByRole("heading", { name: "GDPR residency spot check" })).toBeVisible();
  await page.getByLabel("Show").selectOption("flagged");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status").filter({ hasText: "No control matches this filter." })).toContainText(
    "choose “All controls” to see them",
  );

  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Aucune mesure ne correspond à ce filtre." })).toContainText(
    "« Toutes les mesures »",
  );
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByText("No control matches this filter.")).toBeVisible();
});
