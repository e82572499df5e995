import { z } from "zod";
import { COUNTRY_CODES, countryName, isCountryCode } from "../../i18n/countries";
import { translator } from "../../i18n/i18n";
import { messageText } from "../../i18n/keys";
import { issueMessage } from "../../i18n/zod-errors";
import type { AssetItem } from "../ingest-schema";
import type { AssetPatch } from "../patch";

// The parts of NetBox's REST objects that Attest reads. Everything else in a NetBox answer is ignored, and so is
// any object that does not have even these fields (reported, never fatal).
const Ref = z.object({ id: z.number(), name: z.string().nullish(), slug: z.string().nullish() }).passthrough();
const Choice = z.object({ value: z.string().nullish() }).passthrough();
const CustomFields = z.record(z.string(), z.unknown()).nullish();

export const NetboxRegion = z.object({ id: z.number(), name: z.string(), slug: z.string(), parent: Ref.nullish() }).passthrough();
export const NetboxTenant = z.object({ id: z.number(), name: z.string(), slug: z.string() }).passthrough();
export const NetboxSite = z
  .object({
    id: z.number(),
    name: z.string(),
    slug: z.string(),
    region: Ref.nullish(),
    tenant: Ref.nullish(),
    facility: z.string().nullish(),
    physical_address: z.string().nullish(),
    latitude: z.number().nullish(),
    longitude: z.number().nullish(),
    custom_fields: CustomFields,
  })
  .passthrough();
export const NetboxLocation = z
  .object({ id: z.number(), name: z.string(), site: Ref, parent: Ref.nullish(), tenant: Ref.nullish() })
  .passthrough();
export const NetboxRack = z
  .object({
    id: z.number(),
    name: z.string(),
    site: Ref,
    location: Ref.nullish(),
    tenant: Ref.nullish(),
    u_height: z.number().nullish(),
    custom_fields: CustomFields,
  })
  .passthrough();
export const NetboxDevice = z
  .object({
    id: z.number(),
    name: z.string().nullish(),
    device_type: z.object({ manufacturer: Ref.nullish(), model: z.string().nullish() }).passthrough().nullish(),
    role: Ref.nullish(),
    device_role: Ref.nullish(),
    tenant: Ref.nullish(),
    site: Ref,
    location: Ref.nullish(),
    rack: Ref.nullish(),
    serial: z.string().nullish(),
    custom_fields: CustomFields,
  })
  .passthrough();
export const NetboxPowerPanel = z.object({ id: z.number(), name: z.string(), site: Ref, location: Ref.nullish() }).passthrough();
export const NetboxPowerFeed = z
  .object({
    id: z.number(),
    name: z.string(),
    power_panel: Ref,
    rack: Ref.nullish(),
    phase: Choice.nullish(),
    voltage: z.number().nullish(),
    amperage: z.number().nullish(),
    max_utilization: z.number().nullish(),
  })
  .passthrough();

export const ENDPOINTS = {
  regions: "dcim/regions",
  tenants: "tenancy/tenants",
  sites: "dcim/sites",
  locations: "dcim/locations",
  racks: "dcim/racks",
  devices: "dcim/devices",
  "power-panels": "dcim/power-panels",
  "power-feeds": "dcim/power-feeds",
} as const;
export type Endpoint = keyof typeof ENDPOINTS;
export type NetboxData = Record<Endpoint, unknown[]>;

export type NetboxTenantToCreate = { slug: string; name: string; country: string | null };
export type NetboxMapping = { assets: AssetPatch[]; tenants: NetboxTenantToCreate[]; warnings: string[] };

const ROLE_RULES: [RegExp, AssetItem["attributes"]["role"]][] = [
  [/gpu|accelerat|dgx|hgx/, "gpu_node"],
  [/firewall|fw\b/, "firewall"],
  [/pdu|power-distribution/, "pdu"],
  [/storage|nas|san|array/, "storage_array"],
  [/switch|leaf|spine|router|tor\b|network/, "switch"],
  [/server|compute|host|node/, "server"],
];

