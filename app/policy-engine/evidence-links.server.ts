import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { agreements, assets, permits, tenants, type Finding } from "../../db/schema";
import type { PermitType } from "../../db/schema/permits";

/** The records a finding can name: an inventory asset, a permit, an agreement, a tenant. */
export type NamedKind = "asset" | "permit" | "agreement" | "tenant";
export const namedKey = (kind: NamedKind, id: string) => `${kind}:${id}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isId = (v: unknown): v is string => typeof v === "string" && UUID.test(v);

/** What a record's id names by the list holding it (`resource.permits[].id`, `org.agreements[].id`…). */
const BY_HOLDER: Record<string, NamedKind> = {
  permits: "permit",
  agreements: "agreement",
  tenants: "tenant",
  backups: "asset",
  assets: "asset",
  halls: "asset",
  racks: "asset",
};
/** What an id-valued field names by its own name (`resource.site_id`, `tenant_ids[]`…). */
const BY_FIELD: Record<string, NamedKind> = {
  site_id: "asset",
  source_site_id: "asset",
  parent_id: "asset",
  tenant_id: "tenant",
  tenant_ids: "tenant",
  agreement_id: "agreement",
  permit_id: "permit",
};
/** The evidence's roots that are records themselves (`site.id`, `tenant.id`); `resource.id` is the finding's resource. */
const BY_ROOT: Record<string, NamedKind> = { site: "asset", tenant: "tenant" };

export function kindOfResource(resourceKind: string): NamedKind {
  if (resourceKind === "permit" || resourceKind === "agreement" || resourceKind === "tenant") return resourceKind;
  return "asset";
}

/**
 * The records a finding names, each as `kind:id`: its resource, its tenant, and every id its evidence holds where the
 * rule above says what it is. One rule for the finding page's words and its links; values it cannot place are left
 * as they are.
 */
export function namedInFinding(finding: Pick<Finding, "resourceKind" | "resourceId" | "tenantId" | "evidence">): Set<string> {
  const named = new Set<string>([namedKey(kindOfResource(finding.resourceKind), finding.resourceId)]);
  if (finding.tenantId) named.add(namedKey("tenant", finding.tenantId));
  for (const [path, value] of Object.entries(finding.evidence)) {
    const segments = path.split(".");
    walk(value, segments.at(-1) ?? path, segments.at(-2) ?? "", (kind, id) => named.add(namedKey(kind, id)));
  }
  return named;
}

/** The kind an id at `key` (held by `holder`) names, or null. */
export function kindAt(key: string, holder: string): NamedKind | null {
  if (key === "id") return BY_HOLDER[holder] ?? BY_ROOT[holder] ?? null;
  return BY_FIELD[key] ?? null;
}

function walk(value: unknown, key: string, holder: string, found: (kind: NamedKind, id: string) => void) {
  if (isId(value)) {
    const kind = kindAt(key, holder);
    if (kind) found(kind, value);
  } else if (Array.isArray(value)) {
    for (const item of value) walk(item, key, holder, found);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, k, key, found);
  }
}

export type NamedRecord =
  | { kind: "asset"; id: string; name: string; assetKind: string; organizationId: string; tenantId: string | null; siteId: string | null }
  | { kind: "permit"; id: string; name: string; type: PermitType; organizationId: string; siteId: string }
  | { kind: "agreement"; id: string; name: string; organizationId: string; tenantIds: string[] }
  | { kind: "tenant"; id: string; name: string; organizationId: string };

/**
 * The named records the reader may know of, by `kind:id`, read within the organisation only; for a tenant member
 * (`tenantId`), no other tenant's asset, agreement or tenant. An id of another organisation, or of nothing, is absent.
 * An asset or a permit brings its site, which the facts of an asset name.
 */
export async function resolveNamed(
  tx: Tx,
  params: { organizationId: string; tenantId: string | null; named: ReadonlySet<string> },
): Promise<Map<string, NamedRecord>> {
  const ids: Record<NamedKind, string[]> = { asset: [], permit: [], agreement: [], tenant: [] };
  for (const key of params.named) {
    const [kind, id] = key.split(":") as [NamedKind, string];
    ids[kind].push(id);
  }
  const org = params.organizationId;
  const reader = params.tenantId;
  const resolved = new Map<string, NamedRecord>();
  const readAssets = async (assetIds: string[]) => {
    if (!assetIds.length) return;
    const rows = await tx
      .select({
        id: assets.id,
        name: assets.name,
        kind: assets.kind,
        organizationId: assets.organizationId,
        tenantId: assets.tenantId,
        siteId: assets.siteId,
      })
      .from(assets)
      .where(
        and(
          eq(assets.organizationId, org),
          inArray(assets.id, assetIds),
          reader ? or(isNull(assets.tenantId), eq(assets.tenantId, reader)) : undefined,
        ),
      );
    for (const a of rows) resolved.set(namedKey("asset", a.id), { ...a, kind: "asset", assetKind: a.kind });
  };
  await readAssets(ids.asset);
  if (ids.permit.length) {
    const rows = await tx
      .select({
        id: permits.id,
        reference: permits.reference,
        type: permits.type,
        organizationId: permits.organizationId,
        siteId: permits.siteId,
      })
      .from(permits)
      .where(and(eq(permits.organizationId, org), inArray(permits.id, ids.permit)));
    for (const p of rows)
      resolved.set(namedKey("permit", p.id), {
        kind: "permit",
        id: p.id,
        name: p.reference,
        type: p.type,
        organizationId: p.organizationId,
        siteId: p.siteId,
      });
  }
  // An asset's or a permit's site, which its facts (site.*) are about.
  const sites = [...resolved.values()].flatMap((r) =>
    (r.kind === "asset" || r.kind === "permit") && r.siteId && !resolved.has(namedKey("asset", r.siteId)) ? [r.siteId] : [],
  );
  await readAssets([...new Set(sites)]);
  if (ids.agreement.length) {
    const rows = await tx
      .select({ id: agreements.id, title: agreements.title, organizationId: agreements.organizationId, tenantIds: agreements.tenantIds })
      .from(agreements)
      .where(
        and(
          eq(agreements.organizationId, org),
          inArray(agreements.id, ids.agreement),
          reader ? sql`${reader}::uuid = any(${agreements.tenantIds})` : undefined,
        ),
      );
    for (const a of rows)
      resolved.set(namedKey("agreement", a.id), {
        kind: "agreement",
        id: a.id,
        name: a.title,
        organizationId: a.organizationId,
        tenantIds: a.tenantIds,
      });
  }
  if (ids.tenant.length) {
    const rows = await tx
      .select({ id: tenants.id, legalName: tenants.legalName, organizationId: tenants.organizationId })
      .from(tenants)
      .where(and(eq(tenants.organizationId, org), inArray(tenants.id, ids.tenant), reader ? eq(tenants.id, reader) : undefined));
    for (const t of rows)
      resolved.set(namedKey("tenant", t.id), { kind: "tenant", id: t.id, name: t.legalName, organizationId: t.organizationId });
  }
  return resolved;
}
