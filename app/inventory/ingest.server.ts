import { createHash, randomUUID } from "node:crypto";
import canonicalize from "canonicalize";
import { and, eq, inArray, sql } from "drizzle-orm";
import { anyUuid } from "../../db/sql-lists";
import { withScope, type Db, type Tx } from "../../db/connection.server";
import { assets, inventoryIngests, inventoryOutbox, tenants } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { cloudRegionCountry } from "./cloud-regions";
import { needsMassDeleteConfirmation, type AssetItem, type IngestError, type IngestRequest } from "./ingest-schema";
import { PARENT_KINDS, type AssetKind } from "./kinds";
import { diffContent, type AssetContent, type FieldChange } from "./patch";
import { storedByIds } from "./stored.server";
import * as clock from "../config/clock";

export type IngestCounts = { created: number; updated: number; unchanged: number; deleted: number; readings: number };
/** A snapshot refused because it would delete too much of its source without `confirm_mass_delete`. */
export type MassDeleteRefusal = { wouldDelete: number; live: number };
/** What an update changes on one asset, field by field (a dry run's detail); `restored`: it was marked deleted. */
export type AssetChange = { kind: AssetKind; externalId: string; name: string; restored: boolean; fields: FieldChange[] };
export type IngestOutcome =
  | ({ ok: true; ingestId: string; fingerprint: string; changes?: AssetChange[] } & IngestCounts)
  | { ok: false; errors: IngestError[]; massDelete?: MassDeleteRefusal; stale?: true };

// Parents before children, so that rows written in chunks never point at a row not yet written.
const KIND_ORDER: AssetKind[] = [
  "site",
  "cloud_resource",
  "data_transfer",
  "hall",
  "rack",
  "power_feed",
  "device",
  "storage_volume",
  "dataset",
  "backup",
];
const CHUNK = 5000;

type Location = { siteId: string | null; effectiveCountry: string | null };

type Existing = Location & {
  id: string;
  kind: AssetKind;
  externalId: string;
  contentHash: string;
  version: number;
  deletedAt: Date | null;
};

type Planned = {
  id: string;
  item: AssetItem;
  tenantId: string | null;
  parentId: string | null;
  country: string | null;
  region: string | null;
  contentHash: string;
  existing: Existing | undefined;
  location: Location;
};

const keyOf = (kind: string, externalId: string) => `${kind}\u0000${externalId}`;

function contentHash(content: Record<string, unknown>): string {
  return createHash("sha256")
    .update(canonicalize(content) ?? "")
    .digest("hex");
}

/** A cloud resource without an explicit country is placed by its region. */
function locate(item: AssetItem): { country: string | null; region: string | null } {
  if (item.kind === "cloud_resource") {
    const provider = String(item.attributes.provider ?? "");
    const regionId = String(item.attributes.region_id ?? "");
    return { country: item.country ?? cloudRegionCountry(provider, regionId), region: item.region ?? regionId };
  }
  return { country: item.country ?? null, region: item.region ?? null };
}

/** This source's assets among those the request names (all of the source's live ones for a snapshot). */
async function loadExisting(tx: Tx, organizationId: string, request: IngestRequest): Promise<Map<string, Existing>> {
  const columns = {
    id: assets.id,
    kind: assets.kind,
    externalId: assets.externalId,
    contentHash: assets.contentHash,
    version: assets.version,
    deletedAt: assets.deletedAt,
    siteId: assets.siteId,
    effectiveCountry: assets.effectiveCountry,
  };
  const inSource = and(eq(assets.organizationId, organizationId), eq(assets.source, request.source));
  const found = new Map<string, Existing>();
  const keep = (rows: Existing[]) => rows.forEach((r) => found.set(keyOf(r.kind, r.externalId), r));
  if (request.mode === "snapshot") {
    keep(await tx.select(columns).from(assets).where(inSource));
    return found;
  }
  const externalIds = [...new Set(request.assets.map((a) => a.external_id))];
  for (let i = 0; i < externalIds.length; i += CHUNK) {
    keep(
      await tx
        .select(columns)
        .from(assets)
        .where(and(inSource, inArray(assets.externalId, externalIds.slice(i, i + CHUNK)))),
    );
  }
  return found;
}

