import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import providers from "../../policies/reference/cloud-providers.json";
import { termDates, type AgreementContent } from "../agreements/content";
import { expandLocations, intersectLocations } from "../agreements/locations";
import { withObligationUpdates } from "../agreements/obligations.server";
import { cloudRegionCountry } from "../inventory/cloud-regions";
import { DATA_CATEGORIES } from "../inventory/kinds";
import type { OrgFacts, PermitFacts, ResourceFacts, SiteFacts, TenantFacts } from "./facts";
import { scheduleIntervalHours } from "./schedule-interval";
import { anyText, anyUuid } from "../../db/sql-lists";
import { inventoryVersion, versionedCache } from "./versioned-cache.server";

/** What to evaluate: everything, or the resources a change touched (already expanded to their dependants). */
export type Targets =
  { full: true } | { full: false; assetIds: Set<string>; tenantIds: Set<string>; permitIds: Set<string>; agreementIds: Set<string> };

export type LoadedFacts = {
  org: OrgFacts;
  resources: ResourceFacts[];
  sites: Map<string, SiteFacts>;
  tenants: Map<string, TenantFacts>;
};

type AssetRow = {
  id: string;
  kind: ResourceFacts["kind"];
  name: string;
  external_id: string;
  source: string;
  owner: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  country: string | null;
  region: string | null;
  tenant_id: string | null;
  site_id: string | null;
  parent_id: string | null;
};

type AgreementRow = { id: string; title: string; type: string; tenant_ids: string[]; content: AgreementContent };

const PERSONAL = new Set<string>(["personal", "special_category", "pseudonymised"]);
const PROVIDERS = providers.providers as Record<string, { name: string; headquarters: string }>;
const DAY_MS = 86_400_000;

export async function loadFacts(tx: Tx, organizationId: string, targets: Targets, now: Date): Promise<LoadedFacts> {
  const assetRows = await loadAssets(tx, organizationId, targets);
  const agreementRows = await loadAgreements(tx, organizationId);
  const counterparties = await loadCounterparties(tx, organizationId);
  const org = await orgFacts(tx, organizationId, agreementRows, counterparties);

  const siteIds = new Set<string>();
  for (const a of assetRows) if (a.site_id) siteIds.add(a.site_id);
  for (const a of assetRows) if (a.kind === "site") siteIds.add(a.id);
  const permitRows = await loadPermits(tx, organizationId, targets);
  for (const p of permitRows) siteIds.add(p.site_id);
  const sites = await siteFacts(tx, organizationId, siteIds, now);

  const tenantIds = new Set<string>(targets.full ? [] : targets.tenantIds);
  for (const a of assetRows) if (a.tenant_id) tenantIds.add(a.tenant_id);
  const tenants = await tenantFacts(tx, organizationId, targets.full ? null : tenantIds, agreementRows, counterparties);

  const assetResources = await assetFacts(tx, organizationId, assetRows, agreementRows);
  const siteResources = assetResources.map((r) =>
    r.kind === "site" ? { ...r, ...sites.get(r.id)!, id: r.id, name: r.name, kind: r.kind } : r,
  );
  // The tenants loaded are exactly those to evaluate: all of them, or the targets and the changed assets' tenants.
  const tenantResources = [...tenants.values()].map((t): ResourceFacts => ({ ...t, kind: "tenant", tenant_id: t.id, site_id: null }));
  const permitResources = permitRows.map((p): ResourceFacts => permitResource(p, now));
  const agreementResources = agreementRows
    .filter((a) => targets.full || targets.agreementIds.has(a.id))
    .map((a): ResourceFacts => agreementResource(a, now));
  return { org, sites, tenants, resources: [...siteResources, ...tenantResources, ...permitResources, ...agreementResources] };
}

/** The facts the engine judges one site by, for a page that shows the same figures (its limits against what was measured). */
export async function siteFactsOf(tx: Tx, organizationId: string, siteId: string, now: Date): Promise<SiteFacts | null> {
  return (await siteFacts(tx, organizationId, new Set([siteId]), now)).get(siteId) ?? null;
}

