import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Browser, Locator, Page } from "@playwright/test";
import { DEMO, expect, login, test, type DemoRole } from "./fixtures";
import { leakDetector, pageRoutes, routeOf, type Seen } from "./french-leaks";
import { accessibilityViolations, violationReport, type Violation } from "./accessibility";

/**
 * Issue 16, how to prove it: every role, in French, on every page route (detail pages with the first demo record a
 * list links to), sees no English catalogue string and no raw code outside <code>, <pre> and <kbd>. The route list
 * is read from app/routes, so a new page is visited without anyone adding it here.
 */

const ROUTES = pageRoutes();
const ROLES = Object.keys(DEMO) as DemoRole[];

/** What the crawl found, kept for the run: the folder is emptied with the e2e database at each server start. */
const URLS_FILE = ".cache/e2e/french-everywhere-urls.json";

/**
 * Records the demo does not hold, so that no link leads to their pages: the spec creates one of each, as an
 * administrator would. What is created stays harmless for the other specs: a token, a pending invitation, an
 * organisation policy that passes everywhere.
 */
const CREATE: { pattern: string; create: (page: Page) => Promise<string> }[] = [
  {
    // Offered on a risk's page to its owner only (the compliance officer for the demo's retained risks).
    pattern: "/risks/:riskId/accept",
    create: async (page) => {
      await page.goto("/risks?treatment=retain");
      return `${await pathOf(page.getByRole("table", { name: "Risks", exact: true }).locator("tbody a").first())}/accept`;
    },
  },
  {
    pattern: "/settings/tokens/:tokenId/revoke",
    create: async (page) => {
      await page.goto("/settings/tokens");
      await page.getByLabel("Name").fill("French pages check");
      await page.getByRole("checkbox", { name: "inventory:read" }).check();
      await page.getByRole("button", { name: "Create the token" }).click();
      await expect(page.getByLabel("Your new token")).toHaveValue(/^att_/);
      return pathOf(page.getByRole("link", { name: "Revoke French pages check" }));
    },
  },
  {
    pattern: "/policies/custom/:policyId",
    create: async (page) => {
      await page.goto("/policies/custom/new");
      const editor = page.getByLabel("Policy (YAML)");
      const source = (await editor.inputValue())
        .replace("custom.racks.power-budget", "custom.racks.french-pages-check")
        .replaceAll("100 kW", "100 MW")
        .replace("max_kw: 100", "max_kw: 100000")
        .replace("power_budget_kw: 130 }", "power_budget_kw: 130000 }");
      await editor.fill(source);
      await expect(page.locator("#source-status")).toContainText("Valid");
      await page.getByRole("button", { name: "Save the policy" }).click();
      await expect(page.getByRole("heading", { name: "Rack power budget above 100 MW" })).toBeVisible();
      return pathOf(page.getByRole("link", { name: "Edit this organisation policy and see its versions" }));
    },
  },
];

/** The invitation page is opened from the one-time link, shown once when the invitation is created. */
async function createInvitation(page: Page): Promise<string> {
  await page.goto("/settings/members/invite");
  await page.getByLabel("Email").fill("french.pages@external-audit.example");
  await page.getByLabel("Role").selectOption("auditor");
  await page.getByRole("button", { name: "Create the invitation" }).click();
  return new URL(await page.getByLabel("One-time link to send").inputValue()).pathname;
}

async function pathOf(link: Locator): Promise<string> {
  return new URL((await link.getAttribute("href"))!, "http://localhost").pathname;
}

type Leak = { url: string; kind: string; text: string; reasons: string[] };

