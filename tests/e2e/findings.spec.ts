import { daysFromToday, expect, test, login, navigation } from "./fixtures";

test("a compliance officer reads a finding's evidence and requests an exception; an admin approves it (four eyes) and revokes it", async ({
  page,
}) => {
  await login(page, "compliance_officer");
  await navigation(page).getByRole("link", { name: "Findings" }).click();
  await expect(page.getByRole("heading", { name: "Findings", level: 1 })).toBeVisible();
  await page.getByLabel("Severity").selectOption("critical");
  await page.getByRole("button", { name: "Apply" }).click();
  const replica = page.getByRole("row", { name: /Replica of personal data outside/ });
  await expect(replica).toContainText("Lumen assistant conversation logs");
  await expect(page.getByRole("row", { name: /Storage volume not encrypted/ })).toHaveCount(0);

  await replica.getByRole("link", { name: /Replica of personal data/ }).click();
  await expect(page.getByRole("heading", { name: "Replica of personal data outside the tenant's residency profile" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What was checked" })).toBeVisible();
  await expect(page.getByRole("definition").getByText("Lumen assistant conversation logs").first()).toBeVisible();
  await expect(page.getByText("resource.replica_countries", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "GDPR Art. 44" })).toBeVisible();

  // A critical finding: a second person must approve.
  await expect(page.getByText("A second person must approve: critical and high findings need four eyes.")).toBeVisible();
  await page.getByRole("button", { name: "Request an exception" }).click();
  await expect(page.getByText("Explain the decision in at least 10 characters.")).toBeVisible();
  await expect(page.getByText("Enter a valid date.")).toBeVisible();
  await page.getByLabel("Justification").fill("US evaluation replica approved by the DPO until migration to eu-west-3");
  await page.getByLabel("Exception expires on").fill(daysFromToday(30));
  await page.getByRole("button", { name: "Request an exception" }).click();
  await expect(page.getByText(/^Awaiting approval: requested by compliance@helios.example until /)).toBeVisible();
  await expect(page.getByText("You asked for this exception: another compliance officer or an admin must decide it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Yes, approve" })).toHaveCount(0);
  await expect(page.getByRole("definition").getByText("Open", { exact: true })).toBeVisible();

  // Another person (the admin) approves it.
  const findingUrl = page.url();
  await page.context().clearCookies();
  await login(page, "admin");
  await page.goto(findingUrl);
  await page.getByText("Approve…").click();
  await page.getByRole("button", { name: "Yes, approve" }).click();
  await expect(page.getByText("Accepted (exception)")).toBeVisible();
  await expect(page.getByRole("list").getByText("Exception granted")).toBeVisible();

  await page.getByLabel("Reason").fill("Migration slipped");
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("Exception revoked")).toBeVisible();
  await expect(page.getByRole("definition").getByText("Open", { exact: true })).toBeVisible();
});

test("bulk exceptions: select-all for the page, a count, refused without a selection, then confirmed and granted", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/findings?policy=iso27001.a8-24.storage-encrypted-at-rest");
  await page.getByRole("button", { name: "Accept selected findings" }).click();
  await expect(page.getByText("Select at least one open finding.")).toBeVisible();
  const boxes = page.getByRole("checkbox", { name: /Select the finding on/ });
  const rows = await boxes.count();
  expect(rows).toBeGreaterThan(2);
  const all = page.getByRole("checkbox", { name: "Select every open finding on this page" });
  // Keyboard: the header box is reached and ticked like any checkbox.
  await all.focus();
  await page.keyboard.press("Space");
  await expect(all).toBeChecked();
  for (let i = 0; i < rows; i++) await expect(boxes.nth(i)).toBeChecked();
  await expect(page.getByText(`${rows} selected`)).toBeVisible();
  await all.uncheck();
  await expect(page.getByText("0 selected")).toBeVisible();
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await expect(page.getByText("2 selected")).toBeVisible();
  await expect(all).not.toBeChecked();
  expect(await all.evaluate((box) => (box as HTMLInputElement).indeterminate)).toBe(true);
  await page.getByLabel("Justification").fill("Disks replaced during the December maintenance window");
  await page.getByLabel("Exception expires on").fill(daysFromToday(30));
  await page.getByRole("button", { name: "Accept selected findings" }).click();
  await expect(page.getByRole("heading", { name: /^Accept 2 findings with an exception until / })).toBeFocused();
  await expect(page.getByText("A second person must approve: critical and high findings need four eyes.").first()).toBeVisible();
  await page.getByRole("button", { name: "Yes, accept 2 findings" }).click();
  // Encryption at rest is a high finding: both wait for a second person's approval.
  await expect(page.getByText("2 exception requests await a second person's approval.")).toBeVisible();
  await page.getByRole("link", { name: /exceptions? waiting for approval$/ }).click();
  await expect(page.getByRole("heading", { name: "Pending exceptions" })).toBeVisible();
  // Their own requests: shown with the reason, without the decision.
  await expect(
    page.getByText("You asked for this exception: another compliance officer or an admin must decide it.").first(),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Yes, approve" })).toHaveCount(0);
  // They may take one back: confirmed first, then the finding stays open.
  await page.getByText("Withdraw…").first().click();
  await page.getByRole("button", { name: "Yes, withdraw" }).click();
  await expect(page.getByText("Exception request withdrawn: the finding stays open.")).toBeVisible();
  await expect(page.getByText("Withdraw…")).toHaveCount(1);
});