async function loadCounterparties(tx: Tx, organizationId: string): Promise<Map<string, CounterpartyRow & { id: string }>> {
  const rows = rowsOf<CounterpartyRow & { id: string }>(
    await tx.execute(
      sql`select id, name, registration_country, headquarters_country, sub_processors from counterparties where organization_id = ${organizationId}`,
    ),
  );
  return new Map(rows.map((c) => [c.id, c]));
}

async function loadAssets(tx: Tx, organizationId: string, targets: Targets): Promise<AssetRow[]> {
  if (!targets.full && targets.assetIds.size === 0) return [];
  const filter = targets.full ? sql`` : sql`and id = ${anyUuid(targets.assetIds)}`;
  return rowsOf<AssetRow>(
    await tx.execute(sql`
      select id, kind, name, external_id, source, owner, tags, attributes, effective_country as country, region, tenant_id, site_id, parent_id
      from assets where organization_id = ${organizationId} and deleted_at is null ${filter}`),
  );
}

async function loadAgreements(tx: Tx, organizationId: string): Promise<AgreementRow[]> {
  const rows = rowsOf<AgreementRow & { version: number }>(
    await tx.execute(sql`
      select a.id, a.title, a.type, a.tenant_ids, a.current_version as version, v.content
      from agreements a join agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
      where a.organization_id = ${organizationId} and a.archived_at is null`),
  );
  // Obligations marked done (or reopened) since the version was signed count as such.
  return withObligationUpdates(
    tx,
    organizationId,
    rows.map((r) => ({ ...r, agreementId: r.id })),
  );
}

async function orgFacts(
  tx: Tx,
  organizationId: string,
  agreementRows: AgreementRow[],
  counterparties: Map<string, { name: string }>,
): Promise<OrgFacts> {
  const [org] = rowsOf<{ name: string }>(await tx.execute(sql`select name from organizations where id = ${organizationId}`));
  return {
    id: organizationId,
    name: org?.name ?? "",
    agreements: agreementRows.map((a) => ({
      id: a.id,
      title: a.title,
      type: a.type,
      counterparty_names: a.content.parties.flatMap((p) =>
        p.kind === "counterparty" && counterparties.has(p.id) ? [counterparties.get(p.id)!.name.toLowerCase()] : [],
      ),
    })),
  };
}

type PermitRow = {
  id: string;
  site_id: string;
  type: string;
  status: string;
  reference: string;
  expires_on: string | null;
  conditions: Record<string, unknown>;
};

async function loadPermits(tx: Tx, organizationId: string, targets: Targets): Promise<PermitRow[]> {
  if (!targets.full && targets.permitIds.size === 0) return [];
  const filter = targets.full ? sql`` : sql`and id = ${anyUuid(targets.permitIds)}`;
  return rowsOf<PermitRow>(
    await tx.execute(sql`
      select id, site_id, type, status, reference, expires_on::text as expires_on, conditions
      from permits where organization_id = ${organizationId} and archived_at is null ${filter}`),
  );
}

const endOfDay = (date: string | null) => (date ? new Date(`${date}T00:00:00Z`) : null);

function permitFacts(p: PermitRow, now: Date): PermitFacts {
  const expiresAt = endOfDay(p.expires_on);
  return {
    id: p.id,
    type: p.type,
    status: p.status,
    reference: p.reference,
    active: p.status === "granted" && (expiresAt === null || expiresAt.getTime() + DAY_MS > now.getTime()),
    expires_at: expiresAt,
    conditions: p.conditions,
  };
}

function permitResource(p: PermitRow, now: Date): ResourceFacts {
  const facts = permitFacts(p, now);
  return {
    ...facts,
    kind: "permit",
    name: p.reference,
    tenant_id: null,
    site_id: p.site_id,
    days_to_expiry: facts.expires_at ? (facts.expires_at.getTime() - now.getTime()) / DAY_MS : null,
  };
}

