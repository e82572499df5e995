import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection.server";
import { withSystem } from "../../db/connection.server";
import { agreements, findings, tenants } from "../../db/schema";
import { residencyProfile } from "../agreements/agreements.server";
import { inventoryDigest, locationsOf } from "../reports/attestation-data.server";
import { listAttestations } from "../reports/attestations.server";
import * as clock from "../config/clock";

type Params = { organizationId: string; tenantId: string };

/**
 * Where a tenant's assets are. Site rows belong to the operator and are hidden from tenant members by row-level
 * security, so this one read runs as the system role, limited here to the tenant's own assets: a tenant learns
 * the names of the sites that host its machines, nothing else of the operator's.
 */
export async function tenantPlaces(db: Db, params: Params) {
  return withSystem(db, async (tx) => {
    const { assetIds } = await inventoryDigest(tx, params);
    const { places, datasets } = await locationsOf(tx, params.organizationId, assetIds, clock.now());
    return {
      assets: assetIds.length,
      places: places.map((p) => ({ place: p.place, country: p.country, kinds: Object.fromEntries(p.kinds) })),
      datasets,
    };
  });
}

/**
 * What a tenant member sees at home, read under its own row-level security scope; the places (above) are read in
 * a transaction of their own, never inside this one (PGlite has one connection: a nested one would wait forever).
 */
export async function tenantPortal(tx: Tx, params: Params) {
  const [tenant] = await tx
    .select({ id: tenants.id, legalName: tenants.legalName, slug: tenants.slug })
    .from(tenants)
    .where(and(eq(tenants.organizationId, params.organizationId), eq(tenants.id, params.tenantId)));
  if (!tenant) return null;
  const bySeverity = await tx
    .select({ severity: findings.severity, n: sql<number>`count(*)::int` })
    .from(findings)
    .where(and(eq(findings.organizationId, params.organizationId), eq(findings.tenantId, params.tenantId), eq(findings.status, "open")))
    .groupBy(findings.severity);
  const latestFindings = await tx
    .select({
      id: findings.id,
      severity: findings.severity,
      resourceName: findings.resourceName,
      message: findings.message,
      firstSeenAt: findings.firstSeenAt,
    })
    .from(findings)
    .where(and(eq(findings.organizationId, params.organizationId), eq(findings.tenantId, params.tenantId), eq(findings.status, "open")))
    .orderBy(desc(findings.firstSeenAt), asc(findings.id))
    .limit(10);
  const tenantAgreements = await tx
    .select({ id: agreements.id, title: agreements.title, type: agreements.type, version: agreements.currentVersion })
    .from(agreements)
    .where(
      and(
        eq(agreements.organizationId, params.organizationId),
        isNull(agreements.archivedAt),
        sql`${params.tenantId}::uuid = any(${agreements.tenantIds})`,
      ),
    )
    .orderBy(asc(agreements.title));
  return {
    tenant,
    profile: await residencyProfile(tx, params),
    findings: {
      bySeverity: Object.fromEntries(bySeverity.map((r) => [r.severity, r.n])) as Record<string, number>,
      latest: latestFindings,
    },
    agreements: tenantAgreements,
    attestations: await listAttestations(tx, { ...params, limit: 10, offset: 0 }),
  };
}
