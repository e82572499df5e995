import blocs from "../../policies/reference/blocs.json";
import type { ResourceKind } from "./policy-schema";

/**
 * The facts a policy expression sees. Every field listed here is always present (null or empty when unknown), so
 * that expressions need no `has()` guards and a missing fact shows up as a value, not as a run-time error.
 */
export type ResourceFacts = {
  id: string;
  kind: ResourceKind;
  name: string;
  tenant_id: string | null;
  site_id: string | null;
  [fact: string]: unknown;
};

export type PermitFacts = {
  id: string;
  type: string;
  status: string;
  reference: string;
  active: boolean;
  expires_at: Date | null;
  conditions: Record<string, unknown>;
};

export type SiteFacts = {
  id: string;
  name: string;
  country: string | null;
  tier: string | null;
  attributes: Record<string, unknown>;
  permits: PermitFacts[];
  /** The tightest limit among active permits, per condition; null when no active permit sets it. */
  limits: {
    power_mw_grid: number | null;
    power_mw_environmental: number | null;
    generator_hours_per_year: number | null;
    water_m3_per_year: number | null;
  };
  power: { current_kw: number | null; peak_30d_kw: number | null; measured_at: Date | null };
  halls: number;
  racks: number;
  gpu_nodes: number;
  /** Nameplate IT power: the sum of device power draws, or the contracted capacity when none is declared. */
  installed_it_kw: number;
  operating: boolean;
};

export type TenantFacts = {
  id: string;
  name: string;
  slug: string;
  residency: { allowed: string[]; from_default: boolean };
  agreements: { id: string; title: string; type: string; parties_hq: string[] }[];
  has_dpa: boolean;
  processes_personal_data: boolean;
  deployed: { assets: number; racks: number; gpus: number; power_kw: number };
  contracted: { racks: number | null; gpus: number | null; mw: number | null };
  counterparties: { name: string; headquarters: string; registration: string; sub_processors: { name: string; country: string }[] }[];
};

export type OrgFacts = {
  id: string;
  name: string;
  agreements: { id: string; title: string; type: string; counterparty_names: string[] }[];
};

export const REFERENCE = { eea: blocs.EEA, eu: blocs.EU, adequate: blocs.ADEQUATE, adequate_partial: Object.keys(blocs.ADEQUATE_PARTIAL) };

export type EvaluationContext = {
  resource: ResourceFacts;
  site: SiteFacts | null;
  tenant: TenantFacts | null;
  org: OrgFacts;
  params: Record<string, unknown>;
  now: Date;
  ref: typeof REFERENCE;
};

/** Neutral facts per kind, used under fixtures so that a fixture states only what matters to its policy. */
export const RESOURCE_DEFAULTS: Record<ResourceKind, Record<string, unknown>> = {
  site: {
    country: "FR",
    owner: null,
    attributes: {},
    tier: null,
    permits: [],
    limits: { power_mw_grid: null, power_mw_environmental: null, generator_hours_per_year: null, water_m3_per_year: null },
    power: { current_kw: null, peak_30d_kw: null, measured_at: null },
    halls: 0,
    racks: 0,
    gpu_nodes: 0,
    installed_it_kw: 0,
    operating: true,
  },
  hall: { country: "FR", owner: null, attributes: {} },
  rack: { country: "FR", owner: null, attributes: {}, gpu_nodes: 0 },
  device: { country: "FR", owner: null, attributes: { role: "server" } },
  storage_volume: { country: "FR", owner: null, attributes: {} },
  dataset: {
    country: "FR",
    owner: null,
    attributes: { data_categories: ["non_personal"] },
    personal: false,
    special_category: false,
    storage_countries: [],
    replica_countries: [],
    backup_countries: [],
    unresolved_locations: [],
    holders: [],
    backups: [],
  },
  backup: {
    country: "FR",
    owner: null,
    attributes: {},
    last_success_at: null,
    max_age_hours: null,
    source_dataset_found: true,
    source_site_id: null,
  },
  cloud_resource: {
    country: null,
    owner: null,
    attributes: { provider: "aws", region_id: "eu-west-3" },
    provider: "aws",
    region_known: true,
  },
  data_transfer: { country: null, owner: null, attributes: {}, to_country: null, mechanism: "scc", agreement_found: false, personal: true },
  power_feed: { country: "FR", owner: null, attributes: {} },
  tenant: {},
  permit: { type: "icpe", status: "granted", active: true, expires_at: null, days_to_expiry: null, conditions: {} },
  agreement: { type: "msa", notice_by: null, ends_on: null, overdue_obligations: [], tenant_ids: [] },
};

export const SITE_DEFAULTS: SiteFacts = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Fixture site",
  country: "FR",
  tier: null,
  attributes: {},
  permits: [],
  limits: { power_mw_grid: null, power_mw_environmental: null, generator_hours_per_year: null, water_m3_per_year: null },
  power: { current_kw: null, peak_30d_kw: null, measured_at: null },
  halls: 0,
  racks: 0,
  gpu_nodes: 0,
  installed_it_kw: 0,
  operating: true,
};

export const TENANT_DEFAULTS: TenantFacts = {
  id: "00000000-0000-4000-8000-000000000002",
  name: "Fixture tenant",
  slug: "fixture-tenant",
  residency: { allowed: blocs.EEA, from_default: true },
  agreements: [],
  has_dpa: false,
  processes_personal_data: false,
  deployed: { assets: 0, racks: 0, gpus: 0, power_kw: 0 },
  contracted: { racks: null, gpus: null, mw: null },
  counterparties: [],
};

export const ORG_DEFAULTS: OrgFacts = { id: "00000000-0000-4000-8000-000000000003", name: "Fixture operator", agreements: [] };

/** Dates in fixtures are written as ISO strings; the engine hands expressions Date values. */
export function revive(value: unknown): unknown {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return new Date(value);
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  return value;
}