function agreementResource(a: AgreementRow, now: Date): ResourceFacts {
  const today = now.toISOString().slice(0, 10);
  const { endsOn, noticeBy } = termDates(a.content.terms, today);
  return {
    id: a.id,
    kind: "agreement",
    name: a.title,
    type: a.type,
    tenant_id: null,
    site_id: null,
    tenant_ids: a.tenant_ids,
    ends_on: endOfDay(endsOn),
    notice_by: endOfDay(noticeBy),
    overdue_obligations: a.content.obligations
      .filter((o) => o.status === "open" && o.dueOn !== null && o.dueOn < today)
      .map((o) => ({ text: o.text, due_on: o.dueOn, party: o.party })),
  };
}

async function siteFacts(tx: Tx, organizationId: string, siteIds: Set<string>, now: Date): Promise<Map<string, SiteFacts>> {
  const sites = new Map<string, SiteFacts>();
  if (siteIds.size === 0) return sites;
  const ids = anyUuid(siteIds);
  const siteRows = rowsOf<{ id: string; name: string; country: string | null; attributes: Record<string, unknown> }>(
    await tx.execute(
      sql`select id, name, effective_country as country, attributes from assets where organization_id = ${organizationId} and id = ${ids} and deleted_at is null`,
    ),
  );
  const counts = rowsOf<{ site_id: string; halls: number; racks: number; gpu_nodes: number; device_kw: number | null }>(
    await tx.execute(sql`
      select site_id, count(*) filter (where kind = 'hall')::int as halls, count(*) filter (where kind = 'rack')::int as racks,
             count(*) filter (where kind = 'device' and attributes->>'role' = 'gpu_node')::int as gpu_nodes,
             sum((attributes->>'power_draw_kw')::float8) filter (where kind = 'device') as device_kw
      from assets where organization_id = ${organizationId} and deleted_at is null and site_id = ${ids}
      group by site_id`),
  );
  const permits = rowsOf<PermitRow>(
    await tx.execute(sql`
      select id, site_id, type, status, reference, expires_on::text as expires_on, conditions
      from permits where organization_id = ${organizationId} and archived_at is null and site_id = ${ids}`),
  );
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const power = rowsOf<{ asset_id: string; peak_kw: number; current_kw: number; measured_at: string }>(
    await tx.execute(sql`
      select asset_id, max(kw) as peak_kw, (array_agg(kw order by measured_at desc))[1] as current_kw, max(measured_at)::text as measured_at
      from power_readings where organization_id = ${organizationId} and asset_id = ${ids} and measured_at > ${since.toISOString()}::timestamptz
        and measured_at <= ${now.toISOString()}::timestamptz
      group by asset_id`),
  );
  for (const row of siteRows) {
    const count = counts.find((c) => c.site_id === row.id);
    const sitePermits = permits.filter((p) => p.site_id === row.id).map((p) => permitFacts(p, now));
    const reading = power.find((p) => p.asset_id === row.id);
    const contractedKw = Number(row.attributes.contracted_capacity_mw ?? 0) * 1000;
    sites.set(row.id, {
      id: row.id,
      name: row.name,
      country: row.country,
      tier: typeof row.attributes.tier === "string" ? row.attributes.tier : null,
      attributes: row.attributes,
      permits: sitePermits,
      limits: limitsOf(sitePermits),
      power: {
        current_kw: reading ? Number(reading.current_kw) : null,
        peak_30d_kw: reading ? Number(reading.peak_kw) : null,
        measured_at: reading ? new Date(reading.measured_at) : null,
      },
      halls: count?.halls ?? 0,
      racks: count?.racks ?? 0,
      gpu_nodes: count?.gpu_nodes ?? 0,
      installed_it_kw: count?.device_kw ? Number(count.device_kw) : contractedKw,
      operating: row.attributes.operating !== false,
    });
  }
  return sites;
}

