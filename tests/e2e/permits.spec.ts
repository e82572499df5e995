import { daysFromToday, expect, test, login, navigation } from "./fixtures";

test("the permit register flags the ICPE authorisation due for renewal; legal records and archives a permit", async ({ page }) => {
  await login(page, "legal");
  await navigation(page).getByRole("link", { name: "Permits" }).click();
  await expect(page.getByText("1 permit has expired or must be renewed now.")).toBeVisible();
  const icpe = page.getByRole("row", { name: /Environmental authorisation \(ICPE\) AP-2021-ICPE-0417/ });
  await expect(icpe).toContainText("Renewal due");
  await expect(icpe).toContainText(/in [\d,]+ days/);
  // The banner leads to what it counts: here the one permit.
  await page.getByRole("link", { name: "1 permit has expired or must be renewed now." }).click();
  await expect(page.getByRole("heading", { name: "Environmental authorisation (ICPE) · AP-2021-ICPE-0417" })).toBeVisible();
  await page.goBack();
  // Sorted by expiry, the order is in the URL; the search finds a reference number.
  const byExpiry = page.getByRole("columnheader", { name: "Expires on" });
  await byExpiry.getByRole("link").click();
  await expect(page).toHaveURL(/sort=expires/);
  await expect(byExpiry).toHaveAttribute("aria-sort", "ascending");
  await page.getByLabel("Reference, authority or site").fill("icpe-0417");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/sort=expires/);
  await expect(page.getByText("1 permit", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "New permit" }).click();
  await expect(page.getByRole("heading", { name: "New permit" })).toBeVisible();
  await page.getByLabel("Site").selectOption({ label: "Helios Frankfurt" });
  await page.getByLabel("Type").selectOption("noise");
  await page.getByLabel("Issuing authority").fill("Umweltamt Frankfurt");
  await page.getByLabel("Reference").fill("UA-2026-77");
  await page.getByLabel("Issued on").fill(daysFromToday(-300));
  await page.getByLabel("Expires on").fill(daysFromToday(-665));
  await page.getByRole("button", { name: "Record the permit" }).click();
  await expect(page.getByText("The expiry comes before the issue date.")).toBeVisible();
  await page.getByLabel("Expires on").fill(daysFromToday(5 * 365));
  await page.getByLabel("Maximum noise (dB(A))").fill("50");
  await page.getByRole("button", { name: "Record the permit" }).click();
  await expect(page.getByRole("heading", { name: "Noise · UA-2026-77" })).toBeVisible();
  await expect(page.getByText("50 dB(A)")).toBeVisible();
  await page.getByLabel("Title").fill("Arrêté du 1er février 2026");
  await page
    .getByLabel(/File \(PDF/)
    .setInputFiles({ name: "arrete.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await page.getByRole("button", { name: "Attach to the permit" }).click();
  await expect(page.getByRole("link", { name: "Arrêté du 1er février 2026" })).toBeVisible();

  await page.getByRole("link", { name: "Archive" }).click();
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("row", { name: /UA-2026-77/ })).toHaveCount(0);
});

test("an auditor reads permits without changing them", async ({ page }) => {
  await login(page, "auditor");
  await page.goto("/permits");
  await expect(page.getByRole("link", { name: "New permit" })).toHaveCount(0);
  const response = await page.goto("/permits/new");
  expect(response?.status()).toBe(403);
});

test("legal edits a permit's conditions; a bad value is refused beside its field", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/permits");
  await page
    .getByRole("row", { name: /BR-2022-031/ })
    .getByRole("link")
    .first()
    .click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Maximum noise (dB(A))").fill("-4");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Maximum noise (dB(A))")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Maximum noise (dB(A))").fill("52");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("52 dB(A)")).toBeVisible();
});
