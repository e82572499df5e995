import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { validAt } from "../../db/sql-intervals";

/**
 * Runs `work` with the inventory as it was at `at`: for its duration, `assets` in this transaction is a temporary
 * table holding the asset versions valid then (Postgres looks in the session's temporary schema first), with the
 * site and effective country each had then, worked out top-down like the ingest does. The policy engine's own fact
 * loading thus describes the past without a second implementation of it. The table is dropped before returning.
 */
export async function withInventoryAsOf<T>(tx: Tx, organizationId: string, at: Date, work: () => Promise<T>): Promise<T> {
  const [shadowed] = rowsOf<{ present: boolean }>(await tx.execute(sql`select to_regclass('pg_temp.assets') is not null as present`));
  if (shadowed?.present) throw new Error("withInventoryAsOf: the inventory is already read as of another instant");
  await tx.execute(sql`
    create temporary table assets on commit drop as
    with recursive versions as (
      select v.asset_id as id, v.organization_id, v.tenant_id, v.kind, v.name, v.parent_id, v.country, v.region, v.owner, v.tags,
             v.attributes, v.version, a.external_id, a.source
      from asset_versions v join public.assets a on a.id = v.asset_id
      where v.organization_id = ${organizationId} and ${validAt(at, "v")}
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
  await tx.execute(sql`alter table pg_temp.assets add primary key (id)`);
  await tx.execute(sql`create index on pg_temp.assets (parent_id)`);
  await tx.execute(sql`create index on pg_temp.assets (site_id)`);
  await tx.execute(sql`create index on pg_temp.assets (external_id)`);
  await tx.execute(sql`analyze pg_temp.assets`);
  const drop = () => tx.execute(sql`drop table if exists pg_temp.assets`);
  try {
    const result = await work();
    await drop();
    return result;
  } catch (error) {
    // After a database error the transaction is aborted (its rollback drops the table); after any other, drop it
    // here, so that nothing later in the transaction reads the past as the present.
    await drop().catch(() => undefined);
    throw error;
  }
}

/**
 * The inventory valid at `at` (a tenant's assets only, if given) as a SHA-256 over `id:version:content` lines sorted by
 * id, where content is the SHA-256 of the version's recorded fields: rewriting what a version said changes the digest.
 */
export async function inventoryDigestAt(tx: Tx, params: { organizationId: string; tenantId?: string; at: Date }) {
  const rows = rowsOf<{ id: string; line: string }>(
    await tx.execute(sql`
      select v.asset_id as id, v.asset_id || ':' || v.version || ':' || encode(sha256(convert_to(
               jsonb_build_array(v.tenant_id, v.kind, v.name, v.parent_id, v.country, v.region, v.owner, v.tags, v.attributes)::text, 'UTF8')), 'hex') as line
      from asset_versions v
      where v.organization_id = ${params.organizationId} and ${validAt(params.at, "v")}
        ${params.tenantId ? sql`and v.tenant_id = ${params.tenantId}` : sql``}
      order by v.asset_id`),
  );
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${row.line}\n`);
  return { digest: hash.digest("hex"), assetIds: rows.map((r) => r.id) };
}