/** Which permits set which limit of a site, and under which condition: the tightest active one wins. */
export const LIMIT_RULES = {
  power_mw_grid: { types: ["grid_connection"], condition: "max_power_mw" },
  power_mw_environmental: { types: ["icpe"], condition: "max_power_mw" },
  generator_hours_per_year: { types: ["icpe", "generator_fuel"], condition: "max_generator_hours_per_year" },
  water_m3_per_year: { types: ["water_withdrawal", "icpe"], condition: "max_water_m3_per_year" },
} as const satisfies Record<keyof SiteFacts["limits"], { types: readonly string[]; condition: string }>;

/** The active permits that set a limit, each with the value it sets. */
export function limitSetters(permits: PermitFacts[], limit: keyof SiteFacts["limits"]) {
  const rule = LIMIT_RULES[limit];
  return permits.flatMap((p) => {
    const value = p.conditions[rule.condition];
    return p.active && (rule.types as readonly string[]).includes(p.type) && typeof value === "number" ? [{ permit: p, value }] : [];
  });
}

function limitsOf(permits: PermitFacts[]): SiteFacts["limits"] {
  const tightest = (limit: keyof SiteFacts["limits"]) => {
    const values = limitSetters(permits, limit).map((s) => s.value);
    return values.length ? Math.min(...values) : null;
  };
  return {
    power_mw_grid: tightest("power_mw_grid"),
    power_mw_environmental: tightest("power_mw_environmental"),
    generator_hours_per_year: tightest("generator_hours_per_year"),
    water_m3_per_year: tightest("water_m3_per_year"),
  };
}

/** A tenant's equipment as its agreements count it (racks, GPUs, device power), over the grouped assets `a`. */
const DEPLOYED = sql`count(a.id) filter (where a.kind = 'rack')::int as racks,
    coalesce(sum((a.attributes->>'gpu_count')::int) filter (where a.kind = 'device'), 0)::int as gpus,
    coalesce(sum((a.attributes->>'power_draw_kw')::float8) filter (where a.kind = 'device'), 0)::float8 as power_kw`;

/** What a tenant contracted: the capacities of the agreements it signed as customer or licensee, summed. */
function contractedCapacity(own: AgreementRow[], tenantId: string): TenantFacts["contracted"] {
  const asCustomer = own.filter((a) =>
    a.content.parties.some((p) => p.kind === "tenant" && p.id === tenantId && (p.role === "customer" || p.role === "licensee")),
  );
  const capacity = (key: "racks" | "gpus" | "mw") => {
    const values = asCustomer.map((a) => a.content.clauses.capacity?.[key]).filter((v): v is number => typeof v === "number");
    return values.length ? values.reduce((sum, v) => sum + v, 0) : null;
  };
  return { racks: capacity("racks"), gpus: capacity("gpus"), mw: capacity("mw") };
}

export type TenantAtSite = {
  id: string;
  legalName: string;
  here: { racks: number; gpus: number; powerKw: number };
  everywhere: { racks: number; gpus: number; powerKw: number };
  contracted: TenantFacts["contracted"];
  /** The agreements the tenant is a party to (their deadlines concern the site too). */
  agreementIds: string[];
};

type Deployed = TenantAtSite["here"];
type TenantDeployment = { tenantId: string; siteId: string | null; deployed: Deployed };

/** Per organisation, the totals of one inventory version: a few hundred rows, whatever the inventory's size. */
const deploymentCache = versionedCache<TenantDeployment[]>();

/**
 * What every tenant deploys at every site (and outside any), summed from its live assets. Summed once per inventory
 * version: a site page would otherwise read the whole inventory (100,000 assets: 65 ms) on every view. Every asset
 * write goes through an ingest, whose change set moves the version in the same transaction.
 */
async function deploymentBySite(tx: Tx, organizationId: string): Promise<TenantDeployment[]> {
  return deploymentCache(tx, organizationId, inventoryVersion(organizationId), async () =>
    rowsOf<{ tenant_id: string; site_id: string | null; racks: number; gpus: number; power_kw: number }>(
      await tx.execute(sql`
        select a.tenant_id, a.site_id, ${DEPLOYED}
        from assets a
        where a.organization_id = ${organizationId} and a.deleted_at is null and a.tenant_id is not null
        group by a.tenant_id, a.site_id`),
    ).map((r) => ({
      tenantId: r.tenant_id,
      siteId: r.site_id,
      deployed: { racks: r.racks, gpus: r.gpus, powerKw: Number(r.power_kw) },
    })),
  );
}

