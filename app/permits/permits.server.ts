import { and, asc, desc, eq, ilike, isNull, or } from "drizzle-orm";
import { enqueueChange } from "../policy-engine/triggers.server";
import type { Tx } from "../../db/connection.server";
import { assets, permitDocuments, permits, type Permit, type PermitConditions } from "../../db/schema";
import { storeUpload, withFile } from "../files/file-store.server";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import type { Outcome } from "../tenants/tenants.server";
import { renewalDue, type PermitInput } from "./permit-schema";
import * as clock from "../config/clock";
import { containsPattern } from "../../db/like";
import type { Sort } from "../ui/sort";
import { orderBy } from "../ui/sort.server";

type OrgParams = { organizationId: string };

export type PermitAttention = "expired" | "renewal_due" | null;

/** Expired, or inside its renewal window: what the register flags on a given day. */
export function attentionOf(permit: Pick<Permit, "type" | "expiresOn" | "status">, today: string): PermitAttention {
  if (permit.status === "withdrawn") return null;
  if (permit.expiresOn && permit.expiresOn < today) return "expired";
  const due = renewalDue(permit.type, permit.expiresOn);
  return due && due <= today ? "renewal_due" : null;
}

export type PermitState = "archived" | "expired" | "renewal_due" | Permit["status"];

/** The one badge the register shows: archived, expired or due for renewal first, otherwise the recorded status. */
export function permitState(permit: Pick<Permit, "type" | "expiresOn" | "status" | "archivedAt">, today: string): PermitState {
  if (permit.archivedAt) return "archived";
  return attentionOf(permit, today) ?? permit.status;
}

/** Whole days from `today` to the expiry (negative once expired), or null without an expiry. */
export function daysUntil(expiresOn: string | null, today: string): number | null {
  if (!expiresOn) return null;
  return Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / clock.DAY_MS);
}

export async function siteChoices(tx: Tx, params: OrgParams) {
  return tx
    .select({ id: assets.id, name: assets.name })
    .from(assets)
    .where(and(eq(assets.organizationId, params.organizationId), eq(assets.kind, "site"), isNull(assets.deletedAt)))
    .orderBy(asc(assets.name));
}

export async function isSite(tx: Tx, params: OrgParams & { assetId: string }): Promise<boolean> {
  const [site] = await tx
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.organizationId, params.organizationId), eq(assets.id, params.assetId), eq(assets.kind, "site")));
  return site !== undefined;
}

export const PERMIT_SORTS = ["site", "type", "reference", "authority", "status", "expires"] as const;
export type PermitSort = Sort<(typeof PERMIT_SORTS)[number]>;
/** The register's order as it always was: by site, then the soonest expiry. */
export const PERMIT_DEFAULT_SORT: PermitSort = { column: "site", direction: "asc" };

const PERMIT_SORT_COLUMNS = {
  site: assets.name,
  type: permits.type,
  reference: permits.reference,
  authority: permits.authority,
  status: permits.status,
  // A permit without expiry lasts longest: last when the soonest come first, first the other way round.
  expires: permits.expiresOn,
};

export type PermitFilters = { siteId?: string | undefined; includeArchived?: boolean; q?: string | undefined };

/** The register, sorted on the server; `q` matches a reference number, an authority or a site's name. */
export async function listPermits(tx: Tx, params: OrgParams & PermitFilters & { sort?: PermitSort }) {
  const sort = params.sort ?? PERMIT_DEFAULT_SORT;
  const [first, tiebreaker] = orderBy(sort, PERMIT_SORT_COLUMNS, permits.id);
  // Within a site, the soonest expiry first (the register's order before the columns could be sorted).
  const order = sort.column === "site" ? [first!, asc(permits.expiresOn), tiebreaker!] : [first!, tiebreaker!];
  const pattern = params.q ? containsPattern(params.q) : undefined;
  return tx
    .select({ permit: permits, siteName: assets.name })
    .from(permits)
    .innerJoin(assets, eq(assets.id, permits.siteId))
    .where(
      and(
        eq(permits.organizationId, params.organizationId),
        params.siteId ? eq(permits.siteId, params.siteId) : undefined,
        params.includeArchived ? undefined : isNull(permits.archivedAt),
        pattern ? or(ilike(permits.reference, pattern), ilike(permits.authority, pattern), ilike(assets.name, pattern)) : undefined,
      ),
    )
    .orderBy(...order);
}

export async function getPermit(tx: Tx, params: OrgParams & { permitId: string }) {
  const [row] = await tx
    .select({ permit: permits, siteName: assets.name })
    .from(permits)
    .innerJoin(assets, eq(assets.id, permits.siteId))
    .where(and(eq(permits.organizationId, params.organizationId), eq(permits.id, params.permitId)));
  return row ?? null;
}

