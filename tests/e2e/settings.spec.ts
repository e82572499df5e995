import { expect, test, login } from "./fixtures";

test("an admin creates, edits and deletes a tenant, and the audit log shows each change", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/settings/tenants");
  await page.getByRole("link", { name: "New tenant" }).first().click();

  await page.getByLabel("Legal name").fill("Orion Robotics SAS");
  await page.getByLabel("Identifier").fill("Not valid!");
  await page.getByRole("button", { name: "Create the tenant" }).click();
  await expect(page.getByText("Use 1–50 lowercase letters")).toBeVisible();
  await expect(page.getByLabel("Identifier")).toBeFocused();

  await page.getByLabel("Identifier").fill("orion-robotics");
  await page.getByLabel("Country of registration").selectOption("FR");
  await page.getByLabel("Registration number").fill("RCS Lyon 123 456 789");
  await page.getByLabel("Contact 1: name").fill("Marie Curie");
  await page.getByLabel("Contact 1: email").fill("marie@orion.example");
  await page.getByRole("button", { name: "Create the tenant" }).click();
  await expect(page.getByRole("heading", { name: "Orion Robotics SAS" })).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Legal name").fill("Orion Robotics Europe SAS");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Orion Robotics Europe SAS" })).toBeVisible();

  await page.getByRole("link", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { name: "Delete Orion Robotics Europe SAS?" })).toBeVisible();
  await page.getByRole("button", { name: "Delete the tenant" }).click();
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Orion Robotics/ })).toHaveCount(0);

  await page.goto("/audit?entityType=tenant");
  const actions = page.getByRole("table").locator("tbody tr td:nth-child(4)");
  await expect(actions.nth(0)).toHaveText("Tenant deleted");
  await expect(actions.nth(1)).toHaveText("Tenant updated");
  await expect(actions.nth(2)).toHaveText("Tenant created");
});

test("a tenant with members cannot be deleted; the reason is shown", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/settings/tenants");
  await page.getByRole("link", { name: "Lumen AI Research SAS" }).click();
  await page.getByRole("link", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete the tenant" }).click();
  await expect(page.getByRole("alert")).toContainText("still has members");
});

test("an admin invites a tenant member, who accepts the one-time link and sees only its tenant", async ({ page, browser }) => {
  await login(page, "admin");
  await page.goto("/settings/members/invite");
  await page.getByLabel("Email").fill("new.engineer@kairos-cloud.example");
  await page.getByLabel("Role").selectOption("tenant_member");
  await page.getByRole("button", { name: "Create the invitation" }).click();
  await expect(page.getByText("A tenant member must belong to one of your tenants.")).toBeVisible();
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: "Kairos GPU Cloud GmbH" });
  await page.getByRole("button", { name: "Create the invitation" }).click();
  const link = await page.getByLabel("One-time link to send").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await inviteePage.getByLabel("Your full name").fill("Nina Kowalski");
  await inviteePage.getByLabel("Choose a password").fill("short");
  await inviteePage.getByLabel("Repeat the password").fill("short");
  await inviteePage.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(inviteePage.getByText("at least 12 characters long")).toBeVisible();
  await inviteePage.getByLabel("Choose a password").fill("a-much-longer-passphrase-7");
  await inviteePage.getByLabel("Repeat the password").fill("a-much-longer-passphrase-7");
  await inviteePage.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(inviteePage.getByTestId("current-user")).toContainText("Nina Kowalski");
  await inviteePage.goto("/settings/tenants");
  await expect(inviteePage.getByRole("link", { name: "Kairos GPU Cloud GmbH" })).toBeVisible();
  await expect(inviteePage.getByRole("link", { name: "Lumen AI Research SAS" })).toHaveCount(0);
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Not found" })).toBeVisible();
  await invitee.close();

  await page.goto("/settings/members");
  await expect(page.getByRole("cell", { name: "Nina Kowalski", exact: true })).toBeVisible();
});