function addDeployed(a: Deployed, b: Deployed): Deployed {
  return { racks: a.racks + b.racks, gpus: a.gpus + b.gpus, powerKw: a.powerKw + b.powerKw };
}

/**
 * The tenants with equipment at a site: what they deploy there and at every site, and what their agreements
 * contract (the same counts and the same rule as the tenant facts the policies judge).
 */
export async function tenantsAtSite(tx: Tx, organizationId: string, siteId: string): Promise<TenantAtSite[]> {
  const deployments = await deploymentBySite(tx, organizationId);
  const here = new Map(deployments.filter((d) => d.siteId === siteId).map((d) => [d.tenantId, d.deployed]));
  if (here.size === 0) return [];
  const everywhere = new Map<string, Deployed>();
  for (const d of deployments.filter((d) => here.has(d.tenantId)))
    everywhere.set(d.tenantId, addDeployed(everywhere.get(d.tenantId) ?? { racks: 0, gpus: 0, powerKw: 0 }, d.deployed));
  const names = rowsOf<{ id: string; legal_name: string }>(
    await tx.execute(sql`
      select id, legal_name from tenants
      where organization_id = ${organizationId} and id = ${anyUuid(here.keys())}
      order by legal_name, id`),
  );
  const agreementRows = await loadAgreements(tx, organizationId);
  return names.map((r) => {
    const own = agreementRows.filter((a) => a.tenant_ids.includes(r.id));
    return {
      id: r.id,
      legalName: r.legal_name,
      here: here.get(r.id)!,
      everywhere: everywhere.get(r.id)!,
      contracted: contractedCapacity(own, r.id),
      agreementIds: own.map((a) => a.id),
    };
  });
}

type CounterpartyRow = {
  name: string;
  registration_country: string;
  headquarters_country: string;
  sub_processors: { name: string; country: string }[];
};

async function tenantFacts(
  tx: Tx,
  organizationId: string,
  tenantIds: Set<string> | null,
  agreementRows: AgreementRow[],
  counterparties: Map<string, CounterpartyRow>,
): Promise<Map<string, TenantFacts>> {
  const result = new Map<string, TenantFacts>();
  if (tenantIds && tenantIds.size === 0) return result;
  const filter = tenantIds ? sql`and t.id = ${anyUuid(tenantIds)}` : sql``;
  const rows = rowsOf<{
    id: string;
    name: string;
    slug: string;
    assets: number;
    racks: number;
    gpus: number;
    power_kw: number;
    personal: number;
  }>(
    await tx.execute(sql`
      select t.id, t.legal_name as name, t.slug,
             count(a.id)::int as assets, ${DEPLOYED},
             count(a.id) filter (where a.kind = 'dataset' and a.attributes->'data_categories' ?| array['personal','special_category','pseudonymised'])::int as personal
      from tenants t left join assets a on a.tenant_id = t.id and a.deleted_at is null
      where t.organization_id = ${organizationId} ${filter}
      group by t.id, t.legal_name, t.slug`),
  );
  const manual = rowsOf<{ tenant_id: string; allowed: string[] }>(
    await tx.execute(
      sql`select tenant_id, allowed from residency_entries where organization_id = ${organizationId} and removed_at is null ${tenantIds ? sql`and tenant_id = ${anyUuid(tenantIds)}` : sql``}`,
    ),
  );
  for (const row of rows) {
    const own = agreementRows.filter((a) => a.tenant_ids.includes(row.id));
    const locations = own.flatMap((a) => (a.content.clauses.dataLocation?.length ? [a.content.clauses.dataLocation] : []));
    const agreed = locations.length ? intersectLocations(locations) : [...expandLocations(["EEA"])];
    const added = [...expandLocations(manual.filter((m) => m.tenant_id === row.id).flatMap((m) => m.allowed))];
    const parties = own
      .flatMap((a) => a.content.parties.filter((p) => p.kind === "counterparty").map((p) => counterparties.get(p.id)))
      .filter((c): c is CounterpartyRow => !!c);
    result.set(row.id, {
      id: row.id,
      name: row.name,
      slug: row.slug,
      residency: { allowed: [...new Set([...agreed, ...added])].sort(), from_default: locations.length === 0 },
      agreements: own.map((a) => ({
        id: a.id,
        title: a.title,
        type: a.type,
        parties_hq: a.content.parties.flatMap((p) =>
          p.kind === "counterparty" && counterparties.has(p.id) ? [counterparties.get(p.id)!.headquarters_country] : [],
        ),
      })),
      has_dpa: own.some((a) => a.type === "dpa" && a.content.parties.some((p) => p.kind === "organization")),
      processes_personal_data: row.personal > 0,
      deployed: { assets: row.assets, racks: row.racks, gpus: row.gpus, power_kw: Number(row.power_kw) },
      contracted: contractedCapacity(own, row.id),
      counterparties: [...new Map(parties.map((c) => [c.name, c])).values()].map((c) => ({
        name: c.name,
        headquarters: c.headquarters_country,
        registration: c.registration_country,
        sub_processors: c.sub_processors.map((s) => ({ name: s.name, country: s.country })),
      })),
    });
  }
  return result;
}

