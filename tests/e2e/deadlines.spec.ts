import { expect, test, login } from "./fixtures";

test("a compliance officer sees the deadlines, marks notifications read and subscribes a calendar", async ({ page }) => {
  await login(page, "compliance_officer");
  await page.getByRole("link", { name: /unread notification/ }).click();
  await expect(page.getByRole("heading", { name: "Deadlines and notifications" })).toBeVisible();
  await expect(
    page
      .getByRole("region", { name: "Due within 90 days, and overdue" })
      .getByRole("link", { name: /AP-2021-ICPE-0417/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole("region", { name: "Your notifications" }).getByText("AP-2021-ICPE-0417").first()).toBeVisible();
  await page.getByRole("button", { name: /Mark \d+ as read/ }).click();
  await expect(page.getByRole("button", { name: /Mark \d+ as read/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "0 unread notifications" })).toBeVisible();

  await page.getByRole("link", { name: "Notification preferences" }).click();
  await page.getByRole("button", { name: "Create a calendar address" }).click();
  const url = await page.getByLabel("Your calendar address").inputValue();
  expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const feed = await page.request.get(url);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const body = await feed.text();
  expect(body).toContain("BEGIN:VCALENDAR");
  expect(body).toContain("AP-2021-ICPE-0417");
});
