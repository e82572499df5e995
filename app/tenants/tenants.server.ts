import { and, asc, count, eq, ilike, ne, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { containsPattern } from "../../db/like";
import { memberships, tenants, type Tenant } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import type { TenantInput } from "./tenant-schema";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };
export type FieldErrors = Record<string, string[]>;
export type Outcome<T> = { ok: true; value: T } | { ok: false; fieldErrors?: FieldErrors; formError?: string };

function searchCondition(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const pattern = containsPattern(q);
  return or(ilike(tenants.legalName, pattern), ilike(tenants.slug, pattern), ilike(tenants.registrationNumber, pattern));
}

export async function listTenants(tx: Tx, params: OrgParams & { q?: string | undefined; page: number; pageSize: number }) {
  const where = and(eq(tenants.organizationId, params.organizationId), searchCondition(params.q));
  const [total] = await tx.select({ value: count() }).from(tenants).where(where);
  const rows = await tx
    .select()
    .from(tenants)
    .where(where)
    .orderBy(asc(tenants.legalName))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { tenants: rows, total: total?.value ?? 0 };
}

export async function allTenantChoices(tx: Tx, params: OrgParams) {
  return tx
    .select({ id: tenants.id, legalName: tenants.legalName })
    .from(tenants)
    .where(eq(tenants.organizationId, params.organizationId))
    .orderBy(asc(tenants.legalName));
}

export async function getTenant(tx: Tx, params: OrgParams & { tenantId: string }): Promise<Tenant | null> {
  const [row] = await tx
    .select()
    .from(tenants)
    .where(and(eq(tenants.organizationId, params.organizationId), eq(tenants.id, params.tenantId)));
  return row ?? null;
}

async function duplicateErrors(tx: Tx, organizationId: string, input: TenantInput, exceptId?: string): Promise<FieldErrors | null> {
  const clashes = await tx
    .select({ slug: tenants.slug, legalName: tenants.legalName })
    .from(tenants)
    .where(
      and(
        eq(tenants.organizationId, organizationId),
        or(eq(tenants.slug, input.slug), eq(tenants.legalName, input.legalName)),
        exceptId ? ne(tenants.id, exceptId) : undefined,
      ),
    );
  const errors: FieldErrors = {};
  if (clashes.some((c) => c.slug === input.slug)) errors.slug = ["validation.slugTaken"];
  if (clashes.some((c) => c.legalName === input.legalName)) errors.legalName = ["validation.legalNameTaken"];
  return Object.keys(errors).length ? errors : null;
}

const contactsOf = (input: TenantInput) =>
  input.contacts.map((c) => ({ name: c.name, email: c.email.toLowerCase(), ...(c.role ? { role: c.role } : {}) }));

export async function createTenant(tx: Tx, params: OrgParams & { actor: Actor; input: TenantInput }): Promise<Outcome<Tenant>> {
  const fieldErrors = await duplicateErrors(tx, params.organizationId, params.input);
  if (fieldErrors) return { ok: false, fieldErrors };
  const [tenant] = await tx
    .insert(tenants)
    .values({
      organizationId: params.organizationId,
      slug: params.input.slug,
      legalName: params.input.legalName,
      country: params.input.country,
      registrationNumber: params.input.registrationNumber,
      contacts: contactsOf(params.input),
    })
    .returning();
  if (!tenant) throw new Error("Tenant was not created");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "tenant.create",
    entityType: "tenant",
    entityId: tenant.id,
    after: tenant,
  });
  return { ok: true, value: tenant };
}

export async function updateTenant(
  tx: Tx,
  params: OrgParams & { actor: Actor; tenantId: string; input: TenantInput },
): Promise<Outcome<Tenant> | null> {
  const before = await getTenant(tx, params);
  if (!before) return null;
  const fieldErrors = await duplicateErrors(tx, params.organizationId, params.input, before.id);
  if (fieldErrors) return { ok: false, fieldErrors };
  const [after] = await tx
    .update(tenants)
    .set({
      slug: params.input.slug,
      legalName: params.input.legalName,
      country: params.input.country,
      registrationNumber: params.input.registrationNumber,
      contacts: contactsOf(params.input),
      updatedAt: clock.now(),
    })
    .where(and(eq(tenants.organizationId, params.organizationId), eq(tenants.id, before.id)))
    .returning();
  if (!after) throw new Error("Tenant was not updated");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "tenant.update",
    entityType: "tenant",
    entityId: after.id,
    before,
    after,
  });
  return { ok: true, value: after };
}

export async function deleteTenant(tx: Tx, params: OrgParams & { actor: Actor; tenantId: string }): Promise<Outcome<Tenant> | null> {
  const before = await getTenant(tx, params);
  if (!before) return null;
  const [members] = await tx
    .select({ value: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, params.organizationId), eq(memberships.tenantId, before.id)));
  if ((members?.value ?? 0) > 0) return { ok: false, formError: "tenants.delete.hasMembers" };
  await tx.delete(tenants).where(and(eq(tenants.organizationId, params.organizationId), eq(tenants.id, before.id)));
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "tenant.delete",
    entityType: "tenant",
    entityId: before.id,
    before,
  });
  return { ok: true, value: before };
}