type LocationRef = { asset?: string; country?: string; cloud_region?: string };
type Place = { country: string | null; site_id: string | null; provider: string | null };

async function assetFacts(tx: Tx, organizationId: string, rows: AssetRow[], agreementRows: AgreementRow[]): Promise<ResourceFacts[]> {
  const datasets = rows.filter((r) => r.kind === "dataset");
  const racks = rows.filter((r) => r.kind === "rack");
  const backupsOf = await datasetBackups(tx, organizationId, datasets);
  const places = await referencedPlaces(tx, organizationId, [...datasets, ...rows.filter((r) => r.kind === "backup")]);
  const gpuNodes = await gpuNodesPerRack(tx, organizationId, racks);
  const parents = await parentProviders(tx, organizationId, datasets);
  const sourceDatasets = await knownDatasets(
    tx,
    organizationId,
    rows.filter((r) => r.kind === "backup"),
  );
  return rows.map((row) => {
    const base: ResourceFacts = {
      id: row.id,
      kind: row.kind,
      name: row.name,
      external_id: row.external_id,
      source: row.source,
      owner: row.owner,
      tags: row.tags,
      attributes: row.attributes,
      country: row.country,
      region: row.region,
      tenant_id: row.tenant_id,
      site_id: row.site_id,
    };
    switch (row.kind) {
      case "dataset":
        return { ...base, ...datasetFacts(row, places, backupsOf.get(row.external_id) ?? [], parents.get(row.id) ?? null) };
      case "backup": {
        const location = row.attributes.location as LocationRef | undefined;
        const place = location ? placeOf(location, places) : { country: row.country, site_id: row.site_id, provider: null };
        const last = typeof row.attributes.last_success_at === "string" ? new Date(row.attributes.last_success_at) : null;
        return {
          ...base,
          country: place.country,
          last_success_at: last,
          max_age_hours: scheduleIntervalHours(row.attributes.schedule as string | undefined),
          source_dataset_found: sourceDatasets.has(String(row.attributes.source_dataset ?? "")),
        };
      }
      case "rack":
        return { ...base, gpu_nodes: gpuNodes.get(row.id) ?? 0 };
      case "cloud_resource": {
        const provider = String(row.attributes.provider ?? "");
        const country = cloudRegionCountry(provider, String(row.attributes.region_id ?? ""));
        return { ...base, provider, country, region_known: country !== null };
      }
      case "data_transfer":
        return { ...base, ...transferFacts(row, agreementRows) };
      default:
        return base;
    }
  });
}

