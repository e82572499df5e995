import { daysFromToday, expect, login, test } from "./fixtures";

// The demo's history starts two weeks before the server seeded it: its first evaluation ran then.

test("an attestation as of last week is issued from the run standing then; one before any run says when the first was", async ({
  page,
}) => {
  await login(page, "compliance_officer");
  await page.goto("/reports");
  const form = page.getByRole("region", { name: "Issue an attestation" });
  await form.getByLabel("Tenant").selectOption({ label: "Kairos GPU Cloud GmbH" });
  await form.getByLabel("State as of (optional, UTC)").fill(`${daysFromToday(-7)}T12:00`);
  await form.getByRole("button", { name: "Issue and sign" }).click();
  await expect(page.getByRole("status").filter({ hasText: "issued" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Kairos GPU Cloud GmbH" }).first()).toContainText(`${daysFromToday(-7)} 12:00`);

  await form.getByLabel("Tenant").selectOption({ label: "Kairos GPU Cloud GmbH" });
  await form.getByLabel("State as of (optional, UTC)").fill(`${daysFromToday(-30)}T12:00`);
  await form.getByRole("button", { name: "Issue and sign" }).click();
  await expect(
    form.getByText(/No evaluation run had completed by then: the first one completed at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./),
  ).toBeVisible();

  await page.getByRole("button", { name: "Français" }).click();
  const formulaire = page.getByRole("region", { name: "Émettre une attestation" });
  await formulaire.getByLabel("Locataire").selectOption({ label: "Kairos GPU Cloud GmbH" });
  await formulaire.getByLabel(/État au/).fill(`${daysFromToday(-30)}T12:00`);
  await formulaire.getByRole("button", { name: "Émettre et signer" }).click();
  await expect(
    formulaire.getByText(/Aucune exécution d’évaluation n’était terminée à cet instant : la première s’est terminée le/),
  ).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
});

test("a report on a period that has not ended is refused at the field, and nothing is queued", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/reports");
  const form = page.getByRole("region", { name: "Audit reports and evidence packs" });
  const periodEnd = form.locator("#report-periodEnd");
  await expect(periodEnd).toHaveValue(daysFromToday(-1));
  // The field's max already keeps the browser's picker at yesterday; a typed or scripted value meets the server's rule.
  await periodEnd.evaluate((input) => input.removeAttribute("max"));
  await periodEnd.fill(daysFromToday(0));
  await form.getByRole("button", { name: "Build" }).click();
  await expect(
    form.getByText("The period has not ended: a report states what held at its end, so its last day can be yesterday at the latest."),
  ).toBeVisible();
  await expect(periodEnd).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Queued: the report is built in the background.")).toHaveCount(0);
});
