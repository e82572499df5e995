import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { auditLog } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization } from "../../tests/factories";
import { listAudit, recordAudit } from "./audit.server";
import { GENESIS_HASH } from "./chain";
import { verifyAuditChain } from "./verify.server";

let database: TestDatabase;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
});
afterAll(() => database?.destroy());

const record = (n: number, organizationId = orgId) =>
  withScope(database.db, { organizationId }, (tx) =>
    recordAudit(tx, {
      organizationId,
      actor: { userId: null, label: `actor-${n}@example.com` },
      action: "tenant.update",
      entityType: "tenant",
      entityId: `entity-${n}`,
      before: { name: `before ${n}`, when: new Date("2026-03-01T00:00:00Z"), nested: { b: 1, a: [1, 2] } },
      after: { name: `after ${n} — é`, missing: undefined },
    }),
  );

describe("audit log", () => {
  it("chains each entry to the previous one of its organisation", async () => {
    const first = await record(1);
    const second = await record(2);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const other = await createOrganization(database.db);
    const otherFirst = await record(3, other.id);
    expect(otherFirst.prevHash).toBe(GENESIS_HASH);
    expect(await verifyAuditChain(database.db)).toMatchObject({ firstBreak: null, entries: 3 });
  });

  it("keeps the chain linear under concurrent writers", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => record(100 + i)));
    const report = await verifyAuditChain(database.db);
    expect(report.firstBreak).toBeNull();
  });

  it("refuses UPDATE, DELETE and TRUNCATE, even to the table owner", async () => {
    await expect(database.db.update(auditLog).set({ action: "forged" })).rejects.toThrow();
    await expect(database.db.delete(auditLog)).rejects.toThrow();
    await expect(database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    await expect(
      withScope(database.db, { organizationId: orgId }, (tx) => tx.update(auditLog).set({ action: "forged" })),
    ).rejects.toThrow();
  });

  it("filters by actor, entity and date range, newest first, with pagination", async () => {
    const page = await withScope(database.db, { organizationId: orgId }, (tx) =>
      listAudit(tx, { organizationId: orgId, filters: { actor: "actor-2@" }, page: 1, pageSize: 10 }),
    );
    expect(page.total).toBe(1);
    expect(page.entries[0]?.entityId).toBe("entity-2");
    const byEntity = await withScope(database.db, { organizationId: orgId }, (tx) =>
      listAudit(tx, { organizationId: orgId, filters: { entityType: "tenant", entityId: "entity-1" }, page: 1, pageSize: 10 }),
    );
    expect(byEntity.entries.map((e) => e.entityId)).toEqual(["entity-1"]);
    const future = await withScope(database.db, { organizationId: orgId }, (tx) =>
      listAudit(tx, { organizationId: orgId, filters: { from: new Date(Date.now() + 86_400_000) }, page: 1, pageSize: 10 }),
    );
    expect(future.total).toBe(0);
    const paged = await withScope(database.db, { organizationId: orgId }, (tx) =>
      listAudit(tx, { organizationId: orgId, filters: {}, page: 2, pageSize: 3 }),
    );
    expect(paged.entries).toHaveLength(3);
    expect(paged.total).toBe(10);
    expect(paged.entries[0]!.seq).toBeGreaterThan(paged.entries[2]!.seq);
  });

  it("names the first entry whose content was edited behind the database's back", async () => {
    const [target] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, "entity-2"));
    // Simulates an attacker with superuser rights: the guard trigger is switched off for the edit.
    await withSystem(database.db, async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_or_delete`);
      await tx.execute(sql`update audit_log set after = '{"name":"forged"}'::jsonb where seq = ${target!.seq}`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_or_delete`);
    });
    const report = await verifyAuditChain(database.db);
    expect(report.firstBreak).toMatchObject({ seq: target!.seq, id: target!.id, reason: "hash_mismatch" });
  });
});
