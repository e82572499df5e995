import { test, expect, login } from "./fixtures";

// The demo audit (db/seed/demo.server.ts): A.5.1 accepted, A.8.13 flagged then answered, the rest not reviewed.
test("the audit workspace groups controls by theme with their progress, pages within a theme, and clears the comment after a submit", async ({
  page,
  browser,
}) => {
  await login(page, "auditor");
  await page.goto("/audits");
  await page.getByRole("link", { name: /^ISO 27001 surveillance audit/ }).click();

  const organisational = page
    .locator("details.audit-theme")
    .filter({ has: page.getByRole("heading", { name: "Organisational controls" }) });
  await expect(organisational.locator("summary")).toContainText("1 of 37 reviewed · 1 accepted · 0 flagged");
  await expect(page.getByRole("progressbar", { name: "Review progress: Organisational controls" }).first()).toHaveAttribute("value", "1");
  await expect(page.getByRole("row", { name: /Technological controls/ })).toContainText("1 of 34 reviewed · 0 accepted · 1 flagged");

  // A theme and its second page, kept in the address.
  await page.getByRole("link", { name: "Technological controls" }).click();
  await expect(page).toHaveURL(/theme=technological/);
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/theme=technological.*page=2|page=2.*theme=technological/);
  const control = page.getByRole("region", { name: /^A\.8\.30 / });
  await expect(page.getByRole("region", { name: /^A\.5\.1 / })).toHaveCount(0);

  // Too short: refused, and the text stays; then a real comment: recorded, and the box is empty again.
  await control.getByLabel("Comment").fill("no");
  await control.getByRole("button", { name: "Flag A.8.30" }).click();
  await expect(control.getByText("Write a comment (at least 3 characters).")).toBeVisible();
  await expect(control.getByLabel("Comment")).toHaveValue("no");
  await control.getByLabel("Comment").fill("Outsourced development is not supervised");
  await control.getByRole("button", { name: "Flag A.8.30" }).click();
  await expect(control).toContainText("flagged: Outsourced development is not supervised");
  await expect(control.getByLabel("Comment")).toHaveValue("");
  await expect(page).toHaveURL(/theme=technological/);
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("row", { name: /Technological controls/ })).toContainText("2 of 34 reviewed · 0 accepted · 2 flagged");

  // The compliance officer hears of the flag (bell and notifications page) and answers; the auditor hears of the answer.
  // Each person in their own browser.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await login(officer, "compliance_officer");
  await officer.goto("/notifications");
  const flagNote = officer.getByRole("listitem").filter({ hasText: "Audit: a control was flagged" }).filter({ hasText: "A.8.30" });
  await expect(flagNote).toBeVisible();
  await flagNote.getByRole("link", { name: /A\.8\.30/ }).click();
  const answer = officer.getByRole("region", { name: /^A\.8\.30 / });
  await answer.getByLabel("Comment").fill("Supplier code reviews start next sprint");
  await answer.getByRole("button", { name: "Answer A.8.30" }).click();
  await expect(answer).toContainText("answered: Supplier code reviews start next sprint");
  await expect(answer.getByLabel("Comment")).toHaveValue("");

  await officerContext.close();
  await page.goto("/");
  await expect(page.getByRole("link", { name: /unread notification/ })).toBeVisible();
  await page.goto("/notifications");
  await expect(page.getByRole("listitem").filter({ hasText: "Audit: a flag was answered" }).filter({ hasText: "A.8.30" })).toBeVisible();
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Audit : réponse à un signalement" }).first()).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByText("Audit: a flag was answered").first()).toBeVisible();
});
