import type { Asset } from "../../db/schema";
import type { VersionView } from "./queries.server";

/** The API's view of a live asset (snake_case, ISO dates). */
export function assetJson(a: Asset) {
  return {
    id: a.id,
    kind: a.kind,
    source: a.source,
    external_id: a.externalId,
    name: a.name,
    parent_id: a.parentId,
    tenant_id: a.tenantId,
    country: a.country,
    region: a.region,
    effective_country: a.effectiveCountry,
    site_id: a.siteId,
    owner: a.owner,
    tags: a.tags,
    attributes: a.attributes,
    version: a.version,
    first_seen_at: a.firstSeenAt.toISOString(),
    last_seen_at: a.lastSeenAt.toISOString(),
    deleted_at: a.deletedAt?.toISOString() ?? null,
  };
}

/** The API's view of one version of an asset, with its validity interval. */
export function versionJson(v: Omit<VersionView, "source" | "externalId"> & Partial<Pick<VersionView, "source" | "externalId">>) {
  return {
    id: v.assetId,
    version: v.version,
    kind: v.kind,
    ...(v.source ? { source: v.source, external_id: v.externalId } : {}),
    name: v.name,
    parent_id: v.parentId,
    tenant_id: v.tenantId,
    country: v.country,
    region: v.region,
    owner: v.owner,
    tags: v.tags,
    attributes: v.attributes,
    valid_from: v.validFrom.toISOString(),
    valid_to: v.validTo?.toISOString() ?? null,
  };
}