test("a finding opened from a filtered, sorted second page goes back to that page", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/findings");
  // Open or accepted: the demo's 26 findings, whatever the other tests accepted, so that there is a second page.
  await page.getByLabel("Status").selectOption("live");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=live/);
  await page
    .getByRole("columnheader", { name: /Resource/ })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/sort=resource/);
  await expect(page.getByRole("columnheader", { name: /Resource/ })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  const list = new URL(page.url());
  const firstRow = page.getByRole("row").nth(1);
  await firstRow.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "What was checked" })).toBeVisible();
  await page.getByRole("link", { name: "← All findings" }).click();
  await expect(page).toHaveURL(`${list.pathname}${list.search}`);
  await expect(page.getByLabel("Status")).toHaveValue("live");
  await expect(page.getByText(/Page 2 of/)).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /Resource/ })).toHaveAttribute("aria-sort", "ascending");
  // A "from" that is not the findings list of this app is not followed.
  const id = new URL(
    await firstRow
      .getByRole("link")
      .first()
      .getAttribute("href")
      .then((h) => h!),
    list,
  ).pathname;
  await page.goto(`${id}?from=${encodeURIComponent("https://evil.example/findings")}`);
  await expect(page.getByRole("link", { name: "← All findings" })).toHaveAttribute("href", "/findings");
});