/** NetBox device roles are free-form: map them by their slug or name, and leave out what is not IT equipment. */
export function deviceRole(role: { slug?: string | null; name?: string | null } | null | undefined) {
  const text = `${role?.slug ?? ""} ${role?.name ?? ""}`.toLowerCase();
  return ROLE_RULES.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

const NAME_TO_CODE = new Map<string, string>();
for (const code of COUNTRY_CODES) {
  for (const locale of ["en", "fr", "de"]) NAME_TO_CODE.set(countryName(code, locale).toLowerCase(), code);
}

/** A country from a region (its slug or name is a country code or name), else from the address's last line. */
function countryOf(site: z.infer<typeof NetboxSite>, regions: Map<number, z.infer<typeof NetboxRegion>>): string | null {
  let region = site.region ? regions.get(site.region.id) : undefined;
  for (let depth = 0; region && depth < 10; depth += 1) {
    const bySlug = region.slug.toUpperCase();
    if (bySlug.length === 2 && isCountryCode(bySlug)) return bySlug;
    const byName = NAME_TO_CODE.get(region.name.toLowerCase());
    if (byName) return byName;
    region = region.parent ? regions.get(region.parent.id) : undefined;
  }
  const lastLine = site.physical_address?.trim().split(/\r?\n/).at(-1)?.trim().toLowerCase();
  return (lastLine && NAME_TO_CODE.get(lastLine)) || null;
}

function parseAll<T extends z.ZodType>(schema: T, rows: unknown[], label: string, warnings: string[]): z.infer<T>[] {
  const ok: z.infer<T>[] = [];
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) ok.push(parsed.data);
    else {
      // The command line speaks English: the issue's key in English words, never zod's own sentence.
      const issue = parsed.error.issues[0];
      const problem = issue ? `${issue.path.join(".")}: ${messageText(translator("en"), issueMessage(issue))}` : "";
      warnings.push(`${label} #${index + 1} skipped: ${problem}`);
    }
  });
  return ok;
}

/**
 * NetBox is the source of truth for the fields Attest maps from it, and only for those. A field its answer does not
 * have (an older NetBox, a custom field this NetBox does not define) says nothing: the stored value is kept
 * (`undefined`). A field it returns empty (null, "") is NetBox saying there is no value: it is cleared (`null`).
 * Fields Attest does not map from NetBox (owner, tags, region, other attributes) are never touched.
 */
type Field<T> = T | null | undefined;
const num = (value: unknown): Field<number> =>
  value === null ? null : typeof value === "number" && Number.isFinite(value) ? value : undefined;
const str = (value: unknown): Field<string> => (value === null ? null : typeof value === "string" ? value.trim() || null : undefined);
const oneLine = (text: Field<string>) => (text ? text.replace(/\s*\r?\n\s*/g, ", ") : text);
const both = <T>(a: Field<unknown>, b: Field<unknown>, value: () => T): Field<T> =>
  a === undefined || b === undefined ? undefined : a === null || b === null ? null : value();

/** One NetBox object as a patch: kept where NetBox says nothing, cleared where it says empty. */
function patchOf(
  item: Omit<AssetPatch["item"], "attributes" | "tenant">,
  tenant: Field<string>,
  attributes: Record<string, Field<unknown>>,
): AssetPatch {
  const patch: AssetPatch = { item: { ...item, attributes: {} }, clear: [] };
  if (tenant) patch.item.tenant = tenant;
  else if (tenant === null) patch.clear.push("tenant");
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null) patch.clear.push(`attributes.${key}`);
    else if (value !== undefined) patch.item.attributes[key] = value;
  }
  return patch;
}

export const siteId = (id: number) => `site-${id}`;
export const locationId = (id: number) => `location-${id}`;
export const rackId = (id: number) => `rack-${id}`;

/**
 * NetBox objects as Attest assets: sites → site, locations → hall (nested locations hang on their site), racks →
 * rack, devices → device (by role), power feeds → power_feed. Tenants are matched by slug; the unknown ones are
 * listed for creation.
 */
