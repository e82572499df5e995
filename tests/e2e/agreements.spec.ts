import { expect, test, login, navigation } from "./fixtures";

test("legal records a three-party agreement, then amends it and compares the versions", async ({ page }) => {
  await login(page, "legal");
  await navigation(page).getByRole("link", { name: "Agreements" }).click();
  await expect(page.getByRole("heading", { name: "Agreements", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /GPU capacity and colocation agreement/ })).toBeVisible();
  await page.getByRole("link", { name: "New agreement" }).click();
  await expect(page.getByRole("heading", { name: "New agreement" })).toBeVisible();

  await page.getByLabel("Title").fill("Investment and expansion agreement — Frankfurt phase 2");
  await page.getByLabel("Type", { exact: true }).selectOption("financing");
  await page.getByLabel("Party 1", { exact: true }).selectOption({ label: "Helios Data Centers" });
  await page.getByLabel("Party 1: role").selectOption("customer");
  await page.getByLabel("Party 2", { exact: true }).selectOption({ label: "Auxilia Infrastructure Fund SCSp" });
  await page.getByLabel("Party 2: role").selectOption("investor");
  await page.getByRole("button", { name: "Add a party" }).click();
  await page.getByLabel("Party 3", { exact: true }).selectOption({ label: "Kairos GPU Cloud GmbH" });
  await page.getByLabel("Party 3: role").selectOption("guarantor");
  await page.getByLabel("Effective date").fill("2026-12-01");
  await page.getByLabel("Term (months)", { exact: true }).fill("60");
  await page.getByLabel("Governing law").selectOption("LU");
  // An obligation's party is chosen by name, among the parties chosen above.
  await page.getByRole("button", { name: "Add an obligation" }).click();
  await page.getByLabel("Obligation 1: party").selectOption({ label: "Kairos GPU Cloud GmbH" });
  await page.getByLabel("Obligation 1: what").fill("Parent company guarantee renewed each year");
  await page.getByLabel("Obligation 1: recurrence").selectOption("yearly");
  await page.getByLabel("Other clauses").fill("Phase 2 covers the Frankfurt campus and its two data halls for the whole term.");
  // Three wrong answers: all three at once, listed at the top (each a link to its field) and said beside each field.
  await page.getByLabel("Title").fill("x");
  await page.getByLabel("Notice period (days)").fill("ninety");
  await page.getByLabel("Data location: allowed countries").fill("Mars");
  await page.getByRole("button", { name: "Record the agreement" }).click();
  const summary = page.locator("#agreement-error-summary");
  await expect(summary).toContainText("3 answers to correct before saving");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link")).toHaveText(["Title", "Notice period (days)", "Data location: allowed countries"]);
  await expect(page.locator(".field .field-error")).toHaveCount(3);
  await summary.getByRole("link", { name: "Notice period (days)" }).click();
  await expect(page.getByLabel("Notice period (days)")).toBeFocused();
  await page.getByLabel("Notice period (days)").fill("");
  await page.getByLabel("Title").fill("Investment and expansion agreement — Frankfurt phase 2");
  await page.getByLabel("Data location: allowed countries").fill("DE, LU");
  await page.getByLabel("Capacity committed (MW)").fill("10");
  await page.getByRole("button", { name: "Record the agreement" }).click();

  await expect(page.getByRole("heading", { name: "Investment and expansion agreement — Frankfurt phase 2" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Auxilia Infrastructure Fund SCSp/ })).toContainText("Investor");
  await expect(page.getByText("2031-12-01")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Parent company guarantee" })).toContainText("Kairos GPU Cloud GmbH");

  await page.getByRole("link", { name: "Amend" }).click();
  await expect(page.getByRole("navigation", { name: "Sections of the form" }).getByRole("link")).toHaveText([
    "The agreement",
    "Parties",
    "Term and renewal",
    "Governing law and value",
    "Data location",
    "Clauses",
    "Obligations",
    "The amendment",
  ]);
  await page.getByLabel("Capacity committed (MW)").fill("14");
  await page.getByLabel("Other clauses").fill("Phase 2 covers the Frankfurt campus and its three data halls for the whole term.");
  await page.getByLabel("What this amendment changes").fill("Phase 2 extended to 14 MW");
  await page.getByRole("button", { name: "Save the amendment" }).click();
  await expect(page.getByText("Financing · v2")).toBeVisible();
  // The history says what each version changed from the one before, in words: no stored path.
  const history = page.locator(".version-history");
  await expect(history.getByText("2 changes from v1")).toBeVisible();
  const power = history.locator(".redline-list > li").filter({ hasText: "Power committed" });
  await expect(power.locator("del")).toHaveText("10\u00a0MW");
  await expect(power.locator("ins")).toHaveText("14\u00a0MW");
  const clause = history.locator(".redline-list > li").filter({ hasText: "Other clauses" });
  await expect(clause.locator("del")).toHaveText("deleted: two end of deletion");
  await expect(clause.locator("ins")).toHaveText("inserted: three end of insertion");
  await expect(history).not.toContainText("clauses.");
  await page.getByRole("button", { name: "Compare" }).click();
  const comparison = page.getByRole("region", { name: "Changes between v1 and v2" });
  await expect(comparison).toContainText("2 changes");
  await expect(comparison.getByRole("listitem").filter({ hasText: "Power committed" })).toContainText("10\u00a0MW → becomes 14\u00a0MW");
  await page.getByLabel("Title", { exact: true }).fill("Signed amendment no. 1");
  await page
    .getByLabel(/File \(the signed agreement/)
    .setInputFiles({ name: "amendment.txt", mimeType: "application/pdf", buffer: Buffer.from("not really a pdf") });
  await page.getByRole("button", { name: "Attach to the current version" }).click();
  await expect(page.getByRole("alert")).toContainText("The signed agreement must be a PDF");
  await page.getByLabel(/File \(the signed agreement/).setInputFiles({
    name: "amendment-1.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "Attach to the current version" }).click();
  await expect(page.getByRole("link", { name: "Signed amendment no. 1" })).toBeVisible();
  await page.getByRole("link", { name: "v1", exact: true }).click();
  await expect(page.getByText("not the current version")).toBeVisible();
  await page.getByRole("link", { name: "Archive" }).click();
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("link", { name: /Investment and expansion agreement/ })).toHaveCount(0);
  await page.getByLabel("Show archived agreements").check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("row", { name: /Investment and expansion agreement/ })).toContainText("Archived");
  await page.getByLabel("Type", { exact: true }).selectOption("dpa");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(3);
});

test("a tenant member sees only its own agreements and its residency profile", async ({ page }) => {
  await login(page, "tenant_member");
  await navigation(page).getByRole("link", { name: "Agreements" }).click();
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("link", { name: /Data processing agreement — Lumen AI Research/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Genovia/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New agreement" })).toHaveCount(0);
  await page.goto("/settings/tenants");
  await page.getByRole("link", { name: "Lumen AI Research SAS" }).click();
  await expect(page.getByRole("heading", { name: "Residency profile" })).toBeVisible();
  const residency = page.getByRole("region", { name: "Residency profile" });
  await expect(residency).toContainText("France");
  await expect(residency).toContainText("Data processing agreement — Lumen AI Research");
  await expect(residency).not.toContainText("Norway");
});

test("legal adds a counterparty headquartered outside the EU, with a sub-processor line checked", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/agreements");
  await page.getByRole("link", { name: "Counterparties" }).click();
  await expect(page.getByRole("cell", { name: "Northwind Evaluation Labs Inc.", exact: true })).toBeVisible();
  await page.getByLabel("Name").fill("Stratus Compute Inc.");
  await page.getByLabel("Country of registration").selectOption("US");
  await page.getByLabel("Country of headquarters").selectOption("US");
  await page.getByLabel("Sub-processors").fill("Only a name");
  await page.getByRole("button", { name: "Add a counterparty" }).click();
  await expect(page.getByText("Write each sub-processor as: name; country code; what it accesses.")).toBeVisible();
  await page.getByLabel("Sub-processors").fill("Stratus Support Ltd; IN; remote support sessions");
  await page.getByRole("button", { name: "Add a counterparty" }).click();
  await expect(page.getByRole("row", { name: /Stratus Compute Inc\./ })).toContainText("Stratus Support Ltd (IN)");
});

test("a draft starts from a template, with its clauses in the chosen language", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/agreements/new");
  await page.getByLabel("Start from a template").selectOption("dpa");
  await page.getByLabel("Language of the clauses").selectOption("fr");
  await page.getByRole("button", { name: "Use this template" }).click();
  await expect(page.getByLabel("Title")).toHaveValue("Accord de sous-traitance des données");
  await expect(page.getByLabel("Other clauses")).toHaveValue(/au plus tard 48 heures/);
  await expect(page.getByLabel("Party 1: role")).toHaveValue("controller");
});

test("legal adds a justified location to a tenant's residency profile by hand", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/settings/tenants");
  await page.getByRole("link", { name: "Genovia Biotech SA" }).click();
  const residency = page.getByRole("region", { name: "Residency profile" });
  await expect(residency).not.toContainText("Switzerland");
  await page.getByLabel("Add allowed locations by hand").fill("Atlantis");
  await page.getByRole("button", { name: "Add to the profile" }).click();
  await expect(page.getByText("Use ISO country codes")).toBeVisible();
  await page.getByLabel("Add allowed locations by hand").fill("CH");
  await page.getByLabel("Justification").fill("Genovia's written instruction of 2026-11-02 for its Basel research partner");
  await page.getByRole("button", { name: "Add to the profile" }).click();
  await expect(residency).toContainText("Switzerland");
  await expect(residency).toContainText("added by legal@helios.example");
});

test("legal archives a counterparty after confirming, then restores it", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/agreements/counterparties");
  await page.getByRole("link", { name: "Archive Auxilia Infrastructure Fund SCSp" }).click();
  await expect(page.getByRole("heading", { name: "Archive Auxilia Infrastructure Fund SCSp?" })).toBeVisible();
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(page.getByRole("row", { name: /Auxilia Infrastructure Fund SCSp/ })).toContainText("Archived");
  await page.goto("/agreements/new");
  await expect(page.locator("option", { hasText: "Auxilia Infrastructure Fund SCSp" })).toHaveCount(0);
  await page.goto("/agreements/counterparties");
  await page.getByRole("button", { name: "Restore Auxilia Infrastructure Fund SCSp" }).click();
  await expect(page.getByRole("row", { name: /Auxilia Infrastructure Fund SCSp/ })).not.toContainText("Archived");
});

test("legal marks an obligation done without amending the agreement", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/agreements");
  await page.getByRole("link", { name: /Data processing agreement — Genovia Biotech/ }).click();
  const obligation = page.getByRole("listitem").filter({ hasText: "Annual audit report on the security of processing" });
  await obligation.getByLabel(/Note on the evidence/).fill("Audit report 2026 sent on 20 November");
  await obligation.getByRole("button", { name: "Mark done" }).click();
  await expect(obligation).toContainText("Done");
  await expect(obligation).toContainText("status set by legal@helios.example");
  await expect(obligation).toContainText("Audit report 2026 sent on 20 November");
  await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
  await expect(page.getByRole("link", { name: "v2" })).toHaveCount(0);
});

