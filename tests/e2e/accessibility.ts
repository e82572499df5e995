import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** What the browser tests refuse: axe's serious and critical violations of WCAG 2.1 A and AA. */
const REFUSED = new Set(["serious", "critical"]);

export type Violation = { url: string; rule: string; impact: string; targets: string[] };

/** The page's serious and critical accessibility violations, as axe-core finds them, each with a few elements it names. */
export async function accessibilityViolations(page: Page, url: string): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => REFUSED.has(v.impact ?? ""))
    .map((v) => ({ url, rule: v.id, impact: v.impact!, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}

export function violationReport(violations: Violation[]): string {
  const byRule = new Map<string, { impact: string; urls: Set<string>; targets: Set<string> }>();
  for (const v of violations) {
    const entry = byRule.get(v.rule) ?? { impact: v.impact, urls: new Set(), targets: new Set() };
    entry.urls.add(v.url);
    for (const t of v.targets) entry.targets.add(t);
    byRule.set(v.rule, entry);
  }
  return [...byRule.entries()]
    .map(
      ([rule, e]) =>
        `${rule} (${e.impact}) on ${[...e.urls].slice(0, 4).join(", ")}${e.urls.size > 4 ? ` (+${e.urls.size - 4})` : ""}: ${[...e.targets].slice(0, 4).join(" | ")}`,
    )
    .join("\n");
}
