import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope, withSystem } from "../db/connection.server";
import { auditLog, invitations, memberships, organizations, tenants, users } from "../db/schema";
import { recordAudit } from "../app/audit/audit.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { createMember, createOrganization, createTenant, systemActor } from "./factories";

// Row-level security proven on whichever driver runs this suite (PGlite by default, Postgres with TEST_DATABASE_URL).
let database: TestDatabase;
let orgA: { id: string };
let orgB: { id: string };
let tenantA1: { id: string };
let tenantA2: { id: string };
let tenantB: { id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  orgA = await createOrganization(db, "Operator A");
  orgB = await createOrganization(db, "Operator B");
  tenantA1 = await createTenant(db, orgA.id);
  tenantA2 = await createTenant(db, orgA.id);
  tenantB = await createTenant(db, orgB.id);
  const adminA = await createMember(db, orgA.id, "admin");
  const adminB = await createMember(db, orgB.id, "admin");
  await createMember(db, orgA.id, "tenant_member", { tenantId: tenantA1.id });
  await createMember(db, orgA.id, "tenant_member", { tenantId: tenantA2.id });
  await withSystem(db, async (tx) => {
    await recordAudit(tx, { organizationId: orgA.id, actor: systemActor, action: "x", entityType: "t", entityId: "1" });
    await recordAudit(tx, { organizationId: orgB.id, actor: systemActor, action: "x", entityType: "t", entityId: "2" });
    await tx.insert(invitations).values({
      organizationId: orgB.id,
      email: "someone@example.com",
      role: "auditor",
      tokenHash: "b-token",
      invitedByUserId: adminB.user.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
  });
  expect(adminA.user.id).toBeTruthy();
});

afterAll(async () => {
  await database?.destroy();
});

describe(`row-level security (${process.env.TEST_DATABASE_URL ? "Postgres" : "PGlite"})`, () => {
  it("shows an organisation only its own rows, even to queries without any filter", async () => {
    const seen = await withScope(database.db, { organizationId: orgA.id }, async (tx) => ({
      organizations: await tx.select().from(organizations),
      tenants: await tx.select().from(tenants),
      memberships: await tx.select().from(memberships),
      invitations: await tx.select().from(invitations),
      audit: await tx.select().from(auditLog),
      users: await tx.select({ id: users.id }).from(users),
    }));
    expect(seen.organizations.map((o) => o.id)).toEqual([orgA.id]);
    expect(seen.tenants.map((t) => t.id).sort()).toEqual([tenantA1.id, tenantA2.id].sort());
    expect(seen.memberships.every((m) => m.organizationId === orgA.id)).toBe(true);
    expect(seen.memberships).toHaveLength(3);
    expect(seen.invitations).toHaveLength(0);
    expect(seen.audit.every((a) => a.organizationId === orgA.id)).toBe(true);
    expect(seen.users).toHaveLength(3);
  });

  it("shows a tenant member's scope only its own tenant", async () => {
    const seen = await withScope(database.db, { organizationId: orgA.id, tenantId: tenantA1.id }, async (tx) => ({
      tenants: await tx.select().from(tenants),
      memberships: await tx.select().from(memberships),
      audit: await tx.select().from(auditLog),
    }));
    expect(seen.tenants.map((t) => t.id)).toEqual([tenantA1.id]);
    expect(seen.memberships.every((m) => m.tenantId === tenantA1.id)).toBe(true);
    expect(seen.audit).toHaveLength(0);
  });

  it("shows nothing at all when no organisation is set", async () => {
    const count = await withScope(database.db, { organizationId: "00000000-0000-4000-8000-000000000000" }, (tx) =>
      tx.select().from(tenants),
    );
    expect(count).toHaveLength(0);
  });

  it("refuses to write rows into another organisation", async () => {
    await expect(
      withScope(database.db, { organizationId: orgA.id }, (tx) =>
        tx.insert(tenants).values({
          organizationId: orgB.id,
          slug: "intruder",
          legalName: "Intruder",
          country: "FR",
          registrationNumber: "x",
        }),
      ),
    ).rejects.toThrow();
    const updated = await withScope(database.db, { organizationId: orgA.id }, (tx) =>
      tx
        .update(tenants)
        .set({ legalName: "Hijacked" })
        .where(sql`${tenants.id} = ${tenantB.id}`)
        .returning(),
    );
    expect(updated).toHaveLength(0);
    const deleted = await withScope(database.db, { organizationId: orgA.id }, (tx) =>
      tx
        .delete(tenants)
        .where(sql`${tenants.id} = ${tenantB.id}`)
        .returning(),
    );
    expect(deleted).toHaveLength(0);
  });

  it("never lets the application role read password hashes", async () => {
    await expect(
      withScope(database.db, { organizationId: orgA.id }, (tx) => tx.execute(sql`select password_hash from users`)),
    ).rejects.toThrow();
  });

  it("enables row-level security on every table that carries an organisation id", async () => {
    const result = await database.db.execute(sql`
      select c.relname as table, c.relrowsecurity as rls
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r'
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = c.relname
                      and col.column_name = 'organization_id')`);
    const tables = rowsOf<{ table: string; rls: boolean }>(result);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    expect(tables.filter((t) => !t.rls).map((t) => t.table)).toEqual([]);
  });
});
