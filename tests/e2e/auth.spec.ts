import { expect, test, DEMO, DEMO_PASSWORD, login, navigation, type DemoRole } from "./fixtures";

const EXPECTED_NAVIGATION: Record<DemoRole, string[]> = {
  admin: [
    "Dashboard",
    "Inventory",
    "Findings",
    "Policies",
    "Controls",
    "Risks",
    "Permits",
    "Agreements",
    "Reports",
    "Audits",
    "Audit log",
    "Settings",
  ],
  compliance_officer: [
    "Dashboard",
    "Inventory",
    "Findings",
    "Policies",
    "Controls",
    "Risks",
    "Permits",
    "Agreements",
    "Reports",
    "Audits",
    "Audit log",
    "Settings",
  ],
  legal: [
    "Dashboard",
    "Inventory",
    "Findings",
    "Policies",
    "Controls",
    "Risks",
    "Permits",
    "Agreements",
    "Reports",
    "Audits",
    "Audit log",
    "Settings",
  ],
  auditor: [
    "Dashboard",
    "Inventory",
    "Findings",
    "Policies",
    "Controls",
    "Risks",
    "Permits",
    "Agreements",
    "Reports",
    "Audits",
    "Audit log",
    "Settings",
  ],
  tenant_member: ["Dashboard", "Findings", "Agreements", "Reports", "Settings"],
};

for (const role of Object.keys(DEMO) as DemoRole[]) {
  test(`${role} signs in and sees its navigation`, async ({ page }) => {
    await login(page, role);
    await expect(navigation(page).getByRole("link")).toHaveText(EXPECTED_NAVIGATION[role]);
  });
}

test("the members page is offered to admins and auditors only", async ({ page }) => {
  await login(page, "legal");
  await page.goto("/settings");
  await expect(page.getByRole("link", { name: /Members and invitations/ })).toHaveCount(0);
  await page.goto("/settings/members");
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
});

test("a wrong password shows an error and keeps the user out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.compliance_officer);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faudit/);
});

test("an empty sign-in form names the missing field and focuses it", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
});

test("a tenant member opening another tenant's page gets 403", async ({ page }) => {
  await login(page, "tenant_member");
  await page.goto("/settings/tenants");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Lumen AI Research SAS" })).toBeVisible();
  // The id of another tenant, as someone might guess or copy it.
  const otherTenantId = await otherTenantIdAsAdmin(page.context().browser()!);
  const response = await page.goto(`/settings/tenants/${otherTenantId}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
});

async function otherTenantIdAsAdmin(browser: import("@playwright/test").Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, "admin");
  await page.goto("/settings/tenants");
  const href = await page.getByRole("link", { name: "Kairos GPU Cloud GmbH" }).getAttribute("href");
  await context.close();
  return href!.split("/").pop();
}

test("signing out ends the session", async ({ page }) => {
  await login(page, "auditor");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("a page opened before signing in or out elsewhere says to reload it, not that the role is refused", async ({ page }) => {
  // Two windows of one browser on the sign-in page; signing in in the first makes the second's form stale.
  const other = await page.context().newPage();
  await other.goto("/login");
  await login(page, "auditor");
  await other.getByLabel("Email").fill(DEMO.auditor);
  await other.getByLabel("Password").fill(DEMO_PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("heading", { name: "This page is out of date" })).toBeVisible();
  await expect(other.getByText("Access denied")).toHaveCount(0);
  await other.getByRole("link", { name: "Reload this page" }).click();
  await expect(other.getByTestId("current-user")).toBeVisible();

  // Signed out in one window, the other's "Sign out" has nothing left to do and lands on the sign-in page.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toHaveURL(/\/login$/);
});

test("an admin of two organisations switches between them", async ({ page }) => {
  await login(page, "admin");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("main").getByText("Helios Data Centers")).toBeVisible();
  await page.getByLabel("Organisation").selectOption({ label: "Septentrion Calcul" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByRole("main").getByText("Septentrion Calcul")).toBeVisible();
  await page.goto("/settings/tenants");
  await expect(page.getByRole("heading", { name: "No tenant yet" })).toBeVisible();
});
