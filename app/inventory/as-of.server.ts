import { sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";

/**
 * Runs `work` with the inventory as it was at `at`: for its duration, `assets` in this transaction is a temporary
 * table holding the asset versions valid then (Postgres looks in the session's temporary schema first), with the
 * site and effective country each had then, worked out top-down like the ingest does. The policy engine's own fact
 * loading thus describes the past without a second implementation of it. The table is dropped before returning.
 */
export async function withInventoryAsOf<T>(tx: Tx, organizationId: string, at: Date, work: () => Promise<T>): Promise<T> {
  const t = at.toISOString();
  await tx.execute(sql`
    create temporary table assets on commit drop as
    with recursive versions as (
      select v.asset_id as id, v.organization_id, v.tenant_id, v.kind, v.name, v.parent_id, v.country, v.region, v.owner, v.tags,
             v.attributes, v.version, a.external_id, a.source
      from asset_versions v join public.assets a on a.id = v.asset_id
      where v.organization_id = ${organizationId} and v.valid_from <= ${t}::timestamptz and (v.valid_to is null or v.valid_to > ${t}::timestamptz)
    ),
    tree as (
      select r.*, case when r.kind = 'site' then r.id end as site_id, r.country as effective_country, 0 as depth
      from versions r where r.parent_id is null or r.parent_id not in (select id from versions)
      union all
      select c.*, case when c.kind = 'site' then c.id else p.site_id end, coalesce(c.country, p.effective_country), p.depth + 1
      from versions c join tree p on c.parent_id = p.id
      where p.depth < 64
    )
    select id, organization_id, tenant_id, kind, name, parent_id, country, region, owner, tags, attributes, version, external_id, source,
           site_id, effective_country, null::timestamptz as deleted_at
    from tree`);
  // On an error the transaction is aborted and rolled back, which drops the table too.
  const result = await work();
  await tx.execute(sql`drop table pg_temp.assets`);
  return result;
}