export function mapNetbox(data: NetboxData, knownTenantSlugs: ReadonlySet<string>): NetboxMapping {
  const warnings: string[] = [];
  const regions = new Map(parseAll(NetboxRegion, data.regions, "region", warnings).map((r) => [r.id, r]));
  const netboxTenants = parseAll(NetboxTenant, data.tenants, "tenant", warnings);
  const sites = parseAll(NetboxSite, data.sites, "site", warnings);
  const siteCountry = new Map(sites.map((s) => [s.id, countryOf(s, regions)]));
  const tenantSlugs = new Set<string>();
  const tenantOf = (ref: { slug?: string | null } | null | undefined): Field<string> => {
    if (!ref?.slug) return ref === undefined ? undefined : null;
    tenantSlugs.add(ref.slug);
    return ref.slug;
  };
  const assets: AssetPatch[] = [];

  for (const site of sites) {
    const country = siteCountry.get(site.id);
    if (!country) warnings.push(`site ${site.name}: no country found in its region or address; set one in Attest or in NetBox`);
    const cf = site.custom_fields ?? {};
    // A country NetBox cannot tell is kept: it may have been set in Attest, as the warning says.
    assets.push(
      patchOf({ kind: "site", external_id: siteId(site.id), name: site.name, ...(country ? { country } : {}) }, tenantOf(site.tenant), {
        address: oneLine(str(site.physical_address)),
        coordinates: both(site.latitude, site.longitude, () => ({ lat: site.latitude!, lon: site.longitude! })),
        contracted_capacity_mw: num(cf.contracted_capacity_mw),
        tier: str(cf.tier),
        facility: str(site.facility),
      }),
    );
  }
  const knownSites = new Set(sites.map((s) => s.id));

  const locations = parseAll(NetboxLocation, data.locations, "location", warnings).filter((l) => knownSites.has(l.site.id));
  for (const location of locations) {
    assets.push(
      patchOf(
        { kind: "hall", external_id: locationId(location.id), name: location.name, parent: siteId(location.site.id) },
        tenantOf(location.tenant),
        {},
      ),
    );
  }
  const knownLocations = new Set(locations.map((l) => l.id));
  const placeIn = (site: number, location?: { id: number } | null) =>
    location && knownLocations.has(location.id) ? locationId(location.id) : siteId(site);

  const racks = parseAll(NetboxRack, data.racks, "rack", warnings).filter((r) => knownSites.has(r.site.id));
  for (const rack of racks) {
    const cf = rack.custom_fields ?? {};
    assets.push(
      patchOf(
        { kind: "rack", external_id: rackId(rack.id), name: rack.name, parent: placeIn(rack.site.id, rack.location) },
        tenantOf(rack.tenant),
        { units: num(rack.u_height), power_budget_kw: num(cf.power_budget_kw), redundancy: str(cf.redundancy) },
      ),
    );
  }
  const knownRacks = new Set(racks.map((r) => r.id));

  for (const device of parseAll(NetboxDevice, data.devices, "device", warnings)) {
    if (!knownSites.has(device.site.id)) continue;
    const roleRef = device.role ?? device.device_role;
    const role = deviceRole(roleRef);
    const name = device.name ?? `${device.device_type?.model ?? "device"} #${device.id}`;
    if (!role) {
      warnings.push(`device ${name}: role "${roleRef?.name ?? "none"}" is not IT equipment Attest tracks; left out`);
      continue;
    }
    const cf = device.custom_fields ?? {};
    const parent = device.rack && knownRacks.has(device.rack.id) ? rackId(device.rack.id) : placeIn(device.site.id, device.location);
    assets.push(
      patchOf({ kind: "device", external_id: `device-${device.id}`, name, parent }, tenantOf(device.tenant), {
        role,
        vendor: str(device.device_type?.manufacturer?.name),
        model: str(device.device_type?.model),
        serial: str(device.serial),
        gpu_model: str(cf.gpu_model),
        gpu_count: num(cf.gpu_count),
        power_draw_kw: num(cf.power_draw_kw),
      }),
    );
  }

  const panels = new Map(parseAll(NetboxPowerPanel, data["power-panels"], "power panel", warnings).map((p) => [p.id, p]));
  for (const feed of parseAll(NetboxPowerFeed, data["power-feeds"], "power feed", warnings)) {
    const panel = panels.get(feed.power_panel.id);
    if (!panel || !knownSites.has(panel.site.id)) {
      warnings.push(`power feed ${feed.name}: its panel is unknown; left out`);
      continue;
    }
    const phases = feed.phase?.value === "three-phase" ? Math.sqrt(3) : 1;
    const capacityKw = both(num(feed.voltage), num(feed.amperage), () => {
      const kw = (feed.voltage! * feed.amperage! * phases * ((feed.max_utilization ?? 100) / 100)) / 1000;
      return kw > 0 ? Math.round(kw * 10) / 10 : null;
    });
    const parent = feed.rack && knownRacks.has(feed.rack.id) ? rackId(feed.rack.id) : placeIn(panel.site.id, panel.location);
    assets.push(
      patchOf({ kind: "power_feed", external_id: `powerfeed-${feed.id}`, name: `${panel.name} / ${feed.name}`, parent }, undefined, {
        capacity_kw: capacityKw,
        voltage_v: num(feed.voltage),
      }),
    );
  }

  const tenants = netboxTenants
    .filter((t) => tenantSlugs.has(t.slug) && !knownTenantSlugs.has(t.slug))
    .map((t) => ({ slug: t.slug, name: t.name, country: null }));
  for (const slug of tenantSlugs) {
    if (!knownTenantSlugs.has(slug) && !tenants.some((t) => t.slug === slug)) tenants.push({ slug, name: slug, country: null });
  }
  return { assets, tenants, warnings };
}