test("a site missing a permit: the finding names its permits and opens the permit form prefilled", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/findings?policy=permits.required.active-for-operating-site");
  await page.getByRole("link", { name: "Operating site missing a required permit" }).first().click();
  await expect(
    page.getByRole("definition").getByText("Every operating site holds an active (granted, unexpired) permit of each required type."),
  ).toBeVisible();
  const named = page.getByRole("list", { name: "Named in this finding" });
  await expect(named.getByRole("link").first()).toBeVisible();
  await page.getByText("Evidence as recorded (JSON)").click();
  await expect(page.locator(".raw-evidence pre")).toContainText('"resource.permits"');
  const action = page.getByRole("link", { name: /^Record a permit \(.+\) for / }).first();
  const target = new URL((await action.getAttribute("href"))!, page.url());
  await action.click();
  await expect(page.getByRole("heading", { name: "New permit", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Site")).toHaveValue(target.searchParams.get("site")!);
  await expect(page.getByLabel("Type")).toHaveValue(target.searchParams.get("type")!);
});

test("a tenant member sees only its own tenant's findings", async ({ page }) => {
  await login(page, "tenant_member");
  await navigation(page).getByRole("link", { name: "Findings" }).click();
  await expect(page.getByRole("heading", { name: "Findings", level: 1 })).toBeVisible();
  await expect(page.getByText("Lumen assistant conversation logs").first()).toBeVisible();
  await expect(page.getByText("Genovia")).toHaveCount(0);
  await expect(page.getByText("Kairos")).toHaveCount(0);
  await expect(navigation(page).getByRole("link", { name: "Policies" })).toHaveCount(0);
  expect((await page.goto("/policies"))?.status()).toBe(403);
});

test("policies show their pass rate and fixtures; a parameter override is saved; a full run is started", async ({ page }) => {
  await login(page, "compliance_officer");
  await navigation(page).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  const pue = page.getByRole("row", { name: /PUE above the target/ });
  await expect(pue).toContainText("100%");
  await pue.getByRole("link", { name: "PUE above the target" }).click();
  await expect(page.getByText("resource.installed_it_kw >= double(params.threshold_kw)").first()).toBeVisible();
  await expect(page.getByRole("row", { name: /PUE 1.62/ })).toContainText("✓");
  await page.getByLabel("max_pue").fill("abc");
  await page.getByRole("button", { name: "Save values" }).click();
  await expect(page.getByText("Enter a number.")).toBeVisible();
  await page.getByLabel("max_pue").fill("1.3");
  await page.getByRole("button", { name: "Save values" }).click();
  await expect(page.getByText("Saved. The affected resources are re-checked now.")).toBeVisible();
  await expect(page.getByText("max_pue = 1.3")).toBeVisible();
  // The organisation-wide change is evaluated by a full run: Frankfurt's PUE of 1.35 now fails.
  await expect(async () => {
    await page.goto("/findings?policy=energy.pue.over-limit");
    await expect(page.getByRole("row", { name: /Helios Frankfurt/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  await page.goto("/policies/runs");
  await page.getByRole("button", { name: "Run a full evaluation" }).click();
  await expect(page.getByText("A full evaluation is queued")).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row", { name: /Manual · full/ }).first()).toContainText("Completed", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});

test("the dashboard shows the posture and the Statement of Applicability the automated evidence", async ({ page }) => {
  await login(page, "auditor");
  await expect(page.getByRole("heading", { name: "Compliance posture" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Critical open/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Open findings went from/ })).toBeVisible();
  await page.getByRole("link", { name: "GDPR (Regulation (EU) 2016/679)" }).first().click();
  await expect(page.getByRole("heading", { name: "Findings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Framework")).toHaveValue("gdpr");

  await page.goto("/controls?framework=iso27001-2022");
  await expect(page.getByRole("row", { name: /A\.8\.24/ })).toContainText("failing");
  await expect(page.getByRole("row", { name: /A\.7\.2 / })).toContainText("Policies pass");
  await page.getByRole("link", { name: /A\.8\.24/ }).click();
  await expect(page.getByRole("link", { name: "Storage volume not encrypted at rest" })).toBeVisible();
});

test("a tenant member's dashboard counts its own findings only", async ({ page }) => {
  await login(page, "tenant_member");
  await expect(page.getByRole("heading", { name: "Compliance posture" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open findings by tenant" })).toHaveCount(0);
});

test("a compliance officer writes an organisation policy: checked as typed, dry-run, saved, then evaluated", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.goto("/policies");
  await page.getByRole("link", { name: "New policy" }).click();
  const status = page.locator("#source-status");
  await expect(status).toContainText("Valid: the policy compiles and its 2 fixtures give the expected results.");
  const editor = page.getByLabel("Policy (YAML)");
  const source = await editor.inputValue();
  await editor.fill(source.replace("<= double(params.max_kw)", "<= double(params.max_kw"));
  await expect(status).toContainText("Not valid — assert");
  await editor.fill(source.replace("custom.racks.power-budget", "custom.racks.power-budget-e2e"));
  await expect(status).toContainText("Valid");
  await page.getByRole("button", { name: "Dry run on the live inventory" }).click();
  await expect(page.getByRole("heading", { name: "Dry run: what this policy would find now" })).toBeVisible();
  await expect(page.getByRole("row", { name: /has a power budget of 130 kW/ }).first()).toBeVisible();
  await page.getByLabel("What changed (optional)").fill("Liquid-cooling review threshold");
  await page.getByRole("button", { name: "Save the policy" }).click();
  await expect(page.getByRole("heading", { name: "Rack power budget above 100 kW" })).toBeVisible();
  await page.getByRole("link", { name: "Edit this organisation policy and see its versions" }).click();
  await expect(page.getByText("v1 · compliance@helios.example")).toBeVisible();
  await expect(async () => {
    await page.goto("/findings?policy=custom.racks.power-budget-e2e");
    await expect(page.getByRole("row", { name: /has a power budget of 130 kW/ }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});