function datasetFacts(row: AssetRow, places: Map<string, Place>, backups: Place[], parentProvider: string | null) {
  const categories = (row.attributes.data_categories as string[] | undefined) ?? [];
  const refs = (key: string) => (row.attributes[key] as LocationRef[] | undefined) ?? [];
  const resolve = (list: LocationRef[]) => list.map((ref) => ({ ref, place: placeOf(ref, places) }));
  const storage = resolve(refs("storage_locations"));
  const replicas = resolve(refs("replica_locations"));
  const declaredBackups = resolve(refs("backup_locations"));
  const all = [...storage, ...replicas, ...declaredBackups];
  const countries = (list: { place: Place }[]) => [...new Set(list.map((l) => l.place.country).filter((c): c is string => !!c))].sort();
  const storageCountries = storage.length ? countries(storage) : row.country ? [row.country] : [];
  const backupPlaces = [...declaredBackups.map((b) => b.place), ...backups];
  const providerIds = new Set(
    [...all.map((l) => l.place.provider), ...backups.map((b) => b.provider), parentProvider].filter((p): p is string => !!p),
  );
  return {
    personal: categories.some((c) => PERSONAL.has(c)),
    special_category: categories.includes("special_category" satisfies (typeof DATA_CATEGORIES)[number]),
    storage_countries: storageCountries,
    replica_countries: countries(replicas),
    backup_countries: [...new Set(backupPlaces.map((p) => p.country).filter((c): c is string => !!c))].sort(),
    unresolved_locations: all.filter((l) => !l.place.country).map((l) => JSON.stringify(l.ref)),
    holders: [...providerIds].map((id) => ({ name: PROVIDERS[id]?.name ?? id, headquarters: PROVIDERS[id]?.headquarters ?? "unknown" })),
    backups: backupPlaces.map((p) => ({ site_id: p.site_id, country: p.country })),
  };
}

function placeOf(ref: LocationRef, places: Map<string, Place>): Place {
  if (ref.country) return { country: ref.country, site_id: null, provider: null };
  if (ref.cloud_region) {
    const [provider = "", region = ""] = ref.cloud_region.split(":");
    return { country: cloudRegionCountry(provider, region), site_id: null, provider };
  }
  return places.get(ref.asset ?? "") ?? { country: null, site_id: null, provider: null };
}

/** Places of the assets that datasets and backups name by external id. */
async function referencedPlaces(tx: Tx, organizationId: string, rows: AssetRow[]): Promise<Map<string, Place>> {
  const names = new Set<string>();
  for (const row of rows) {
    for (const key of ["storage_locations", "replica_locations", "backup_locations"])
      for (const ref of (row.attributes[key] as LocationRef[] | undefined) ?? []) if (ref.asset) names.add(ref.asset);
    const location = row.attributes.location as LocationRef | undefined;
    if (location?.asset) names.add(location.asset);
  }
  const places = new Map<string, Place>();
  if (names.size === 0) return places;
  const found = rowsOf<{
    external_id: string;
    country: string | null;
    site_id: string | null;
    kind: string;
    id: string;
    provider: string | null;
  }>(
    await tx.execute(sql`
      select external_id, effective_country as country, site_id, kind, id, attributes->>'provider' as provider
      from assets where organization_id = ${organizationId} and deleted_at is null and external_id = ${anyText(names)}`),
  );
  for (const f of found) {
    places.set(f.external_id, {
      country: f.country,
      site_id: f.kind === "site" ? f.id : f.site_id,
      provider: f.kind === "cloud_resource" ? f.provider : null,
    });
  }
  return places;
}