/** Visible text of the page (plus the placeholders and accessible names it sets), and the links it holds. */
async function readPage(page: Page): Promise<{ seen: Seen[]; links: string[]; lang: string; path: string }> {
  return page.evaluate(() => {
    // What sits in a closed <details> is one click away: read it too.
    for (const details of document.querySelectorAll("details")) details.open = true;
    // Code is shown as code; a text area holds what the user types (a policy's YAML source, a note).
    const skipped = "code, pre, kbd, samp, script, style, noscript, template, textarea";
    const inFrench = (el: Element) => (el.closest("[lang]")?.getAttribute("lang") ?? "").startsWith("fr");
    const seen: { kind: string; text: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = (node.nodeValue ?? "").replace(/\s+/g, " ").trim();
      if (!el || !text || el.closest(skipped) || !inFrench(el)) continue;
      // An option is shown by its select; the browser reports the option itself as not rendered.
      const shown = el.closest("select") ?? el;
      if (!shown.checkVisibility({ visibilityProperty: true })) continue;
      seen.push({ kind: el.closest("option") ? "option" : "text", text });
    }
    for (const el of document.body.querySelectorAll("[placeholder], [aria-label], [title], img[alt]")) {
      if (el.closest(skipped) || !inFrench(el)) continue;
      for (const attribute of ["placeholder", "aria-label", "title", "alt"]) {
        const value = el.getAttribute(attribute)?.trim();
        if (value) seen.push({ kind: `[${attribute}]`, text: value });
      }
    }
    const links = [...document.querySelectorAll("a[href]")]
      .map((a) => new URL((a as HTMLAnchorElement).href, location.href))
      .filter((url) => url.origin === location.origin)
      .map((url) => url.pathname);
    return { seen, links, lang: document.documentElement.lang, path: location.pathname };
  });
}

async function switchToFrench(page: Page) {
  const french = page.getByRole("button", { name: "Français" });
  if ((await french.getAttribute("aria-pressed")) !== "true") {
    await french.click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  }
}

/**
 * Visits the static page routes, then, breadth first, the first link found to each route with parameters (the
 * inventory's first asset, its first finding, …), then `fallback` for the routes this visitor found no link to.
 * `onPage` reads each page.
 */
async function crawl(
  page: Page,
  fallback: Map<string, string>,
  onPage: (url: string, read: Awaited<ReturnType<typeof readPage>>, status: number) => void | Promise<void>,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const queue = ROUTES.filter((r) => r.params.length === 0).map((r) => r.pattern);
  const visited = new Set<string>();
  const visit = async (url: string) => {
    if (visited.has(url)) return;
    visited.add(url);
    const response = await page.goto(url);
    const read = await readPage(page);
    await onPage(url, read, response?.status() ?? 0);
    for (const link of read.links) {
      const route = routeOf(link);
      if (route && route.params.length > 0 && !found.has(route.pattern)) {
        found.set(route.pattern, link);
        queue.push(link);
      }
    }
  };
  while (queue.length > 0) await visit(queue.shift()!);
  for (const route of ROUTES.filter((r) => r.params.length > 0 && !found.has(r.pattern))) {
    const url = fallback.get(route.pattern);
    if (url) await visit(url);
  }
  return found;
}

/**
 * Signs in as `role` (or not at all), switches to French and runs `visit`. The choice of language is remembered on the
 * account, and the specs that follow read the demo accounts in English: English is chosen again at the end.
 */
async function inFrench(browser: Browser, role: DemoRole | null, visit: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    if (role) await login(page, role);
    else await page.goto("/login");
    await switchToFrench(page);
    await visit(page);
  } finally {
    if (role) {
      await page.goto("/");
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    await context.close();
  }
}

/** The address each route with parameters is visited at, found by the administrator following links. */
const demoUrls = new Map<string, string>();

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  if (existsSync(URLS_FILE)) {
    for (const [pattern, url] of Object.entries(JSON.parse(readFileSync(URLS_FILE, "utf8")) as Record<string, string>))
      demoUrls.set(pattern, url);
    return;
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, "admin");
  demoUrls.set("/invite/:token", await createInvitation(page));
  for (const [pattern, url] of await crawl(page, new Map(), () => {})) demoUrls.set(pattern, url);
  for (const { pattern, create } of CREATE) if (!demoUrls.has(pattern)) demoUrls.set(pattern, await create(page));
  await context.close();
  writeFileSync(URLS_FILE, JSON.stringify(Object.fromEntries(demoUrls), null, 2));
});