test("a French reader sees the agreement's figures in French notation, the same from the server and after hydration", async ({ page }) => {
  await login(page, "legal");
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { name: "Tableau de bord" })).toBeVisible();
  await page.goto("/agreements");
  await page.getByRole("link", { name: /GPU capacity and colocation agreement/ }).click();
  await expect(page).toHaveURL(/\/agreements\/[0-9a-f-]{36}$/);
  // Narrow no-break space (U+202F) between thousands and before "%", no-break space (U+00A0) before a unit or code.
  const expected = {
    "Plafond de responsabilité": "12\u202f000\u202f000,00\u00a0EUR",
    Montant: "48\u202f000\u202f000,00\u00a0EUR",
    "Disponibilité garantie (%)": "99,95\u202f%",
    "Notification de violation (heures)": "24\u00a0h",
    "Engagement de capacité": "6\u00a0MW · 40 baies · 2\u202f560\u00a0GPU",
  };
  // What the server wrote, before any script ran.
  const html = await (await page.request.get(page.url())).text();
  for (const text of Object.values(expected)) expect(html).toContain(text);
  // What the page shows once hydrated: the same characters (a mismatch would also log a hydration error, which
  // fails the test through the fixture).
  await page.waitForLoadState("networkidle");
  for (const [term, text] of Object.entries(expected)) {
    const value = page.locator("dt", { hasText: term }).locator("xpath=following-sibling::dd[1]");
    expect(await value.textContent()).toBe(text);
  }
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("dt", { hasText: "Liability cap" }).locator("xpath=following-sibling::dd[1]")).toHaveText(
    "EUR\u00a012,000,000.00",
  );
});

