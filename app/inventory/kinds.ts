import { z } from "zod";
import { ASSET_KINDS, type AssetKind } from "../../db/schema/inventory";
import { isCountryCode } from "../i18n/countries";

export { ASSET_KINDS, type AssetKind };

export const DEVICE_ROLES = ["server", "gpu_node", "storage_array", "switch", "firewall", "pdu"] as const;
export const DATA_CATEGORIES = ["personal", "special_category", "pseudonymised", "non_personal"] as const;
export const CLOUD_PROVIDERS = ["aws", "azure", "gcp", "ovhcloud", "scaleway", "other"] as const;
export const TRANSFER_MECHANISMS = ["adequacy", "scc", "bcr", "derogation"] as const;

const countryCode = z.string().refine(isCountryCode, { message: "validation.countryCode" });
const text = (max = 200) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });

/**
 * Where data lives: an asset of the inventory (by external id), a country, or a cloud region
 * ("provider:region", e.g. "aws:eu-west-3").
 */
export const LocationRef = z.union([
  z.object({ asset: text() }).strict(),
  z.object({ country: countryCode }).strict(),
  z.object({ cloud_region: z.string().regex(/^[a-z]+:[a-z0-9-]+$/, "validation.cloudRegion") }).strict(),
]);
export type LocationRef = z.infer<typeof LocationRef>;

const energyYear = z
  .object({
    year: z.number().int().min(2000).max(2100),
    pue: z.number().min(1).max(5).optional(),
    wue: z.number().min(0).max(20).optional(),
    ref: z.number().min(0).max(1).optional(),
    erf: z.number().min(0).max(1).optional(),
  })
  .strict();

// Attributes are open objects: keys we do not know are kept as they came, the ones we know are checked.
export const ATTRIBUTE_SCHEMAS = {
  site: z.looseObject({
    address: text(500).optional(),
    coordinates: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .optional(),
    contracted_capacity_mw: z.number().positive().max(10_000).optional(),
    access_control: z
      .array(z.enum(["biometric", "badge", "guard"]))
      .max(3)
      .optional(),
    cctv: z.boolean().optional(),
    tier: z.enum(["I", "II", "III", "IV"]).optional(),
    energy: z.array(energyYear).max(50).optional(),
  }),
  hall: z.looseObject({
    floor_area_m2: z.number().positive().max(1_000_000).optional(),
    cooling: z.enum(["air", "liquid", "immersion", "hybrid"]).optional(),
  }),
  rack: z.looseObject({
    power_budget_kw: z.number().positive().max(2_000).optional(),
    redundancy: z.enum(["N", "N+1", "2N", "2N+1"]).optional(),
    units: z.number().int().positive().max(100).optional(),
  }),
  device: z.looseObject({
    role: z.enum(DEVICE_ROLES),
    vendor: text().optional(),
    model: text().optional(),
    serial: text().optional(),
    gpu_model: text().optional(),
    gpu_count: z.number().int().min(0).max(1_000).optional(),
    power_draw_kw: z.number().min(0).max(2_000).optional(),
  }),
  storage_volume: z.looseObject({
    encrypted_at_rest: z.boolean().optional(),
    key_holder: z.enum(["operator", "tenant", "cloud_provider", "hsm"]).optional(),
    capacity_tb: z.number().positive().max(1_000_000).optional(),
  }),
  dataset: z.looseObject({
    data_categories: z.array(z.enum(DATA_CATEGORIES)).min(1).max(4),
    data_subject_regions: z.array(text(50)).max(300).optional(),
    gdpr_role: z.enum(["controller", "processor", "joint_controller"]).optional(),
    storage_locations: z.array(LocationRef).max(100).optional(),
    replica_locations: z.array(LocationRef).max(100).optional(),
    backup_locations: z.array(LocationRef).max(100).optional(),
  }),
  backup: z.looseObject({
    source_dataset: text().optional(),
    location: LocationRef.optional(),
    schedule: text(100).optional(),
    last_success_at: instant.optional(),
  }),
  cloud_resource: z.looseObject({
    provider: z.enum(CLOUD_PROVIDERS),
    region_id: text(100),
    service: text().optional(),
  }),
  data_transfer: z.looseObject({
    from: text(100),
    to: text(100),
    recipient: text(),
    legal_mechanism: z.enum(TRANSFER_MECHANISMS),
    agreement: text().optional(),
  }),
  power_feed: z.looseObject({
    capacity_kw: z.number().positive().max(1_000_000).optional(),
    voltage_v: z.number().positive().max(1_000_000).optional(),
    utility: text().optional(),
  }),
} satisfies Record<AssetKind, z.ZodType>;

/** Which kinds an asset's parent may be, nearest first. */
export const PARENT_KINDS: Record<AssetKind, readonly AssetKind[]> = {
  site: [],
  hall: ["site"],
  rack: ["hall", "site"],
  device: ["rack", "hall", "site"],
  storage_volume: ["device", "site"],
  dataset: ["storage_volume", "device", "site", "cloud_resource"],
  backup: ["storage_volume", "site", "cloud_resource"],
  cloud_resource: [],
  data_transfer: [],
  power_feed: ["site", "hall", "rack"],
};