test("the route list holds every page route, and each route with parameters has a demo address", () => {
  expect(ROUTES.length).toBeGreaterThanOrEqual(45);
  expect(ROUTES.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/", "/inventory/:assetId", "/findings/:findingId", "/login"]));
  const missing = ROUTES.filter((r) => r.params.length > 0 && !demoUrls.has(r.pattern)).map((r) => `${r.pattern} (${r.file})`);
  expect(missing, "routes with parameters no link of the demo leads to (add a demo record, or create one in CREATE)").toEqual([]);
});

function report(leaks: Leak[]): string {
  const byText = new Map<string, { reasons: string[]; kind: string; urls: Set<string> }>();
  for (const leak of leaks) {
    const key = `${leak.kind} ${leak.text}`;
    const entry = byText.get(key) ?? { reasons: leak.reasons, kind: leak.kind, urls: new Set<string>() };
    entry.urls.add(leak.url);
    byText.set(key, entry);
  }
  return [...byText.entries()]
    .map(
      ([key, e]) =>
        `${[...e.urls].slice(0, 3).join(", ")}${e.urls.size > 3 ? ` (+${e.urls.size - 3})` : ""} → ${key}  [${e.reasons.join("; ")}]`,
    )
    .join("\n");
}

const detect = leakDetector();

/**
 * Issue 17: no serious or critical accessibility violation (axe-core, WCAG 2.1 A and AA) on any page, in French and in
 * English. The administrator reaches every operator page, the tenant member the portal, the visitor the public pages:
 * the three together visit every page route, so the check runs for them (in both languages) and not for every role.
 */
const AXE_VISITORS = new Set<DemoRole | null>(["admin", "tenant_member", null]);

for (const role of [...ROLES, null]) {
  test(`${role ?? "a visitor who is not signed in"} sees every page in French`, async ({ browser }) => {
    const leaks: Leak[] = [];
    const requested = new Set<string>();
    const outcomes = { shown: 0, refused: 0, redirected: 0 };
    const statuses: string[] = [];
    const violations: Violation[] = [];
    await inFrench(browser, role, async (page) => {
      await crawl(page, demoUrls, async (url, read, status) => {
        if (AXE_VISITORS.has(role)) violations.push(...(await accessibilityViolations(page, url)));
        requested.add(routeOf(url)!.pattern);
        if (read.path !== url) outcomes.redirected += 1;
        else if (status === 403 || status === 404) outcomes.refused += 1;
        else outcomes.shown += 1;
        if (status >= 500) statuses.push(`${url}: ${status}`);
        // A refusal or a redirection (to the sign-in page, the dashboard) is read where it lands.
        const where = read.path === url ? url : `${url} (→ ${read.path}, ${status})`;
        if (read.lang !== "fr") leaks.push({ url: where, kind: "page", text: `<html lang="${read.lang}">`, reasons: ["not in French"] });
        for (const seen of read.seen) {
          const reasons = detect(seen);
          if (reasons.length > 0) leaks.push({ url: where, ...seen, reasons });
        }
      });
    });
    expect(statuses, "server errors").toEqual([]);
    const visited =
      `${requested.size} of ${ROUTES.length} page routes, ${outcomes.shown + outcomes.refused + outcomes.redirected} addresses: ` +
      `${outcomes.shown} shown, ${outcomes.refused} refused (403/404), ${outcomes.redirected} redirected`;
    test.info().annotations.push({ type: "pages", description: visited });
    console.log(`${role ?? "visitor"}: ${visited}`);
    expect(
      ROUTES.map((r) => r.pattern).filter((p) => !requested.has(p)),
      "page routes not visited",
    ).toEqual([]);
    expect(leaks.length, `English or raw codes on French pages:\n${report(leaks)}`).toBe(0);
    expect(violations.length, `accessibility violations (French):\n${violationReport(violations)}`).toBe(0);
  });
}

for (const role of AXE_VISITORS) {
  test(`${role ?? "a visitor who is not signed in"} meets WCAG 2.1 AA on every page in English (axe)`, async ({ browser }) => {
    const violations: Violation[] = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    if (role) await login(page, role);
    else await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await crawl(page, demoUrls, async (url) => {
      violations.push(...(await accessibilityViolations(page, url)));
    });
    await context.close();
    expect(violations.length, `accessibility violations (English):\n${violationReport(violations)}`).toBe(0);
  });
}

test("screenshots of the French controls list, a finding and the dashboard (docs/screenshots)", async ({ browser }) => {
  // The date fields' jj/mm/aaaa is drawn by the browser in its own language (this Chromium's is English), not by
  // the page: a French browser shows it in French.
  await inFrench(browser, "compliance_officer", async (page) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto("/");
    await page.screenshot({ path: "docs/screenshots/fr-dashboard.png", fullPage: true });
    await page.goto("/controls");
    // The first rows of the 93 controls.
    await page.screenshot({ path: "docs/screenshots/fr-controls.png", fullPage: true, clip: { x: 0, y: 0, width: 1366, height: 1500 } });
    await page.goto("/findings");
    await page.locator("main table tbody a[href^='/findings/']").first().click();
    await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/);
    await page.screenshot({ path: "docs/screenshots/fr-finding.png", fullPage: true });
  });
});