/** Live assets, of any source, that the request names as parents or reading targets without carrying them. */
async function loadReferenced(
  tx: Tx,
  organizationId: string,
  { source, mode }: Pick<IngestRequest, "source" | "mode">,
  externalIds: string[],
) {
  type Found = Location & { id: string };
  const sameSource = new Map<string, Found>();
  const otherSource = new Map<string, Found>();
  for (let i = 0; i < externalIds.length; i += CHUNK) {
    const rows = await tx
      .select({
        id: assets.id,
        kind: assets.kind,
        externalId: assets.externalId,
        source: assets.source,
        siteId: assets.siteId,
        effectiveCountry: assets.effectiveCountry,
      })
      .from(assets)
      .where(
        and(
          eq(assets.organizationId, organizationId),
          inArray(assets.externalId, externalIds.slice(i, i + CHUNK)),
          sql`${assets.deletedAt} is null`,
        ),
      );
    for (const r of rows) {
      const target = r.source === source ? sameSource : otherSource;
      if (!target.has(keyOf(r.kind, r.externalId))) {
        target.set(keyOf(r.kind, r.externalId), { id: r.id, siteId: r.siteId, effectiveCountry: r.effectiveCountry });
      }
    }
  }
  // An asset of the request's own source wins over a namesake from another source, except in a snapshot, which
  // is about to delete every asset of its source that it does not carry.
  return mode === "snapshot" ? otherSource : new Map([...otherSource, ...sameSource]);
}

