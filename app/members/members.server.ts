import { and, asc, count, eq, ne } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { memberships, tenants, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { defineAbilityFor } from "../auth/ability";
import type { Actor } from "../auth/auth.server";
import { revokeCalendarFeed } from "../deadlines/calendar.server";
import { readsDeadlines } from "../deadlines/deadlines.server";
import type { Outcome } from "../tenants/tenants.server";
import type { MembershipInput } from "./member-schema";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };

// Explicit columns: the application role is never granted users.password_hash.
const memberColumns = {
  id: memberships.id,
  organizationId: memberships.organizationId,
  role: memberships.role,
  tenantId: memberships.tenantId,
  tenantName: tenants.legalName,
  userId: users.id,
  email: users.email,
  name: users.name,
  createdAt: memberships.createdAt,
};
export type Member = Awaited<ReturnType<typeof getMember>> & {};

export async function listMembers(tx: Tx, params: OrgParams & { page: number; pageSize: number }) {
  const where = eq(memberships.organizationId, params.organizationId);
  const [total] = await tx.select({ value: count() }).from(memberships).where(where);
  const rows = await tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(where)
    .orderBy(asc(users.name))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { members: rows, total: total?.value ?? 0 };
}

export async function getMember(tx: Tx, params: OrgParams & { membershipId: string }) {
  const [row] = await tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.organizationId, params.organizationId), eq(memberships.id, params.membershipId)));
  return row ?? null;
}

async function otherAdminCount(tx: Tx, organizationId: string, membershipId: string) {
  const [row] = await tx
    .select({ value: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "admin"), ne(memberships.id, membershipId)));
  return row?.value ?? 0;
}

async function tenantBelongs(tx: Tx, organizationId: string, tenantId: string) {
  const [row] = await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.organizationId, organizationId), eq(tenants.id, tenantId)));
  return Boolean(row);
}

const snapshot = (m: NonNullable<Awaited<ReturnType<typeof getMember>>>) => ({
  id: m.id,
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  tenantId: m.tenantId,
});

export async function updateMember(
  tx: Tx,
  params: OrgParams & { actor: Actor; membershipId: string; input: MembershipInput },
): Promise<Outcome<true> | null> {
  const before = await getMember(tx, params);
  if (!before) return null;
  const tenantId = params.input.role === "tenant_member" ? (params.input.tenantId ?? null) : null;
  if (tenantId && !(await tenantBelongs(tx, params.organizationId, tenantId))) {
    return { ok: false, fieldErrors: { tenantId: ["validation.tenantRequired"] } };
  }
  if (before.role === "admin" && params.input.role !== "admin") {
    if ((await otherAdminCount(tx, params.organizationId, before.id)) === 0) {
      return { ok: false, fieldErrors: { role: ["members.lastAdmin"] } };
    }
  }
  await tx
    .update(memberships)
    .set({ role: params.input.role, tenantId, updatedAt: clock.now() })
    .where(and(eq(memberships.organizationId, params.organizationId), eq(memberships.id, before.id)));
  // A calendar address serves what its owner may see now; one whose new role hears no deadlines is removed with it.
  if (!readsDeadlines(defineAbilityFor({ role: params.input.role, organizationId: params.organizationId, tenantId }))) {
    await revokeCalendarFeed(tx, {
      organizationId: params.organizationId,
      userId: before.userId,
      actor: params.actor,
      reason: "role_change",
    });
  }
  if (params.input.name !== before.name) {
    await tx.update(users).set({ name: params.input.name, updatedAt: clock.now() }).where(eq(users.id, before.userId));
  }
  const after = await getMember(tx, params);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "membership.update",
    entityType: "membership",
    entityId: before.id,
    before: snapshot(before),
    after: after ? snapshot(after) : null,
  });
  return { ok: true, value: true };
}

export async function removeMember(tx: Tx, params: OrgParams & { actor: Actor; membershipId: string }): Promise<Outcome<true> | null> {
  const before = await getMember(tx, params);
  if (!before) return null;
  if (before.role === "admin" && (await otherAdminCount(tx, params.organizationId, before.id)) === 0) {
    return { ok: false, formError: "members.lastAdmin" };
  }
  await tx.delete(memberships).where(and(eq(memberships.organizationId, params.organizationId), eq(memberships.id, before.id)));
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "membership.delete",
    entityType: "membership",
    entityId: before.id,
    before: snapshot(before),
  });
  // The removed member's calendar address goes with the membership: it must not come back if they are invited again.
  await revokeCalendarFeed(tx, {
    organizationId: params.organizationId,
    userId: before.userId,
    actor: params.actor,
    reason: "member_removed",
  });
  return { ok: true, value: true };
}
