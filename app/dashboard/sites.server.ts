import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import type { Severity } from "../policy-engine/policy-schema";
import { findingsVersion, inventoryVersion, versionedCache } from "../policy-engine/versioned-cache.server";

export type SiteCard = {
  id: string;
  name: string;
  /** Live (open or accepted) findings on the site, under it, and on its permits, by severity. */
  findings: Record<Severity, number> | null;
  /** The site's latest power reading, in kW, and its contracted capacity, in MW (an attribute of the site). */
  latestKw: number | null;
  contractedMw: number | null;
};

const NO_FINDINGS = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0 });

/**
 * One card per site in two queries, whatever the number of sites: the sites with their latest reading (one index
 * probe each, power_readings_asset_time_key), and the live findings grouped by site and severity. A finding belongs
 * to the site its resource is in (assets.site_id, kept by the ingest; a site's own is itself) or, on a permit, to
 * the permit's site — the same places as the site's page and `/findings?site=` (atOrUnder, app/policy-engine/
 * findings.server.ts), found through the column instead of a walk of each subtree.
 */
export async function siteCards(tx: Tx, params: { organizationId: string; includeFindings: boolean }): Promise<SiteCard[]> {
  const sites = rowsOf<{ id: string; name: string; contracted_mw: string | number | null; latest_kw: number | null }>(
    await tx.execute(sql`
      select s.id, s.name, s.attributes->>'contracted_capacity_mw' as contracted_mw,
        (select r.kw from power_readings r where r.asset_id = s.id and r.organization_id = s.organization_id
         order by r.measured_at desc limit 1) as latest_kw
      from assets s
      where s.organization_id = ${params.organizationId} and s.kind = 'site' and s.deleted_at is null
      order by s.name, s.id`),
  );
  const bySite =
    params.includeFindings && sites.length > 0
      ? await findingsBySite(tx, params.organizationId)
      : new Map<string, Record<Severity, number>>();
  return sites.map((s) => {
    const contracted = s.contracted_mw === null ? null : Number(s.contracted_mw);
    return {
      id: s.id,
      name: s.name,
      findings: params.includeFindings ? { ...(bySite.get(s.id) ?? NO_FINDINGS()) } : null,
      latestKw: s.latest_kw === null ? null : Number(s.latest_kw),
      contractedMw: contracted !== null && Number.isFinite(contracted) && contracted > 0 ? contracted : null,
    };
  });
}

/**
 * Live findings by site and severity, counted once per findings version and inventory version (an asset's site
 * changes with the inventory, a permit's moves the findings' version): 2,000 live findings joined to 100,000 assets
 * cost 11–21 ms a view.
 */
const bySiteCache = versionedCache<ReadonlyMap<string, Readonly<Record<Severity, number>>>>();

function findingsBySite(tx: Tx, organizationId: string) {
  const version = sql`select coalesce((${findingsVersion(organizationId)})::text, '') || '|' || coalesce((${inventoryVersion(organizationId)}), '')`;
  return bySiteCache(tx, organizationId, version, async () => {
    const counts = rowsOf<{ site_id: string | null; severity: Severity; n: number }>(
      await tx.execute(sql`
        select coalesce(a.site_id, p.site_id) as site_id, f.severity, count(*)::int as n
        from findings f
        left join assets a on a.id = f.resource_id and a.organization_id = f.organization_id
        left join permits p on p.id = f.resource_id and p.organization_id = f.organization_id
        where f.organization_id = ${organizationId} and f.status <> 'resolved'
        group by 1, 2`),
    );
    const bySite = new Map<string, Record<Severity, number>>();
    for (const { site_id, severity, n } of counts) {
      if (!site_id) continue;
      const row = bySite.get(site_id) ?? NO_FINDINGS();
      row[severity] = n;
      bySite.set(site_id, row);
    }
    return bySite;
  });
}