async function tenantIdsBySlug(tx: Tx, organizationId: string, slugs: string[]) {
  if (slugs.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .where(and(eq(tenants.organizationId, organizationId), inArray(tenants.slug, slugs)));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/**
 * Each asset's site and effective country: its own, or its parent's — a parent in the request (computed first) or
 * one already stored. Parent kinds form no cycle, so the walk ends.
 */
function locateAll(planned: Planned[], stored: Map<string, Location>) {
  const byId = new Map(planned.map((p) => [p.id, p]));
  const done = new Set<string>();
  const locate = (p: Planned): Location => {
    if (done.has(p.id)) return p.location;
    const parent = p.parentId ? (byId.get(p.parentId) ? locate(byId.get(p.parentId)!) : stored.get(p.parentId)) : undefined;
    p.location = {
      siteId: p.item.kind === "site" ? p.id : (parent?.siteId ?? null),
      effectiveCountry: p.country ?? parent?.effectiveCountry ?? null,
    };
    done.add(p.id);
    return p.location;
  };
  planned.forEach(locate);
}

/** Resolves tenants and parents and decides each asset's id; answers every problem found, by index. */
async function plan(tx: Tx, organizationId: string, request: IngestRequest, existing: Map<string, Existing>) {
  const errors: IngestError[] = [];
  const ids = new Map<string, string>();
  request.assets.forEach((item, index) => {
    const key = keyOf(item.kind, item.external_id);
    if (ids.has(key)) {
      errors.push({
        index,
        path: `assets[${index}].external_id`,
        message: `duplicate ${item.kind} "${item.external_id}" in this request`,
        code: "inventory.import.duplicate",
        params: { externalId: item.external_id },
      });
      return;
    }
    const live = existing.get(key);
    ids.set(key, live?.id ?? randomUUID());
  });
  const slugs = [...new Set(request.assets.flatMap((a) => (a.tenant ? [a.tenant] : [])))];
  const tenantIds = await tenantIdsBySlug(tx, organizationId, slugs);
  const inRequest = new Set(request.assets.map((a) => a.external_id));
  const referenced = [
    ...new Set([...request.assets.flatMap((a) => (a.parent ? [a.parent] : [])), ...(request.power_readings ?? []).map((r) => r.asset)]),
  ].filter((externalId) => !inRequest.has(externalId));
  const outside = await loadReferenced(tx, organizationId, request, referenced);
  const resolve = (kinds: readonly AssetKind[], externalId: string) => {
    for (const kind of kinds) {
      const key = keyOf(kind, externalId);
      const id = ids.get(key) ?? outside.get(key)?.id;
      if (id) return id;
    }
    return undefined;
  };

  const planned: Planned[] = [];
  request.assets.forEach((item, index) => {
    const tenantId = item.tenant ? tenantIds.get(item.tenant) : null;
    if (tenantId === undefined) {
      errors.push({
        index,
        path: `assets[${index}].tenant`,
        message: `no tenant with identifier "${item.tenant}"`,
        code: "inventory.import.noTenant",
        params: { tenant: item.tenant ?? "" },
      });
    }
    let parentId: string | null = null;
    if (item.parent) {
      const kinds = PARENT_KINDS[item.kind];
      parentId = resolve(kinds, item.parent) ?? null;
      if (!parentId) {
        const expected = kinds.length ? kinds.join(" or ") : "nothing (this kind has no parent)";
        errors.push({
          index,
          path: `assets[${index}].parent`,
          message: `no ${expected} with external id "${item.parent}"`,
          code: kinds.length ? "inventory.import.noParent" : "inventory.import.noParentAllowed",
          params: { parent: item.parent, kinds: kinds.join(", ") },
        });
      }
    }
    const { country, region } = locate(item);
    const content = {
      tenantId: tenantId ?? null,
      name: item.name,
      parentId,
      country,
      region,
      owner: item.owner ?? null,
      tags: item.tags ?? [],
      attributes: item.attributes,
    };
    planned.push({
      id: ids.get(keyOf(item.kind, item.external_id))!,
      item,
      tenantId: tenantId ?? null,
      parentId,
      country,
      region,
      contentHash: contentHash(content),
      existing: existing.get(keyOf(item.kind, item.external_id)),
      location: { siteId: null, effectiveCountry: null },
    });
  });

  locateAll(planned, new Map([...outside.values()].map((o) => [o.id, o])));

  const readings: { assetId: string; measuredAt: string; kw: number }[] = [];
  (request.power_readings ?? []).forEach((reading, index) => {
    const assetId = resolve(["power_feed", "rack", "site", "hall"], reading.asset);
    if (!assetId) {
      errors.push({
        index,
        path: `power_readings[${index}].asset`,
        message: `no site, hall, rack or power feed "${reading.asset}"`,
        code: "api.details.noReadingAsset",
        params: { externalId: reading.asset },
      });
      return;
    }
    readings.push({ assetId, measuredAt: reading.measured_at, kw: reading.kw });
  });
  return { errors, planned, readings, outside, tenantIds };
}

/**
 * What a plan was made of: the items, the stored versions it updates, the ids it resolved outside the request and
 * the assets it deletes. A confirmation that brings the fingerprint of its preview writes only that same plan.
 */
function planFingerprint(
  planned: Planned[],
  deleted: string[],
  resolved: { outside: Map<string, { id: string }>; tenantIds: Map<string, string> },
): string {
  const lines = planned.map((p) => {
    const stored = p.existing ? `${p.existing.id} ${p.existing.version}${p.existing.deletedAt ? " deleted" : ""}` : "new";
    return `a ${keyOf(p.item.kind, p.item.external_id)} ${contentHash(p.item)} ${stored}`;
  });
  for (const [key, { id }] of resolved.outside) lines.push(`o ${key} ${id}`);
  for (const [slug, id] of resolved.tenantIds) lines.push(`t ${slug} ${id}`);
  for (const id of deleted) lines.push(`d ${id}`);
  return contentHash({ lines: lines.sort() });
}

/** Each updated asset's changes, field by field, from its stored content (read before anything is written). */
async function changesOf(tx: Tx, organizationId: string, changed: Planned[]): Promise<AssetChange[]> {
  const stored = await storedByIds(
    tx,
    organizationId,
    changed.map((p) => p.id),
  );
  const order = (p: Planned) => KIND_ORDER.indexOf(p.item.kind);
  const sorted = [...changed].sort(
    (a, b) => order(a) - order(b) || (a.item.external_id < b.item.external_id ? -1 : a.item.external_id > b.item.external_id ? 1 : 0),
  );
  return sorted.map((p) => {
    const after: AssetContent = {
      name: p.item.name,
      parent: p.item.parent ?? null,
      tenant: p.item.tenant ?? null,
      country: p.country,
      region: p.region,
      owner: p.item.owner ?? null,
      tags: p.item.tags ?? [],
      attributes: p.item.attributes,
    };
    const before = stored.get(p.id);
    return {
      kind: p.item.kind,
      externalId: p.item.external_id,
      name: p.item.name,
      restored: p.existing!.deletedAt !== null,
      fields: before ? diffContent(before, after) : [],
    };
  });
}

/** The versioned content of an asset, as columns. */
function contentColumns(p: Planned) {
  return {
    tenant_id: p.tenantId,
    name: p.item.name,
    parent_id: p.parentId,
    country: p.country,
    region: p.region,
    owner: p.item.owner ?? null,
    tags: p.item.tags ?? [],
    attributes: p.item.attributes,
  };
}

/** The asset row's columns for its new current version (shared by inserts and updates). */
function currentColumns(p: Planned, version: number, seenAt: string) {
  return {
    id: p.id,
    ...contentColumns(p),
    site_id: p.location.siteId,
    effective_country: p.location.effectiveCountry,
    version,
    content_hash: p.contentHash,
    seen_at: seenAt,
  };
}

function versionRow(p: Planned, organizationId: string, version: number, ingestId: string, now: Date) {
  return {
    organization_id: organizationId,
    asset_id: p.id,
    version,
    kind: p.item.kind,
    ...contentColumns(p),
    ingest_id: ingestId,
    valid_from: now.toISOString(),
  };
}

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

const json = (rows: unknown[]) => JSON.stringify(rows);

async function insertAssets(tx: Tx, rows: Record<string, unknown>[]) {
  await inChunks(rows, (chunk) =>
    tx.execute(sql`
      insert into assets (id, organization_id, tenant_id, kind, source, external_id, name, parent_id, country, region,
                          owner, tags, attributes, site_id, effective_country, version, content_hash, first_seen_at,
                          last_seen_at)
      select id, organization_id, tenant_id, kind, source, external_id, name, parent_id, country, region,
             owner, tags, attributes, site_id, effective_country, version, content_hash, seen_at, seen_at
      from jsonb_to_recordset(${json(chunk)}::jsonb) as x(
        id uuid, organization_id uuid, tenant_id uuid, kind text, source text, external_id text, name text,
        parent_id uuid, country text, region text, owner text, tags jsonb, attributes jsonb, site_id uuid,
        effective_country text, version int, content_hash text, seen_at timestamptz)`),
  );
}

async function updateAssets(tx: Tx, rows: Record<string, unknown>[]) {
  await inChunks(rows, (chunk) =>
    tx.execute(sql`
      update assets a set tenant_id = x.tenant_id, name = x.name, parent_id = x.parent_id, country = x.country,
             region = x.region, owner = x.owner, tags = x.tags, attributes = x.attributes, site_id = x.site_id,
             effective_country = x.effective_country, version = x.version, content_hash = x.content_hash,
             last_seen_at = x.seen_at, deleted_at = null, updated_at = x.seen_at
      from jsonb_to_recordset(${json(chunk)}::jsonb) as x(
        id uuid, tenant_id uuid, name text, parent_id uuid, country text, region text, owner text, tags jsonb,
        attributes jsonb, site_id uuid, effective_country text, version int, content_hash text, seen_at timestamptz)
      where a.id = x.id`),
  );
}

async function insertVersions(tx: Tx, rows: Record<string, unknown>[]) {
  await inChunks(rows, (chunk) =>
    tx.execute(sql`
      insert into asset_versions (organization_id, asset_id, version, tenant_id, kind, name, parent_id, country,
                                  region, owner, tags, attributes, ingest_id, valid_from)
      select organization_id, asset_id, version, tenant_id, kind, name, parent_id, country, region, owner, tags,
             attributes, ingest_id, valid_from
      from jsonb_to_recordset(${json(chunk)}::jsonb) as x(
        organization_id uuid, asset_id uuid, version int, tenant_id uuid, kind text, name text, parent_id uuid,
        country text, region text, owner text, tags jsonb, attributes jsonb, ingest_id uuid, valid_from timestamptz)`),
  );
}

async function closeVersions(tx: Tx, assetIds: string[], now: Date) {
  await inChunks(assetIds, (chunk) =>
    tx.execute(sql`
      update asset_versions set valid_to = ${now.toISOString()}::timestamptz
      where asset_id = ${anyUuid(chunk)} and valid_to is null`),
  );
}

async function touch(tx: Tx, assetIds: string[], now: Date) {
  await inChunks(assetIds, (chunk) =>
    tx.execute(sql`
      update assets set last_seen_at = ${now.toISOString()}::timestamptz
      where id = ${anyUuid(chunk)}`),
  );
}

async function markDeleted(tx: Tx, assetIds: string[], now: Date) {
  await inChunks(assetIds, (chunk) =>
    tx.execute(sql`
      update assets set deleted_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      where id = ${anyUuid(chunk)}`),
  );
  await closeVersions(tx, assetIds, now);
}

async function upsertReadings(tx: Tx, organizationId: string, readings: { assetId: string; measuredAt: string; kw: number }[]) {
  await inChunks(readings, (chunk) =>
    tx.execute(sql`
      insert into power_readings (organization_id, asset_id, measured_at, kw)
      select ${organizationId}::uuid, x.asset_id, x.measured_at, x.kw
      from jsonb_to_recordset(${json(chunk.map((r) => ({ asset_id: r.assetId, measured_at: r.measuredAt, kw: r.kw })))}::jsonb)
        as x(asset_id uuid, measured_at timestamptz, kw double precision)
      on conflict (asset_id, measured_at) do update set kw = excluded.kw`),
  );
}

/** New power readings re-check their sites (live draw against permits and contracts). */
async function enqueueReadingSites(tx: Tx, organizationId: string, readings: { assetId: string }[]) {
  if (readings.length === 0) return;
  const assetIds = [...new Set(readings.map((r) => r.assetId))];
  await tx.execute(sql`
    insert into evaluation_triggers (organization_id, subject_type, subject_id, reason)
    select distinct ${organizationId}::uuid, 'site', site_id, 'power readings' from assets
    where organization_id = ${organizationId} and site_id is not null and id = ${anyUuid(assetIds)}`);
}

/**
 * The request's own assets are written with their location; an asset that moved also moves everything stored
 * below it, which this walk brings in step (rows already right are not rewritten).
 */
export async function refreshDescendants(tx: Tx, organizationId: string, movedIds: string[]) {
  if (movedIds.length === 0) return;
  await tx.execute(sql`
    with recursive tree as (
      select id, site_id, effective_country from assets
      where organization_id = ${organizationId} and id = ${anyUuid(movedIds)}
      union all
      select a.id, case when a.kind = 'site' then a.id else t.site_id end, coalesce(a.country, t.effective_country)
      from assets a join tree t on a.parent_id = t.id
      where a.organization_id = ${organizationId}
    )
    update assets a set site_id = t.site_id, effective_country = t.effective_country
    from tree t
    where a.id = t.id
      and (a.site_id is distinct from t.site_id or a.effective_country is distinct from t.effective_country)`);
}

/**
 * Applies one ingestion request, all or nothing, inside the caller's (organisation-scoped) transaction.
 * Unchanged assets create no version; `snapshot` marks the source's live assets that are absent as deleted.
 */
export async function ingestInventory(
  tx: Tx,
  params: {
    organizationId: string;
    actor: Actor;
    request: IngestRequest;
    now?: Date;
    /** Answer each update's changes, field by field (dry runs). */
    diff?: boolean;
    /** Refuse (`stale`), writing nothing, unless the plan is the one whose fingerprint this is. */
    expectedFingerprint?: string;
  },
): Promise<IngestOutcome> {
  const { organizationId, request } = params;
  const now = params.now ?? clock.now();
  // One ingest of a source at a time: concurrent snapshots of one source would each delete the other's assets.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${organizationId}:inventory:${request.source}`}, 0))`);
  const existing = await loadExisting(tx, organizationId, request);
  const { errors, planned, readings, outside, tenantIds } = await plan(tx, organizationId, request, existing);
  if (errors.length > 0) return { ok: false, errors };

  const ingestId = randomUUID();
  const created: Planned[] = [];
  const changed: Planned[] = [];
  const unchanged: Planned[] = [];
  for (const p of planned) {
    if (!p.existing) created.push(p);
    else if (p.existing.deletedAt || p.existing.contentHash !== p.contentHash) changed.push(p);
    else unchanged.push(p);
  }
  const seen = new Set(planned.map((p) => p.id));
  const deleted = request.mode === "snapshot" ? [...existing.values()].filter((e) => !e.deletedAt && !seen.has(e.id)).map((e) => e.id) : [];
  const fingerprint = planFingerprint(planned, deleted, { outside, tenantIds });
  if (params.expectedFingerprint !== undefined && params.expectedFingerprint !== fingerprint) {
    const message = "the inventory changed since this import was previewed: preview it again";
    return { ok: false, stale: true, errors: [{ path: "fingerprint", message, code: "inventory.import.stale" }] };
  }
  if (request.mode === "snapshot" && request.confirm_mass_delete !== true) {
    const live = [...existing.values()].filter((e) => !e.deletedAt).length;
    if (needsMassDeleteConfirmation(deleted.length, live)) {
      // Refused before anything is written: the caller's transaction holds nothing but the source's lock.
      const message = `This snapshot would delete ${deleted.length} of the ${live} live assets of the source "${request.source}"; send "confirm_mass_delete": true to allow it`;
      const params = { count: deleted.length, live, source: request.source };
      return {
        ok: false,
        errors: [{ path: "confirm_mass_delete", message, code: "api.errors.massDelete", params }],
        massDelete: { wouldDelete: deleted.length, live },
      };
    }
  }

  const byKind = (a: Planned, b: Planned) => KIND_ORDER.indexOf(a.item.kind) - KIND_ORDER.indexOf(b.item.kind);
  created.sort(byKind);
  const changes = params.diff ? await changesOf(tx, organizationId, changed) : undefined;
  const seenAt = now.toISOString();
  await tx.insert(inventoryIngests).values({
    id: ingestId,
    organizationId,
    source: request.source,
    mode: request.mode,
    actorLabel: params.actor.label,
    received: request.assets.length,
    created: created.length,
    updated: changed.length,
    unchanged: unchanged.length,
    deleted: deleted.length,
    readings: readings.length,
    createdAt: now,
  });
  await insertAssets(
    tx,
    created.map((p) => ({
      ...currentColumns(p, 1, seenAt),
      organization_id: organizationId,
      kind: p.item.kind,
      source: request.source,
      external_id: p.item.external_id,
    })),
  );
  await updateAssets(
    tx,
    changed.map((p) => currentColumns(p, p.existing!.version + 1, seenAt)),
  );
  await closeVersions(
    tx,
    changed.map((p) => p.id),
    now,
  );
  await insertVersions(tx, [
    ...created.map((p) => versionRow(p, organizationId, 1, ingestId, now)),
    ...changed.map((p) => versionRow(p, organizationId, p.existing!.version + 1, ingestId, now)),
  ]);
  await touch(
    tx,
    unchanged.map((p) => p.id),
    now,
  );
  await markDeleted(tx, deleted, now);
  await upsertReadings(tx, organizationId, readings);
  const moved = changed.filter(
    (p) => p.existing!.siteId !== p.location.siteId || p.existing!.effectiveCountry !== p.location.effectiveCountry,
  );
  await refreshDescendants(
    tx,
    organizationId,
    moved.map((p) => p.id),
  );

  const counts = {
    created: created.length,
    updated: changed.length,
    unchanged: unchanged.length,
    deleted: deleted.length,
    readings: readings.length,
  };
  const hasChanges = counts.created + counts.updated + counts.deleted > 0;
  await tx.insert(inventoryOutbox).values({
    organizationId,
    ingestId,
    createdIds: created.map((p) => p.id),
    updatedIds: changed.map((p) => p.id),
    deletedIds: deleted,
    hasChanges,
    // Nothing to evaluate: born processed, so the engine never wakes up for it.
    processedAt: hasChanges ? null : now,
  });
  await enqueueReadingSites(tx, organizationId, readings);
  await recordAudit(tx, {
    organizationId,
    actor: params.actor,
    action: "inventory.ingest",
    entityType: "inventory_source",
    entityId: request.source,
    after: { ingestId, mode: request.mode, received: request.assets.length, ...counts },
  });
  return { ok: true, ingestId, fingerprint, ...counts, ...(changes ? { changes } : {}) };
}

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run: rolled back");
  }
}

/** Runs `work` in an organisation-scoped transaction exactly as it would commit, then rolls it all back. */
export async function dryRun<T>(db: Db, organizationId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await withScope(db, { organizationId }, async (tx) => {
      throw new DryRunRollback(await work(tx));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
  throw new Error("a dry run always rolls back");
}