test("an admin removes a member after confirming", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/settings/members");
  await page.getByRole("link", { name: "Remove Nina Kowalski" }).click();
  await expect(page.getByRole("heading", { name: "Remove Nina Kowalski?" })).toBeVisible();
  await page.getByRole("button", { name: "Remove the member" }).click();
  await expect(page.getByRole("cell", { name: "Nina Kowalski", exact: true })).toHaveCount(0);
});

test("an admin creates an API token, sees its secret once, and revokes it after confirming", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("NetBox sync");
  await page.getByRole("button", { name: "Create the token" }).click();
  await expect(page.getByText("Choose at least one scope.")).toBeVisible();
  await page.getByRole("checkbox", { name: "inventory:write" }).check();
  await page.getByRole("button", { name: "Create the token" }).click();
  await expect(page.getByLabel("Your new token")).toHaveValue(/^att_/);
  await expect(page.getByRole("row", { name: /NetBox sync/ })).toContainText("Active");
  await page.goto("/settings/tokens");
  await expect(page.getByLabel("Your new token")).toHaveCount(0);
  await page.getByRole("link", { name: "Revoke NetBox sync" }).click();
  await expect(page.getByRole("heading", { name: "Revoke the token NetBox sync?" })).toBeVisible();
  await page.getByRole("button", { name: "Revoke the token" }).click();
  await expect(page.getByRole("row", { name: /NetBox sync/ })).toContainText("Revoked");
});

test("an admin revokes a pending invitation; its link then leads nowhere", async ({ page, browser }) => {
  await login(page, "admin");
  await page.goto("/settings/members/invite");
  await page.getByLabel("Email").fill("temp.auditor@external-audit.example");
  await page.getByLabel("Role").selectOption("auditor");
  await page.getByRole("button", { name: "Create the invitation" }).click();
  const link = await page.getByLabel("One-time link to send").inputValue();
  await page.goto("/settings/members");
  const row = page.getByRole("row", { name: /temp\.auditor@external-audit\.example/ });
  await row.getByRole("link", { name: "Revoke" }).click();
  await expect(page.getByRole("heading", { name: "Revoke this invitation?" })).toBeVisible();
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("row", { name: /temp\.auditor@external-audit\.example/ })).toHaveCount(0);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  await other.close();
});

test("an admin renames a member; a blank name is refused beside the field", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/settings/members");
  await page.getByRole("link", { name: "Edit Thomas Lefèvre" }).click();
  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Thomas Lefèvre-Durand");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("cell", { name: "Thomas Lefèvre-Durand", exact: true })).toBeVisible();
});

test("an admin creates and rotates the organisation's signing key after confirming; the public keys are published", async ({
  page,
  request,
}) => {
  await login(page, "admin");
  await page.goto("/settings");
  await page.getByRole("link", { name: /Signing keys/ }).click();
  await page.getByRole("link", { name: /Create a key|Rotate the key/ }).click();
  await page.getByRole("button", { name: /Create a key|Rotate the key/ }).click();
  await expect(page.getByRole("cell", { name: "Signs new documents" })).toBeVisible();
  const kid = (await page.getByRole("row").nth(1).getByRole("code").first().textContent())!.trim();
  await page.getByRole("link", { name: "Rotate the key" }).click();
  await expect(page.getByRole("heading", { name: "Rotate the signing key?" })).toBeVisible();
  await page.getByRole("button", { name: "Rotate the key" }).click();
  await expect(page.getByRole("row", { name: new RegExp(kid) })).toContainText("Retired");
  const published = (await (await request.get("/.well-known/attest-keys.json")).json()) as {
    keys: { kid: string; retired_at: string | null }[];
  };
  expect(published.keys.find((k) => k.kid === kid)?.retired_at).not.toBeNull();
  expect(published.keys.filter((k) => k.retired_at === null).length).toBeGreaterThanOrEqual(1);
});
