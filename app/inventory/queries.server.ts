import { and, asc, count, desc, eq, gt, gte, isNull, lte, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { containsPattern } from "../../db/like";
import { assets, assetVersions, powerReadings, tenants, type Asset } from "../../db/schema";
import type { AssetKind } from "./kinds";
import type { INVENTORY_SORTS } from "./browse-query";
import * as clock from "../config/clock";
import type { Sort } from "../ui/sort";
import { orderBy } from "../ui/sort.server";

type OrgParams = { organizationId: string };

export type AssetFilters = {
  kind?: AssetKind | undefined;
  tenantId?: string | undefined;
  siteId?: string | undefined;
  country?: string | undefined;
  q?: string | undefined;
  changedSince?: Date | undefined;
};

export type SortField = (typeof INVENTORY_SORTS)[number];
const SORT_COLUMNS = { name: assets.name, kind: assets.kind, country: assets.effectiveCountry, updated: assets.updatedAt };

/**
 * What people type into the inventory's search box: a name, an external id, or a device's serial number, GPU model,
 * vendor or model (the attributes the demo, the CSV import and NetBox fill in). One expression, so that a trigram index on it can serve it unchanged. Measured at 100,000
 * assets on PostgreSQL 15 (psql, a demo-like attribute mix): without an index a search that matches almost
 * nothing reads every live asset (~130 ms for the page, as much again for the capped count); with a pg_trgm GIN index
 * on this expression it took 0.15 ms, but the index made inserting assets about four times slower (20,000 rows:
 * 1.55 s against 0.37 s), and ingest already misses its target, and PGlite needs the extension loaded wherever a
 * database is opened. Left unindexed for now; the browser's default, unfiltered pages are unaffected.
 */
export const SEARCHED_ATTRIBUTES = ["serial", "gpu_model", "vendor", "model"] as const;
function searchMatch(q: string, texts: (AnyColumn | SQL)[], attributes: AnyColumn): SQL {
  const parts = [
    ...texts.map((t) => sql`${t}`),
    ...SEARCHED_ATTRIBUTES.map((key) => sql`coalesce(${attributes}->>${sql.raw(`'${key}'`)}, '')`),
  ];
  return sql`(${sql.join(parts, sql` || ' ' || `)}) ilike ${containsPattern(q)}`;
}

function currentWhere(organizationId: string, f: AssetFilters): SQL | undefined {
  return and(
    eq(assets.organizationId, organizationId),
    isNull(assets.deletedAt),
    f.kind ? eq(assets.kind, f.kind) : undefined,
    f.tenantId ? eq(assets.tenantId, f.tenantId) : undefined,
    f.siteId ? eq(assets.siteId, f.siteId) : undefined,
    f.country ? eq(assets.effectiveCountry, f.country) : undefined,
    f.q ? searchMatch(f.q, [assets.name, assets.externalId], assets.attributes) : undefined,
    f.changedSince ? gte(assets.updatedAt, f.changedSince) : undefined,
  );
}

const listColumns = {
  id: assets.id,
  kind: assets.kind,
  name: assets.name,
  source: assets.source,
  externalId: assets.externalId,
  tenantId: assets.tenantId,
  tenantName: tenants.legalName,
  country: assets.country,
  effectiveCountry: assets.effectiveCountry,
  region: assets.region,
  siteId: assets.siteId,
  updatedAt: assets.updatedAt,
};

/** A page of live assets for the browser: filters, sorting, offset pagination. */
export async function listAssets(
  tx: Tx,
  params: OrgParams & { filters: AssetFilters; sort: Sort<SortField>; page: number; pageSize: number },
) {
  const where = currentWhere(params.organizationId, params.filters);
  // Counting 100,000 rows on every view cost more than the page itself (measured): the count stops past COUNT_CAP.
  const [total] = await tx.select({ value: count() }).from(
    tx
      .select({ one: sql`1`.as("one") })
      .from(assets)
      .where(where)
      .limit(COUNT_CAP + 1)
      .as("capped"),
  );
  const rows = await tx
    .select(listColumns)
    .from(assets)
    .leftJoin(tenants, eq(tenants.id, assets.tenantId))
    .where(where)
    .orderBy(...orderBy(params.sort, SORT_COLUMNS, assets.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { assets: rows, total: total?.value ?? 0, totalCapped: (total?.value ?? 0) > COUNT_CAP };
}

/** Beyond this many matches the inventory says "more than 10,000" instead of counting them all. */
export const COUNT_CAP = 10_000;

/** Keyset pagination for the API: ordered by id, the cursor is the last id returned. */
export async function listAssetsAfter(
  tx: Tx,
  params: OrgParams & { filters: AssetFilters; after?: string | undefined; limit: number },
): Promise<Asset[]> {
  return tx
    .select()
    .from(assets)
    .where(and(currentWhere(params.organizationId, params.filters), params.after ? gt(assets.id, params.after) : undefined))
    .orderBy(asc(assets.id))
    .limit(params.limit);
}

export async function getAsset(tx: Tx, params: OrgParams & { assetId: string }): Promise<Asset | null> {
  const [row] = await tx
    .select()
    .from(assets)
    .where(and(eq(assets.organizationId, params.organizationId), eq(assets.id, params.assetId)));
  return row ?? null;
}

export type VersionView = typeof assetVersions.$inferSelect & { source: string; externalId: string };

const versionColumns = { version: assetVersions, source: assets.source, externalId: assets.externalId };

function validAt(asOf: Date): SQL {
  return and(lte(assetVersions.validFrom, asOf), or(isNull(assetVersions.validTo), gt(assetVersions.validTo, asOf))) as SQL;
}

/** The asset as it was at an instant, or null if it did not exist then. */
export async function getAssetAsOf(tx: Tx, params: OrgParams & { assetId: string; asOf: Date }): Promise<VersionView | null> {
  const [row] = await tx
    .select(versionColumns)
    .from(assetVersions)
    .innerJoin(assets, eq(assets.id, assetVersions.assetId))
    .where(and(eq(assetVersions.organizationId, params.organizationId), eq(assetVersions.assetId, params.assetId), validAt(params.asOf)));
  return row ? { ...row.version, source: row.source, externalId: row.externalId } : null;
}

/** Keyset page of the inventory as it was at an instant (filters on the version's own fields). */
export async function listAssetsAsOf(
  tx: Tx,
  params: OrgParams & { asOf: Date; filters: AssetFilters; after?: string | undefined; limit: number },
): Promise<VersionView[]> {
  const rows = await tx
    .select(versionColumns)
    .from(assetVersions)
    .innerJoin(assets, eq(assets.id, assetVersions.assetId))
    .where(
      and(
        asOfWhere(params.organizationId, params.asOf, params.filters),
        params.after ? gt(assetVersions.assetId, params.after) : undefined,
      ),
    )
    .orderBy(asc(assetVersions.assetId))
    .limit(params.limit);
  return rows.map((r) => ({ ...r.version, source: r.source, externalId: r.externalId }));
}

export async function assetHistory(tx: Tx, params: OrgParams & { assetId: string }) {
  return tx
    .select()
    .from(assetVersions)
    .where(and(eq(assetVersions.organizationId, params.organizationId), eq(assetVersions.assetId, params.assetId)))
    .orderBy(desc(assetVersions.version));
}

/** The asset's ancestors, nearest first. */
export async function parentChain(tx: Tx, params: OrgParams & { assetId: string }) {
  const result = await tx.execute(sql`
    with recursive chain as (
      select p.id, p.kind, p.name, p.parent_id, 1 as depth
      from assets a join assets p on p.id = a.parent_id
      where a.id = ${params.assetId} and a.organization_id = ${params.organizationId}
      union all
      select p.id, p.kind, p.name, p.parent_id, c.depth + 1
      from chain c join assets p on p.id = c.parent_id
      where c.depth < 20
    )
    select id, kind, name from chain order by depth`);
  return rowsOf<{ id: string; kind: AssetKind; name: string }>(result);
}

export async function childrenOf(tx: Tx, params: OrgParams & { assetId: string; limit: number }) {
  return tx
    .select({ id: assets.id, kind: assets.kind, name: assets.name })
    .from(assets)
    .where(and(eq(assets.organizationId, params.organizationId), eq(assets.parentId, params.assetId), isNull(assets.deletedAt)))
    .orderBy(asc(assets.kind), asc(assets.name))
    .limit(params.limit);
}

export async function latestReadings(tx: Tx, params: OrgParams & { assetId: string; limit: number }) {
  return tx
    .select({ measuredAt: powerReadings.measuredAt, kw: powerReadings.kw })
    .from(powerReadings)
    .where(and(eq(powerReadings.organizationId, params.organizationId), eq(powerReadings.assetId, params.assetId)))
    .orderBy(desc(powerReadings.measuredAt))
    .limit(params.limit);
}

/** Choices for the browser's filters: sites, tenants present and countries, of the live inventory. */
export async function filterChoices(tx: Tx, params: OrgParams) {
  const sites = await tx
    .select({ id: assets.id, name: assets.name })
    .from(assets)
    .where(and(eq(assets.organizationId, params.organizationId), eq(assets.kind, "site"), isNull(assets.deletedAt)))
    .orderBy(asc(assets.name));
  // The distinct countries by skipping through the (organisation, country) index, one probe per country, instead of
  // reading every asset (PostgreSQL 15 has no skip scan).
  const countries = rowsOf<{ country: string }>(
    await tx.execute(sql`
      with recursive c as (
        (select effective_country as country from assets
          where organization_id = ${params.organizationId} and deleted_at is null and effective_country is not null
          order by effective_country limit 1)
        union all
        select (select effective_country from assets
                 where organization_id = ${params.organizationId} and deleted_at is null and effective_country > c.country
                 order by effective_country limit 1)
        from c where c.country is not null
      )
      select country from c where country is not null`),
  );
  const tenantRows = await tx
    .select({ id: tenants.id, legalName: tenants.legalName })
    .from(tenants)
    .where(eq(tenants.organizationId, params.organizationId))
    .orderBy(asc(tenants.legalName));
  return { sites, countries: countries.map((c) => c.country!).filter(Boolean), tenants: tenantRows };
}

export type SiteSummary = {
  halls: { id: string; name: string; racks: number }[];
  latestKw: number | null;
  latestAt: Date | null;
  peakKw30d: number | null;
};

/** The site page's halls with their racks, and the power drawn against capacity (tenants: app/inventory/site-view.server.ts). */
export async function siteSummary(tx: Tx, params: OrgParams & { siteId: string }): Promise<SiteSummary> {
  const halls = rowsOf<{ id: string; name: string; racks: number }>(
    await tx.execute(sql`
      select h.id, h.name, count(r.id)::int as racks
      from assets h left join assets r on r.parent_id = h.id and r.kind = 'rack' and r.deleted_at is null
      where h.organization_id = ${params.organizationId} and h.parent_id = ${params.siteId} and h.kind = 'hall'
        and h.deleted_at is null
      group by h.id, h.name order by h.name`),
  );
  const [latest] = await tx
    .select({ kw: powerReadings.kw, measuredAt: powerReadings.measuredAt })
    .from(powerReadings)
    .where(and(eq(powerReadings.organizationId, params.organizationId), eq(powerReadings.assetId, params.siteId)))
    .orderBy(desc(powerReadings.measuredAt))
    .limit(1);
  const [peak] = rowsOf<{ peak: number | null }>(
    await tx.execute(sql`
      select max(kw) as peak from power_readings
      where organization_id = ${params.organizationId} and asset_id = ${params.siteId}
        and measured_at > ${clock.now().toISOString()}::timestamptz - interval '30 days'`),
  );
  return {
    halls,
    latestKw: latest?.kw ?? null,
    latestAt: latest?.measuredAt ?? null,
    peakKw30d: peak?.peak === null || peak?.peak === undefined ? null : Number(peak.peak),
  };
}

function asOfWhere(organizationId: string, asOf: Date, f: AssetFilters): SQL | undefined {
  return and(
    eq(assetVersions.organizationId, organizationId),
    validAt(asOf),
    f.kind ? eq(assetVersions.kind, f.kind) : undefined,
    f.tenantId ? eq(assetVersions.tenantId, f.tenantId) : undefined,
    f.country ? eq(assetVersions.country, f.country) : undefined,
    f.q ? searchMatch(f.q, [assetVersions.name], assetVersions.attributes) : undefined,
  );
}

/** A page of the inventory as it was at an instant, for the browser (by name, offset pagination). */
export async function pageAssetsAsOf(tx: Tx, params: OrgParams & { asOf: Date; filters: AssetFilters; page: number; pageSize: number }) {
  const where = asOfWhere(params.organizationId, params.asOf, params.filters);
  const [total] = await tx.select({ value: count() }).from(assetVersions).where(where);
  const rows = await tx
    .select({
      id: assetVersions.assetId,
      kind: assetVersions.kind,
      name: assetVersions.name,
      version: assetVersions.version,
      country: assetVersions.country,
      tenantName: tenants.legalName,
      validFrom: assetVersions.validFrom,
    })
    .from(assetVersions)
    .leftJoin(tenants, eq(tenants.id, assetVersions.tenantId))
    .where(where)
    .orderBy(asc(assetVersions.name), asc(assetVersions.assetId))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { rows, total: total?.value ?? 0 };
}