function valuesOf(input: PermitInput) {
  const conditions: PermitConditions = {
    max_power_mw: input.maxPowerMw,
    max_generator_hours_per_year: input.maxGeneratorHours,
    max_noise_db: input.maxNoiseDb,
    max_water_m3_per_year: input.maxWaterM3,
    text: input.conditionsText || undefined,
  };
  return {
    siteId: input.siteId,
    type: input.type,
    authority: input.authority,
    reference: input.reference,
    issuedOn: input.issuedOn ?? null,
    expiresOn: input.expiresOn ?? null,
    status: input.status,
    conditions: JSON.parse(JSON.stringify(conditions)) as PermitConditions,
  };
}

async function siteBelongs(tx: Tx, organizationId: string, siteId: string) {
  const [site] = await tx
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), eq(assets.id, siteId), eq(assets.kind, "site")));
  return Boolean(site);
}

export async function createPermit(tx: Tx, params: OrgParams & { actor: Actor; input: PermitInput }): Promise<Outcome<Permit>> {
  if (!(await siteBelongs(tx, params.organizationId, params.input.siteId)))
    return { ok: false, fieldErrors: { siteId: ["permits.siteRequired"] } };
  const [permit] = await tx
    .insert(permits)
    .values({ organizationId: params.organizationId, ...valuesOf(params.input) })
    .returning();
  if (!permit) throw new Error("Permit was not created");
  await enqueueChange(tx, params.organizationId, "permit", permit.id, "permit created");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "permit.create",
    entityType: "permit",
    entityId: permit.id,
    after: permit,
  });
  return { ok: true, value: permit };
}

export async function updatePermit(
  tx: Tx,
  params: OrgParams & { actor: Actor; permitId: string; input: PermitInput },
): Promise<Outcome<Permit> | null> {
  const before = await getPermit(tx, params);
  if (!before) return null;
  if (!(await siteBelongs(tx, params.organizationId, params.input.siteId)))
    return { ok: false, fieldErrors: { siteId: ["permits.siteRequired"] } };
  const [after] = await tx
    .update(permits)
    .set({ ...valuesOf(params.input), updatedAt: clock.now() })
    .where(and(eq(permits.organizationId, params.organizationId), eq(permits.id, params.permitId)))
    .returning();
  if (!after) throw new Error("Permit was not updated");
  await enqueueChange(tx, params.organizationId, "permit", after.id, "permit updated");
  await enqueueChange(tx, params.organizationId, "site", before.permit.siteId, "permit updated");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "permit.update",
    entityType: "permit",
    entityId: after.id,
    before: before.permit,
    after,
  });
  return { ok: true, value: after };
}

export async function archivePermit(tx: Tx, params: OrgParams & { actor: Actor; permitId: string }) {
  const before = await getPermit(tx, params);
  if (!before || before.permit.archivedAt) return null;
  const [after] = await tx
    .update(permits)
    .set({ archivedAt: clock.now(), updatedAt: clock.now() })
    .where(and(eq(permits.organizationId, params.organizationId), eq(permits.id, params.permitId)))
    .returning();
  await enqueueChange(tx, params.organizationId, "permit", params.permitId, "permit archived");
  await enqueueChange(tx, params.organizationId, "site", before.permit.siteId, "permit archived");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "permit.archive",
    entityType: "permit",
    entityId: params.permitId,
    before: before.permit,
    after,
  });
  return after ?? null;
}

export async function listPermitDocuments(tx: Tx, params: OrgParams & { permitId: string }) {
  return tx
    .select()
    .from(permitDocuments)
    .where(and(eq(permitDocuments.organizationId, params.organizationId), eq(permitDocuments.permitId, params.permitId)))
    .orderBy(desc(permitDocuments.createdAt));
}

export async function addPermitDocument(
  tx: Tx,
  params: OrgParams & { actor: Actor; permitId: string; title: string; upload: { bytes: Buffer; fileName: string; contentType: string } },
) {
  const found = await getPermit(tx, params);
  if (!found) return null;
  const stored = await storeUpload(tx, { organizationId: params.organizationId, upload: params.upload, authorLabel: params.actor.label });
  const [document] = await tx
    .insert(permitDocuments)
    .values({ organizationId: params.organizationId, permitId: found.permit.id, title: params.title, ...stored })
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "permit.document",
    entityType: "permit",
    entityId: found.permit.id,
    after: document,
  });
  return document ?? null;
}

export async function permitDocument(tx: Tx, params: OrgParams & { documentId: string }) {
  const [document] = await tx
    .select()
    .from(permitDocuments)
    .where(and(eq(permitDocuments.organizationId, params.organizationId), eq(permitDocuments.id, params.documentId)));
  return withFile(tx, params.organizationId, document);
}