/** Backup assets per dataset external id, with where each is kept. */
async function datasetBackups(tx: Tx, organizationId: string, datasets: AssetRow[]): Promise<Map<string, Place[]>> {
  const byDataset = new Map<string, Place[]>();
  if (datasets.length === 0) return byDataset;
  const rows = rowsOf<{
    source: string;
    country: string | null;
    site_id: string | null;
    location: LocationRef | null;
    parent_provider: string | null;
  }>(
    await tx.execute(sql`
      select b.attributes->>'source_dataset' as source, b.effective_country as country, b.site_id, b.attributes->'location' as location,
             p.attributes->>'provider' as parent_provider
      from assets b left join assets p on p.id = b.parent_id and p.kind = 'cloud_resource'
      where b.organization_id = ${organizationId} and b.kind = 'backup' and b.deleted_at is null
        and b.attributes->>'source_dataset' = ${anyText(datasets.map((d) => d.external_id))}`),
  );
  for (const row of rows) {
    let place: Place = { country: row.country, site_id: row.site_id, provider: row.parent_provider };
    if (row.location?.cloud_region) {
      const [provider = "", region = ""] = row.location.cloud_region.split(":");
      place = { country: cloudRegionCountry(provider, region), site_id: null, provider };
    } else if (row.location?.country) place = { country: row.location.country, site_id: null, provider: null };
    byDataset.set(row.source, [...(byDataset.get(row.source) ?? []), place]);
  }
  return byDataset;
}

async function gpuNodesPerRack(tx: Tx, organizationId: string, racks: AssetRow[]): Promise<Map<string, number>> {
  if (racks.length === 0) return new Map();
  const rows = rowsOf<{ parent_id: string; n: number }>(
    await tx.execute(sql`
      select parent_id, count(*)::int as n from assets
      where organization_id = ${organizationId} and kind = 'device' and deleted_at is null and attributes->>'role' = 'gpu_node'
        and parent_id = ${anyUuid(racks.map((r) => r.id))}
      group by parent_id`),
  );
  return new Map(rows.map((r) => [r.parent_id, r.n]));
}

/** A dataset placed directly on a cloud resource is held by that provider. */
async function parentProviders(tx: Tx, organizationId: string, datasets: AssetRow[]): Promise<Map<string, string>> {
  const withParent = datasets.filter((d) => d.parent_id);
  if (withParent.length === 0) return new Map();
  const rows = rowsOf<{ id: string; provider: string }>(
    await tx.execute(sql`
      select d.id, p.attributes->>'provider' as provider from assets d join assets p on p.id = d.parent_id
      where d.organization_id = ${organizationId} and p.kind = 'cloud_resource' and d.id = ${anyUuid(withParent.map((d) => d.id))}`),
  );
  return new Map(rows.map((r) => [r.id, r.provider]));
}

async function knownDatasets(tx: Tx, organizationId: string, backups: AssetRow[]): Promise<Set<string>> {
  const names = backups.map((b) => String(b.attributes.source_dataset ?? "")).filter(Boolean);
  if (names.length === 0) return new Set();
  const rows = rowsOf<{ external_id: string }>(
    await tx.execute(
      sql`select external_id from assets where organization_id = ${organizationId} and kind = 'dataset' and deleted_at is null and external_id = ${anyText(names)}`,
    ),
  );
  return new Set(rows.map((r) => r.external_id));
}

const COUNTRY = /^[A-Z]{2}$/;

function transferFacts(row: AssetRow, agreementRows: AgreementRow[]) {
  const to = String(row.attributes.to ?? "").toUpperCase();
  const named = String(row.attributes.agreement ?? "")
    .trim()
    .toLowerCase();
  const recipient = String(row.attributes.recipient ?? "")
    .trim()
    .toLowerCase();
  const categories = row.attributes.data_categories as string[] | undefined;
  const agreementFound = agreementRows.some(
    (a) =>
      (named && (a.id === named || a.title.toLowerCase() === named)) ||
      (a.type === "scc" && recipient && a.title.toLowerCase().includes(recipient)),
  );
  return {
    to_country: COUNTRY.test(to) ? to : null,
    mechanism: String(row.attributes.legal_mechanism ?? ""),
    agreement_found: agreementFound,
    personal: categories ? categories.some((c) => PERSONAL.has(c)) : true,
  };
}
