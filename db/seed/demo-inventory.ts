import type { CountryCode } from "../../app/i18n/countries";
import type { AssetItem, IngestRequest, PowerReadingItem } from "../../app/inventory/ingest-schema";
import { demoCalendar } from "./demo-calendar";

/** A small deterministic generator (mulberry32), so that the demo inventory is the same on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type SitePlan = {
  id: string;
  name: string;
  country: CountryCode;
  region: string;
  capacityMw: number;
  baseLoadMw: number;
  attributes: Record<string, unknown>;
  halls: { tenant: string | null; racks: number; gpu: "H100 SXM" | "H200 SXM" | "B200" }[];
};

const SITES: SitePlan[] = [
  {
    id: "par1",
    name: "Helios Paris-Saclay",
    country: "FR",
    region: "FR-IDF",
    capacityMw: 40,
    baseLoadMw: 8.8,
    attributes: {
      address: "12 rue de la Recherche, 91190 Gif-sur-Yvette, France",
      coordinates: { lat: 48.7077, lon: 2.1636 },
      contracted_capacity_mw: 40,
      access_control: ["biometric", "badge", "guard"],
      cctv: true,
      tier: "III",
      // Generator test hours so far this year, as the site reports them for its ICPE permit (limit 200 h).
      generator_hours_ytd: 64,
      energy: [
        { year: 2024, pue: 1.31, wue: 0.35, ref: 0.62, erf: 0.08 },
        { year: 2025, pue: 1.27, wue: 0.31, ref: 0.71, erf: 0.12 },
      ],
    },
    halls: [
      { tenant: "lumen-ai", racks: 20, gpu: "H100 SXM" },
      { tenant: "lumen-ai", racks: 20, gpu: "H200 SXM" },
      { tenant: "kairos-cloud", racks: 20, gpu: "H200 SXM" },
      { tenant: "kairos-cloud", racks: 20, gpu: "B200" },
    ],
  },
  {
    id: "fra1",
    name: "Helios Frankfurt",
    country: "DE",
    region: "DE-HE",
    capacityMw: 12,
    baseLoadMw: 3.3,
    attributes: {
      address: "Hanauer Landstraße 300, 60314 Frankfurt am Main, Germany",
      coordinates: { lat: 50.1136, lon: 8.7295 },
      contracted_capacity_mw: 12,
      access_control: ["badge", "guard"],
      cctv: true,
      tier: "III",
      // No energy reuse factor reported for 2025 yet: a finding for the EED.
      energy: [{ year: 2025, pue: 1.35, wue: 0.4, ref: 0.55 }],
    },
    halls: [
      { tenant: "kairos-cloud", racks: 15, gpu: "H100 SXM" },
      { tenant: "genovia-bio", racks: 15, gpu: "H100 SXM" },
    ],
  },
];

const hoursBefore = (now: Date, hours: number) =>
  new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - hours * 3_600_000).toISOString();

const NODE_KW: Record<string, number> = { "H100 SXM": 10.2, "H200 SXM": 10.8, B200: 14.3 };
const NODES_PER_RACK = 8;

function siteAssets(site: SitePlan, rand: () => number): AssetItem[] {
  const items: AssetItem[] = [
    {
      kind: "site",
      external_id: site.id,
      name: site.name,
      country: site.country,
      region: site.region,
      owner: `${site.name} site operations`,
      attributes: site.attributes,
    },
  ];
  for (const feed of ["a", "b"]) {
    items.push({
      kind: "power_feed",
      external_id: `${site.id}-feed-${feed}`,
      name: `${site.name} feed ${feed.toUpperCase()}`,
      parent: site.id,
      attributes: { capacity_kw: (site.capacityMw * 1000) / 2, voltage_v: 63_000, utility: site.country === "FR" ? "RTE" : "Amprion" },
    });
  }
  site.halls.forEach((hall, h) => {
    const hallId = `${site.id}-h${h + 1}`;
    // One hall of Frankfurt has no CCTV recorded yet: a finding for ISO 27001 A.7.4.
    const cctv = !(site.id === "fra1" && h === 1);
    items.push({
      kind: "hall",
      external_id: hallId,
      name: `Hall ${h + 1}`,
      parent: site.id,
      owner: "Facilities",
      attributes: { cooling: hall.gpu === "B200" ? "liquid" : "hybrid", floor_area_m2: 1800, cctv },
    });
    for (let r = 1; r <= hall.racks; r += 1) {
      const rackId = `${hallId}-r${String(r).padStart(2, "0")}`;
      const tenant = hall.tenant ?? undefined;
      items.push({
        kind: "rack",
        external_id: rackId,
        name: `${hallId.toUpperCase()}-R${String(r).padStart(2, "0")}`,
        parent: hallId,
        ...(tenant ? { tenant } : {}),
        // A few imperfections for the policy engine to find: one rack on a single feed, one without an owner.
        ...(site.id === "fra1" && h === 1 && r === 7 ? {} : { owner: tenant ? `${tenant} infrastructure` : "Colocation team" }),
        attributes: {
          power_budget_kw: hall.gpu === "B200" ? 130 : 80,
          redundancy: site.id === "par1" && h === 3 && r === 20 ? "N" : r % 5 === 0 ? "N+1" : "2N",
          units: 48,
        },
      });
      for (const pdu of ["a", "b"]) {
        items.push({
          kind: "device",
          external_id: `${rackId}-pdu-${pdu}`,
          name: `${rackId}-pdu-${pdu}`,
          parent: rackId,
          attributes: { role: "pdu", vendor: "Raritan", model: "PX4" },
        });
      }
      items.push({
        kind: "device",
        external_id: `${rackId}-tor`,
        name: `${rackId}-tor`,
        parent: rackId,
        ...(tenant ? { tenant } : {}),
        attributes: { role: "switch", vendor: "NVIDIA", model: "SN5600" },
      });
      for (let n = 1; n <= NODES_PER_RACK; n += 1) {
        const nodeId = `${rackId}-n${n}`;
        items.push({
          kind: "device",
          external_id: nodeId,
          name: nodeId,
          parent: rackId,
          ...(tenant ? { tenant } : {}),
          attributes: {
            role: "gpu_node",
            vendor: hall.gpu === "B200" ? "NVIDIA" : "Supermicro",
            model: hall.gpu === "B200" ? "DGX B200" : "SYS-821GE-TNHR",
            serial: `SN${site.id.toUpperCase()}${h + 1}${String(r).padStart(2, "0")}${n}${Math.floor(rand() * 1e6)}`,
            gpu_model: hall.gpu,
            gpu_count: 8,
            power_draw_kw: Number((NODE_KW[hall.gpu]! * (0.85 + rand() * 0.15)).toFixed(2)),
          },
        });
        items.push({
          kind: "storage_volume",
          external_id: `${nodeId}-nvme`,
          name: `${nodeId} local NVMe`,
          parent: nodeId,
          ...(tenant ? { tenant } : {}),
          owner: "Platform team",
          // The first rack of Frankfurt's hall 1 still runs unencrypted local disks.
          attributes: { encrypted_at_rest: !(site.id === "fra1" && h === 0 && r === 1), key_holder: "operator", capacity_tb: 30.72 },
        });
      }
    }
  });
  items.push(
    {
      kind: "device",
      external_id: `${site.id}-fw-1`,
      name: `${site.id}-fw-1`,
      parent: `${site.id}-h1`,
      attributes: { role: "firewall", vendor: "Palo Alto Networks", model: "PA-5450" },
    },
    {
      kind: "device",
      external_id: `${site.id}-array-1`,
      name: `${site.id}-array-1`,
      parent: `${site.id}-h1`,
      attributes: { role: "storage_array", vendor: "VAST Data", model: "Ceres", power_draw_kw: 18 },
    },
  );
  return items;
}

const shared = (now: Date): AssetItem[] => [
  {
    kind: "storage_volume",
    external_id: "par1-vol-lumen-train",
    name: "Lumen training corpus volume",
    parent: "par1-array-1",
    tenant: "lumen-ai",
    attributes: { encrypted_at_rest: true, key_holder: "tenant", capacity_tb: 2400 },
  },
  {
    kind: "storage_volume",
    external_id: "fra1-vol-genovia",
    name: "Genovia genomics volume",
    parent: "fra1-array-1",
    tenant: "genovia-bio",
    attributes: { encrypted_at_rest: true, key_holder: "hsm", capacity_tb: 800 },
  },
  {
    kind: "storage_volume",
    external_id: "fra1-vol-kairos-images",
    name: "Kairos VM images",
    parent: "fra1-array-1",
    tenant: "kairos-cloud",
    attributes: { encrypted_at_rest: false, capacity_tb: 300 },
  },
  {
    kind: "cloud_resource",
    external_id: "aws-s3-lumen-eu",
    name: "lumen-archive (S3, Paris)",
    tenant: "lumen-ai",
    attributes: { provider: "aws", region_id: "eu-west-3", service: "s3" },
  },
  {
    kind: "cloud_resource",
    external_id: "aws-s3-lumen-us",
    name: "lumen-eval-share (S3, N. Virginia)",
    tenant: "lumen-ai",
    attributes: { provider: "aws", region_id: "us-east-1", service: "s3" },
  },
  {
    kind: "cloud_resource",
    external_id: "azure-genovia-backup",
    name: "genovia-dr (Azure, Frankfurt)",
    tenant: "genovia-bio",
    attributes: { provider: "azure", region_id: "germanywestcentral", service: "blob" },
  },
  {
    kind: "dataset",
    external_id: "ds-lumen-pretraining",
    name: "Lumen pre-training corpus",
    parent: "par1-vol-lumen-train",
    tenant: "lumen-ai",
    attributes: {
      data_categories: ["non_personal", "pseudonymised"],
      gdpr_role: "controller",
      storage_locations: [{ asset: "par1-vol-lumen-train" }],
      backup_locations: [{ cloud_region: "aws:eu-west-3" }],
    },
  },
  {
    kind: "dataset",
    external_id: "ds-lumen-chat-logs",
    name: "Lumen assistant conversation logs",
    parent: "par1-vol-lumen-train",
    tenant: "lumen-ai",
    attributes: {
      data_categories: ["personal"],
      data_subject_regions: ["EEA", "GB"],
      gdpr_role: "controller",
      storage_locations: [{ asset: "par1-vol-lumen-train" }],
      replica_locations: [{ cloud_region: "aws:us-east-1" }],
    },
  },
  {
    kind: "dataset",
    external_id: "ds-genovia-genomes",
    name: "Genovia clinical genomes",
    parent: "fra1-vol-genovia",
    tenant: "genovia-bio",
    attributes: {
      data_categories: ["special_category", "pseudonymised"],
      data_subject_regions: ["BE", "FR", "DE"],
      gdpr_role: "controller",
      storage_locations: [{ asset: "fra1-vol-genovia" }],
      backup_locations: [{ cloud_region: "azure:germanywestcentral" }],
    },
  },
  {
    kind: "dataset",
    external_id: "ds-kairos-images",
    name: "Kairos customer VM images",
    parent: "fra1-vol-kairos-images",
    tenant: "kairos-cloud",
    attributes: { data_categories: ["non_personal"], gdpr_role: "processor", storage_locations: [{ asset: "fra1-vol-kairos-images" }] },
  },
  {
    kind: "backup",
    external_id: "bk-lumen-pretraining",
    name: "Lumen corpus nightly backup",
    parent: "aws-s3-lumen-eu",
    tenant: "lumen-ai",
    attributes: {
      source_dataset: "ds-lumen-pretraining",
      location: { cloud_region: "aws:eu-west-3" },
      schedule: "0 2 * * *",
      last_success_at: hoursBefore(now, 9),
    },
  },
  {
    kind: "backup",
    external_id: "bk-genovia-genomes",
    name: "Genovia genomes DR copy",
    parent: "azure-genovia-backup",
    tenant: "genovia-bio",
    attributes: {
      source_dataset: "ds-genovia-genomes",
      location: { cloud_region: "azure:germanywestcentral" },
      schedule: "0 3 * * 0",
      last_success_at: hoursBefore(now, 50),
    },
  },
  {
    kind: "data_transfer",
    external_id: "tr-lumen-eval-us",
    name: "Evaluation share with US research partner",
    tenant: "lumen-ai",
    attributes: { from: "FR", to: "US", recipient: "Northwind Evaluation Labs Inc.", legal_mechanism: "scc" },
  },
];

/** A month of hourly readings per site and feed, ending at the last full hour before `now`. */
function powerReadings(now: Date, rand: () => number): PowerReadingItem[] {
  const readings: PowerReadingItem[] = [];
  const end = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  for (let hour = 30 * 24; hour >= 1; hour -= 1) {
    const at = new Date(end - hour * 3_600_000);
    const daily = Math.sin(((at.getUTCHours() - 6) / 24) * 2 * Math.PI);
    for (const site of SITES) {
      // Facility draw: the IT load of the racks above times the PUE, with a daily swing and some noise.
      const kw = Math.round(site.baseLoadMw * (1 + daily * 0.04 + (rand() - 0.5) * 0.03) * 1000);
      const measured_at = at.toISOString();
      readings.push({ asset: site.id, measured_at, kw });
      const split = 0.48 + rand() * 0.04;
      readings.push({ asset: `${site.id}-feed-a`, measured_at, kw: Math.round(kw * split) });
      readings.push({ asset: `${site.id}-feed-b`, measured_at, kw: Math.round(kw * (1 - split)) });
    }
  }
  return readings;
}

/** The demo operator's inventory, as its DCIM would send it through the ingestion API. */
/** The sites' yearly energy figures moved to the seed's year: "last year's PUE" is last year's whenever it is seeded. */
function withEnergyYears(site: (typeof SITES)[number], year: (written: number) => number): (typeof SITES)[number] {
  const energy = site.attributes.energy as { year: number }[] | undefined;
  if (!energy) return site;
  return { ...site, attributes: { ...site.attributes, energy: energy.map((y) => ({ ...y, year: year(y.year) })) } };
}

export function demoInventory(now: Date): IngestRequest {
  const rand = random(2026);
  return {
    source: "demo-dcim",
    mode: "snapshot",
    assets: [
      ...SITES.flatMap((site) => siteAssets(withEnergyYears(site, demoCalendar(now).year), rand)),
      ...shared(now).map((item) => ({ owner: `${item.tenant ?? "helios"} data owner`, ...item })),
    ],
    power_readings: powerReadings(now, rand),
  };
}
