import data from "../../policies/reference/cloud-regions.json";

const REGIONS = (data as { regions: Record<string, Record<string, string>> }).regions;

/** The country of a cloud region ("aws", "eu-west-3" → "FR"), or null when the region is not in our list. */
export function cloudRegionCountry(provider: string, regionId: string): string | null {
  return REGIONS[provider]?.[regionId] ?? null;
}
