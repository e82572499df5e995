import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { SEVERITIES, type Severity } from "../policy-engine/policy-schema";
import { collectDeadlines, daysBetween, type Deadline } from "../deadlines/deadlines.server";
import type { PolicySet } from "../policy-engine/packs.server";
import { atOrUnder } from "../policy-engine/findings.server";
import { limitSetters, siteFactsOf, tenantsAtSite } from "../policy-engine/load-facts.server";
import type { SiteFacts } from "../policy-engine/facts";
import { findings } from "../../db/schema";

type SiteParams = { organizationId: string; siteId: string; now: Date; today: string; policySet: PolicySet };

/** What a limit is measured against: the power draw's 30-day peak, or a yearly figure reported so far this year. */
export const SITE_LIMITS = [
  { limit: "power_mw_grid", measure: "peak_power", unit: "mw" },
  { limit: "power_mw_environmental", measure: "peak_power", unit: "mw" },
  { limit: "generator_hours_per_year", measure: "generator_hours_ytd", unit: "hours" },
  { limit: "water_m3_per_year", measure: "water_m3_ytd", unit: "m3" },
] as const satisfies { limit: keyof SiteFacts["limits"]; measure: string; unit: string }[];

export type LimitState = "within" | "near" | "over" | "not_measured";
/** From this share of a limit on, the site page warns before the limit is crossed. */
export const NEAR_LIMIT = 0.9;

export type SiteLimitRow = {
  limit: (typeof SITE_LIMITS)[number]["limit"];
  measure: (typeof SITE_LIMITS)[number]["measure"];
  unit: (typeof SITE_LIMITS)[number]["unit"];
  allowed: number;
  measured: number | null;
  state: LimitState;
  permits: { id: string; reference: string; type: string; value: number }[];
};

export function limitState(measured: number | null, allowed: number): LimitState {
  if (measured === null) return "not_measured";
  if (measured > allowed) return "over";
  return measured >= allowed * NEAR_LIMIT ? "near" : "within";
}

const yearToDate = (attributes: Record<string, unknown>, key: string) => {
  const value = attributes[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

/** Each limit the site's active permits set, against what was measured: the same figures the policies judge. */
export function siteLimits(site: SiteFacts): SiteLimitRow[] {
  const peakMw = site.power.peak_30d_kw === null ? null : site.power.peak_30d_kw / 1000;
  return SITE_LIMITS.flatMap(({ limit, measure, unit }) => {
    const allowed = site.limits[limit];
    if (allowed === null) return [];
    const measured = measure === "peak_power" ? peakMw : yearToDate(site.attributes, measure);
    const permits = limitSetters(site.permits, limit).map(({ permit, value }) => ({
      id: permit.id,
      reference: permit.reference,
      type: permit.type,
      value,
    }));
    return [{ limit, measure, unit, allowed, measured, state: limitState(measured, allowed), permits }];
  });
}

export type EnergyYear = { year: number; pue: number | null; wue: number | null; ref: number | null; erf: number | null };
type EnergyFigure = "pue" | "wue" | "ref" | "erf";

/** The EED indicators the site reported, newest year first; a figure not reported stays null (shown as missing). */
export function energyYears(attributes: Record<string, unknown>): EnergyYear[] {
  const years = Array.isArray(attributes.energy) ? (attributes.energy as Record<string, unknown>[]) : [];
  return years
    .filter((y) => typeof y?.year === "number")
    .map((y) => {
      const figure = (k: EnergyFigure) => (typeof y[k] === "number" ? (y[k] as number) : null);
      return { year: y.year as number, pue: figure("pue"), wue: figure("wue"), ref: figure("ref"), erf: figure("erf") };
    })
    .sort((a, b) => b.year - a.year);
}

export type FindingCounts = {
  total: number;
  bySeverity: Record<Severity, number>;
  byFramework: { framework: string; bySeverity: Record<Severity, number>; total: number }[];
};

const noSeverities = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

/** Live findings of the site and everything under it, by severity and by the frameworks their policies cite. */
async function findingCounts(tx: Tx, params: SiteParams): Promise<FindingCounts> {
  const rows = rowsOf<{ severity: Severity; policy_id: string; n: number }>(
    await tx.execute(sql`
      select ${findings.severity} as severity, ${findings.policyId} as policy_id, count(*)::int as n
      from ${findings}
      where ${findings.organizationId} = ${params.organizationId} and ${findings.status} <> 'resolved'
        and ${atOrUnder(params.organizationId, params.siteId)}
      group by 1, 2`),
  );
  const bySeverity = noSeverities();
  const frameworks = new Map<string, Record<Severity, number>>();
  for (const row of rows) {
    bySeverity[row.severity] += row.n;
    const cited = new Set(params.policySet.byId.get(row.policy_id)?.references.map((r) => r.framework) ?? []);
    for (const framework of cited) {
      const counts = frameworks.get(framework) ?? noSeverities();
      counts[row.severity] += row.n;
      frameworks.set(framework, counts);
    }
  }
  const total = SEVERITIES.reduce((sum, s) => sum + bySeverity[s], 0);
  const byFramework = [...frameworks.entries()]
    .map(([framework, counts]) => ({ framework, bySeverity: counts, total: SEVERITIES.reduce((sum, s) => sum + counts[s], 0) }))
    .sort((a, b) => b.total - a.total || a.framework.localeCompare(b.framework));
  return { total, bySeverity, byFramework };
}

export type SiteDeadline = Deadline & { daysLeft: number };
/** A year either way: what is coming, and what was missed and still needs doing. */
const DEADLINES_WINDOW_DAYS = 365;

/** The deadlines of the site's permits and of its tenants' agreements, in date order (overdue ones first). */
function siteDeadlines(all: Deadline[], today: string, permitIds: Set<string>, agreementIds: Set<string>): SiteDeadline[] {
  const concerns = (d: Deadline) => {
    const [, id] = d.key.split(":");
    return (d.key.startsWith("permit:") && permitIds.has(id!)) || (d.key.startsWith("agreement:") && agreementIds.has(id!));
  };
  return all
    .filter(concerns)
    .map((d) => ({ ...d, daysLeft: daysBetween(today, d.dueOn) }))
    .filter((d) => Math.abs(d.daysLeft) <= DEADLINES_WINDOW_DAYS)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.key.localeCompare(b.key));
}

/** Everything the site page answers "what is wrong here, what do I do" with. */
export async function siteView(tx: Tx, params: SiteParams) {
  const site = await siteFactsOf(tx, params.organizationId, params.siteId, params.now);
  if (!site) return null;
  const tenants = await tenantsAtSite(tx, params.organizationId, params.siteId);
  const agreementIds = new Set(tenants.flatMap((t) => t.agreementIds));
  const permitIds = new Set(site.permits.map((p) => p.id));
  return {
    power: {
      currentKw: site.power.current_kw,
      peakKw30d: site.power.peak_30d_kw,
      measuredAt: site.power.measured_at,
      installedItKw: site.installed_it_kw,
    },
    limits: siteLimits(site),
    permits: site.permits.map((p) => ({ id: p.id, reference: p.reference, type: p.type, status: p.status, active: p.active })),
    tenants: tenants.map(({ agreementIds: _, ...t }) => t),
    energy: energyYears(site.attributes),
    deadlines: siteDeadlines(await collectDeadlines(tx, params.organizationId), params.today, permitIds, agreementIds),
    findings: await findingCounts(tx, params),
  };
}
export type SiteView = NonNullable<Awaited<ReturnType<typeof siteView>>>;
