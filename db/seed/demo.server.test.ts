import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as clock from "../../app/config/clock";
import { risksForReview } from "../../app/risks/treating-controls.server";
import { withScope } from "../connection.server";
import { verifyAuditChain } from "../../app/audit/verify.server";
import { signIn } from "../../app/auth/auth.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization } from "../../tests/factories";
import { ASSET_KINDS, assets, memberships, organizations, powerReadings, risks, tenants, users } from "../schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./demo.server";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.destroy();
  database = undefined;
});

/** Helios's register: from the library, two risks accepted by their owner, one up for review since a control slipped. */
async function expectRiskRegister(database: TestDatabase) {
  const register = await database.db.select().from(risks);
  expect(register.length).toBeGreaterThanOrEqual(10);
  expect(register.every((r) => r.libraryId !== null && r.ownerUserId !== null)).toBe(true);
  const accepted = register.filter((r) => r.acceptedAt !== null);
  expect(accepted.map((r) => r.acceptedByUserId)).toEqual(accepted.map((r) => r.ownerUserId));
  expect(accepted).toHaveLength(2);
  const [helios] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  const review = await withScope(database.db, { organizationId: helios!.id }, (tx) =>
    risksForReview(tx, { organizationId: helios!.id, risks: register, today: clock.today() }),
  );
  const flagged = register.filter((r) => review.has(r.id)).map((r) => r.libraryId);
  expect(flagged.sort()).toEqual(["dc.cooling-failure", "dc.flood-heat"]);
  expect(review.get(register.find((r) => r.libraryId === "dc.cooling-failure")!.id)).toEqual([
    { control: "iso27001-2022:A.7.8", then: "implemented", now: "partial" },
  ]);
}

describe("demo seed", () => {
  it("creates Helios with three tenants and one user per role, all able to sign in", async () => {
    database = await createTestDatabase();
    expect(await seedDemo(database.db)).toBe(true);
    const orgs = await database.db.select().from(organizations);
    expect(orgs.map((o) => o.slug).sort()).toEqual(["helios", "septentrion"]);
    expect(await database.db.select().from(tenants)).toHaveLength(3);
    expect(new Set((await database.db.select().from(memberships)).map((m) => m.role))).toEqual(
      new Set(["admin", "compliance_officer", "legal", "auditor", "tenant_member"]),
    );
    for (const demo of DEMO_USERS) {
      expect((await signIn(database.db, { email: demo.email, password: DEMO_PASSWORD, ip: "seed-test" })).ok).toBe(true);
    }
    expect((await verifyAuditChain(database.db)).firstBreak).toBeNull();
    const inventory = await database.db.select({ kind: assets.kind, effectiveCountry: assets.effectiveCountry }).from(assets);
    expect(inventory.length).toBeGreaterThan(2000);
    expect(new Set(inventory.map((a) => a.kind))).toEqual(new Set(ASSET_KINDS));
    expect(inventory.filter((a) => a.kind === "device").every((a) => a.effectiveCountry === "FR" || a.effectiveCountry === "DE")).toBe(
      true,
    );
    // A month of hourly readings for 6 meters at the first snapshot, two weeks before the seed, and two weeks more since.
    expect((await database.db.select().from(powerReadings)).length).toBe((30 + 14) * 24 * 6);
    await expectRiskRegister(database);
  });

  it("never touches a database that already holds data", async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, "Existing operator");
    expect(await seedDemo(database.db)).toBe(false);
    expect(await database.db.select().from(users)).toHaveLength(0);
    expect(await database.db.select().from(organizations)).toHaveLength(1);
  });

  it("seeds only once", async () => {
    database = await createTestDatabase();
    expect(await seedDemo(database.db)).toBe(true);
    expect(await seedDemo(database.db)).toBe(false);
    expect(await database.db.select().from(tenants)).toHaveLength(3);
  });
});
