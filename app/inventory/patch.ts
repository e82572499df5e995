import canonicalize from "canonicalize";
import { cloudRegionCountry } from "./cloud-regions";
import type { AssetKind } from "./kinds";

/** The fields of an asset a partial source may leave out or clear; `name` may be left out, never cleared. */
export const OPTIONAL_FIELDS = ["parent", "tenant", "country", "region", "owner", "tags"] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

/** An asset's content in the terms a source uses: the tenant's slug and the parent's external id. */
export type AssetContent = {
  name: string;
  parent: string | null;
  tenant: string | null;
  country: string | null;
  region: string | null;
  owner: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
};

/**
 * One asset as a partial source describes it (a CSV row, a NetBox object). A field the item leaves out keeps the
 * stored value; a field named in `clear` (an optional field, or `attributes.<key>`) is erased. For a new asset
 * both simply mean "no value".
 */
export type AssetPatch = {
  item: { kind: AssetKind; external_id: string; name?: string; attributes: Record<string, unknown> } & Partial<
    Record<Exclude<OptionalField, "tags">, string>
  > & { tags?: string[] };
  clear: string[];
};

/**
 * The stored fields worth keeping. A cloud resource's country and region are derived from its region id unless
 * they were given: a derived one is not kept, so that it follows a new region id.
 */
function keptFields(kind: AssetKind, stored: AssetContent): AssetContent {
  if (kind !== "cloud_resource") return stored;
  const regionId = String(stored.attributes.region_id ?? "");
  const derivedCountry = cloudRegionCountry(String(stored.attributes.provider ?? ""), regionId);
  return {
    ...stored,
    country: stored.country === derivedCountry ? null : stored.country,
    region: stored.region === regionId ? null : stored.region,
  };
}

/** The full item (the ingestion's terms) that a patch makes of the stored asset, or of nothing for a new one. */
export function mergePatch(patch: AssetPatch, stored: AssetContent | undefined): Record<string, unknown> {
  const { item } = patch;
  const cleared = new Set(patch.clear);
  const kept = stored ? keptFields(item.kind, stored) : undefined;
  const merged: Record<string, unknown> = { kind: item.kind, external_id: item.external_id };
  const name = item.name ?? kept?.name;
  if (name !== undefined) merged.name = name;
  for (const field of OPTIONAL_FIELDS) {
    const value = item[field] ?? (cleared.has(field) ? undefined : kept?.[field]);
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) merged[field] = value;
  }
  const attributes = { ...kept?.attributes };
  for (const key of Object.keys(attributes)) if (cleared.has(`attributes.${key}`)) delete attributes[key];
  merged.attributes = { ...attributes, ...item.attributes };
  return merged;
}

export type FieldChange = { field: string; before: string | null; after: string | null };

/** A value as a person reads it in a CSV cell: lists joined by ";", structures as JSON; empty is null. */
export function shownValue(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.every((v) => typeof v === "string" || typeof v === "number")) return value.join("; ");
  }
  if (typeof value === "object") return canonicalize(value) ?? null;
  return String(value);
}

const same = (a: unknown, b: unknown) => (canonicalize(a ?? null) ?? "") === (canonicalize(b ?? null) ?? "");

/** The fields that differ between two contents, base fields first, then attributes by name. */
export function diffContent(before: AssetContent, after: AssetContent): FieldChange[] {
  const changes: FieldChange[] = [];
  const compare = (field: string, a: unknown, b: unknown) => {
    const empty = (v: unknown) => shownValue(v) === null;
    if (same(a, b) || (empty(a) && empty(b))) return;
    changes.push({ field, before: shownValue(a), after: shownValue(b) });
  };
  for (const field of ["name", ...OPTIONAL_FIELDS] as const) compare(field, before[field], after[field]);
  const keys = [...new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])].sort();
  for (const key of keys) compare(`attributes.${key}`, before.attributes[key], after.attributes[key]);
  return changes;
}

/** A change that erases a value. */
export const isClear = (change: FieldChange) => change.before !== null && change.after === null;
