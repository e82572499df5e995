import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { anyText, anyUuid } from "../../db/sql-lists";
import { IngestRequest, ingestErrors, type IngestError } from "./ingest-schema";
import type { AssetKind } from "./kinds";
import { mergePatch, type AssetContent, type AssetPatch } from "./patch";

export type StoredAsset = AssetContent & { id: string; kind: AssetKind; externalId: string };

const CHUNK = 5000;
export const storedKey = (kind: string, externalId: string) => `${kind}\u0000${externalId}`;

type Row = AssetContent & { id: string; kind: AssetKind; external_id: string };

async function select(tx: Tx, organizationId: string, where: SQL): Promise<StoredAsset[]> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select a.id, a.kind, a.external_id, a.name, p.external_id as parent, t.slug as tenant, a.country, a.region,
             a.owner, a.tags, a.attributes
      from assets a
      left join assets p on p.id = a.parent_id
      left join tenants t on t.id = a.tenant_id
      where a.organization_id = ${organizationId} and ${where}`),
  );
  return rows.map(({ external_id, ...r }) => ({ ...r, externalId: external_id }));
}

/** The stored content of a source's assets (deleted ones too: a returning asset is the same asset), by kind and external id. */
export async function storedInSource(tx: Tx, organizationId: string, source: string, externalIds: string[]) {
  const found = new Map<string, StoredAsset>();
  const unique = [...new Set(externalIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    for (const asset of await select(tx, organizationId, sql`a.source = ${source} and a.external_id = ${anyText(chunk)}`)) {
      found.set(storedKey(asset.kind, asset.externalId), asset);
    }
  }
  return found;
}

/** The stored content of assets by id. */
export async function storedByIds(tx: Tx, organizationId: string, ids: string[]) {
  const found = new Map<string, StoredAsset>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const asset of await select(tx, organizationId, sql`a.id = ${anyUuid(ids.slice(i, i + CHUNK))}`)) found.set(asset.id, asset);
  }
  return found;
}

/**
 * The ingestion request a partial source's patches make, each merged onto its stored asset in this transaction
 * (see mergePatch), then checked as any request is.
 */
export async function patchedRequest(
  tx: Tx,
  organizationId: string,
  params: { source: string; mode: IngestRequest["mode"]; patches: AssetPatch[]; confirmMassDelete?: boolean },
): Promise<{ ok: true; request: IngestRequest } | { ok: false; errors: IngestError[] }> {
  const { source, mode, patches } = params;
  const stored = await storedInSource(
    tx,
    organizationId,
    source,
    patches.map((p) => p.item.external_id),
  );
  const assets = patches.map((p) => mergePatch(p, stored.get(storedKey(p.item.kind, p.item.external_id))));
  const parsed = IngestRequest.safeParse({ source, mode, assets, ...(params.confirmMassDelete ? { confirm_mass_delete: true } : {}) });
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, errors: ingestErrors(parsed.error) };
}