test("the obligations register sorts by a column in the address, both ways, and searches", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/agreements/obligations");
  const table = page.getByRole("table");
  const parties = () => table.locator("tbody tr td:nth-child(3)").allInnerTexts();
  await expect(table.getByRole("columnheader", { name: "Due" })).toHaveAttribute("aria-sort", "ascending");
  await table.getByRole("link", { name: "Party bound" }).click();
  await expect(page).toHaveURL(/[?&]sort=party(&|$)/);
  await expect(table.getByRole("columnheader", { name: "Party bound" })).toHaveAttribute("aria-sort", "ascending");
  const ascending = await parties();
  expect(ascending.length).toBeGreaterThan(1);
  expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
  await table.getByRole("link", { name: "Party bound" }).click();
  await expect(page).toHaveURL(/[?&]sort=-party(&|$)/);
  await expect(table.getByRole("columnheader", { name: "Party bound" })).toHaveAttribute("aria-sort", "descending");
  expect(await parties()).toEqual([...ascending].sort((a, b) => b.localeCompare(a)));
  // The shared address opens the same order; a search keeps it.
  await page.reload();
  await expect(table.getByRole("columnheader", { name: "Party bound" })).toHaveAttribute("aria-sort", "descending");
  await page.getByLabel("Obligation, agreement or party").fill("firmware");
  await page.getByLabel("Obligation, agreement or party").press("Enter");
  await expect(page).toHaveURL(/q=firmware/);
  await expect(page).toHaveURL(/sort=-party/);
  const found = await table.locator("tbody tr").allInnerTexts();
  expect(found.length).toBeGreaterThan(0);
  for (const row of found) expect(row.toLowerCase()).toContain("firmware");
});
