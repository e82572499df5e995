import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import type { Targets } from "./load-facts.server";
import { anyBigint, anyText, anyUuid } from "../../db/sql-lists";

export type PendingChanges = {
  outboxIds: number[];
  triggerIds: number[];
  assetIds: Set<string>;
  siteIds: Set<string>;
  tenantIds: Set<string>;
  permitIds: Set<string>;
  agreementIds: Set<string>;
  /** An organisation-wide change (a parameter override for everyone): only a full run answers it. */
  organizationWide: boolean;
};

/** Inventory change sets and register changes not yet evaluated, oldest first, at most `limit` of each. */
export async function pendingChanges(tx: Tx, organizationId: string, limit = 500): Promise<PendingChanges> {
  const outbox = rowsOf<{ id: number; ids: string[] }>(
    await tx.execute(sql`
      select id, created_ids || updated_ids || deleted_ids as ids from inventory_outbox
      where organization_id = ${organizationId} and processed_at is null order by id limit ${limit}`),
  );
  const triggers = rowsOf<{ id: number; subject_type: string; subject_id: string }>(
    await tx.execute(sql`
      select id, subject_type, subject_id from evaluation_triggers
      where organization_id = ${organizationId} and processed_at is null order by id limit ${limit}`),
  );
  const changes: PendingChanges = {
    outboxIds: outbox.map((o) => Number(o.id)),
    triggerIds: triggers.map((t) => Number(t.id)),
    assetIds: new Set(outbox.flatMap((o) => o.ids)),
    siteIds: new Set(),
    tenantIds: new Set(),
    permitIds: new Set(),
    agreementIds: new Set(),
    organizationWide: false,
  };
  for (const t of triggers) {
    if (t.subject_type === "organization") changes.organizationWide = true;
    else if (t.subject_type === "asset") changes.assetIds.add(t.subject_id);
    else changes[`${t.subject_type as "site" | "tenant" | "permit" | "agreement"}Ids`].add(t.subject_id);
  }
  return changes;
}

export async function markProcessed(tx: Tx, changes: PendingChanges, at: Date) {
  if (changes.outboxIds.length)
    await tx.execute(
      sql`update inventory_outbox set processed_at = ${at.toISOString()}::timestamptz where id = ${anyBigint(changes.outboxIds)}`,
    );
  if (changes.triggerIds.length)
    await tx.execute(
      sql`update evaluation_triggers set processed_at = ${at.toISOString()}::timestamptz where id = ${anyBigint(changes.triggerIds)}`,
    );
}

/** Kinds whose policies read tenant facts (residency, agreements): re-checked when the tenant's registers change. */
const TENANT_DEPENDENT_KINDS = ["dataset", "backup", "cloud_resource", "data_transfer"];

/**
 * The resources a set of changes can affect: the changed ones, and those whose facts are built from them — the site
 * and rack a device counts towards, the tenant whose deployed capacity moves, datasets naming a changed volume or
 * backed up by a changed backup, the descendants whose country follows a moved container; a permit or power reading
 * re-checks its site, an agreement its parties' tenants and the cloud resources it may cover.
 */
export async function expandChanges(tx: Tx, organizationId: string, changes: PendingChanges): Promise<Targets> {
  const assetIds = new Set(changes.assetIds);
  // Tenants whose registers changed (residency, agreements, parameters): their dependent assets are re-checked.
  const tenantIds = new Set(changes.tenantIds);
  const permitIds = new Set(changes.permitIds);
  const agreementIds = new Set(changes.agreementIds);
  for (const site of changes.siteIds) assetIds.add(site);

  if (changes.permitIds.size) {
    const rows = rowsOf<{ site_id: string }>(
      await tx.execute(sql`select site_id from permits where organization_id = ${organizationId} and id = ${anyUuid(changes.permitIds)}`),
    );
    for (const r of rows) assetIds.add(r.site_id);
  }
  if (changes.agreementIds.size) {
    const rows = rowsOf<{ tenant_ids: string[] }>(
      await tx.execute(
        sql`select tenant_ids from agreements where organization_id = ${organizationId} and id = ${anyUuid(changes.agreementIds)}`,
      ),
    );
    for (const r of rows) for (const t of r.tenant_ids) tenantIds.add(t);
    const covered = rowsOf<{ id: string }>(
      await tx.execute(
        sql`select id from assets where organization_id = ${organizationId} and deleted_at is null and kind in ('cloud_resource', 'data_transfer')`,
      ),
    );
    for (const r of covered) assetIds.add(r.id);
  }
  // Tenants whose assets changed: only the tenant itself (its deployed capacity) is re-checked.
  const tenantsOfAssets = new Set<string>();
  if (changes.assetIds.size) await addAssetDependants(tx, organizationId, changes.assetIds, assetIds, tenantsOfAssets);
  if (tenantIds.size) {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select id from assets where organization_id = ${organizationId} and deleted_at is null
          and tenant_id = ${anyUuid(tenantIds)} and kind = ${anyText(TENANT_DEPENDENT_KINDS)}`),
    );
    for (const r of rows) assetIds.add(r.id);
  }
  return { full: false, assetIds, tenantIds: new Set([...tenantIds, ...tenantsOfAssets]), permitIds, agreementIds };
}

async function addAssetDependants(tx: Tx, organizationId: string, changed: Set<string>, assetIds: Set<string>, tenantIds: Set<string>) {
  const ids = anyUuid(changed);
  const rows = rowsOf<{
    id: string;
    kind: string;
    site_id: string | null;
    parent_id: string | null;
    tenant_id: string | null;
    external_id: string;
    source_dataset: string | null;
  }>(
    await tx.execute(sql`
      select id, kind, site_id, parent_id, tenant_id, external_id, attributes->>'source_dataset' as source_dataset
      from assets where organization_id = ${organizationId} and id = ${ids}`),
  );
  const externalIds = new Set<string>();
  const sourceDatasets = new Set<string>();
  for (const r of rows) {
    if (r.site_id) assetIds.add(r.site_id);
    if (r.parent_id) assetIds.add(r.parent_id);
    if (r.tenant_id) tenantIds.add(r.tenant_id);
    externalIds.add(r.external_id);
    if (r.source_dataset) sourceDatasets.add(r.source_dataset);
  }
  const related = rowsOf<{ id: string }>(
    await tx.execute(sql`
      with recursive below(id) as (
        select id from assets where organization_id = ${organizationId} and parent_id = ${ids}
        union
        select a.id from assets a join below b on a.parent_id = b.id where a.organization_id = ${organizationId}
      )
      select a.id from assets a where a.organization_id = ${organizationId} and a.deleted_at is null and a.kind in ('dataset', 'backup')
        and (a.id in (select id from below)
          or a.external_id = ${anyText(sourceDatasets)}
          or (a.kind = 'dataset' and exists (
                select 1 from jsonb_array_elements(coalesce(a.attributes->'storage_locations', '[]') || coalesce(a.attributes->'replica_locations', '[]')
                                                   || coalesce(a.attributes->'backup_locations', '[]')) e
                where e->>'asset' = ${anyText(externalIds)})))`),
  );
  for (const r of related) assetIds.add(r.id);
}
