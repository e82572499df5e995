import ICAL from "ical.js";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { auditLog, calendarFeeds, organizations, tenants } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo.server";
import { sha256Hex } from "../../app/auth/tokens.server";
import { removeMember, updateMember } from "../../app/members/members.server";
import * as calendarRoute from "../../app/routes/calendar.$token";
import * as notificationSettings from "../../app/routes/_app.settings.notifications";
import { clockFrom } from "../clock";
import { createTestDatabase, type TestDatabase } from "../db";
import { browserFor, createMember, testContext } from "../factories";

/**
 * Issue 14: a calendar address made by a compliance officer kept serving every operator deadline after the officer
 * was made a tenant member. A feed answers with what its owner may see now; a removed member's feed is gone;
 * creating, regenerating and revoking one are audited, without the address.
 */

let database: TestDatabase;
let helios: string;
let lumen: string;
let officer: Awaited<ReturnType<typeof createMember>>;
let admin: Awaited<ReturnType<typeof createMember>>;
const tokens: string[] = [];

clockFrom();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  helios = (await database.db.select().from(organizations).where(eq(organizations.slug, "helios")))[0]!.id;
  lumen = (await withSystem(database.db, (tx) => tx.select().from(tenants).where(eq(tenants.slug, "lumen-ai"))))[0]!.id;
  officer = await createMember(database.db, helios, "compliance_officer");
  admin = await createMember(database.db, helios, "admin");
});
afterAll(() => database?.destroy());

const ctx = () => testContext(database.db);
const adminActor = () => ({ userId: admin.user.id, label: admin.user.email });
const asHelios = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: helios }, work);

/** Asks the settings page for a (new) calendar address, as the officer, and answers its secret. */
async function newFeed(email: string) {
  const browser = await browserFor(database.db, email);
  const result = (await notificationSettings.action({
    request: browser.post("/settings/notifications", { intent: "calendar" }),
    params: {},
    context: ctx(),
  })) as { calendarUrl: string };
  const token = /\/calendar\/(.+)\.ics$/.exec(result.calendarUrl)![1]!;
  tokens.push(token);
  return token;
}

async function feed(token: string) {
  const response = await calendarRoute.loader({
    request: new Request(`http://localhost/calendar/${token}.ics`),
    params: { token: `${token}.ics` },
    context: ctx(),
  });
  if (response.status !== 200) return { status: response.status, events: [] as string[] };
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  return { status: 200, events: calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e).summary) };
}

const feedAudit = () =>
  withSystem(database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, helios), like(auditLog.action, "calendar_feed.%")))
      .orderBy(auditLog.seq),
  );

const roleOf = (role: "compliance_officer" | "tenant_member") =>
  asHelios((tx) =>
    updateMember(tx, {
      organizationId: helios,
      actor: adminActor(),
      membershipId: officer.membership.id,
      input: { name: officer.user.name, role, ...(role === "tenant_member" ? { tenantId: lumen } : {}) },
    }),
  );

describe("a calendar feed follows its owner's membership", () => {
  it("serves the operator's deadlines to an officer, and nothing once the officer is made a tenant member", async () => {
    const first = await newFeed(officer.user.email);
    const before = await feed(first);
    expect(before.status).toBe(200);
    expect(before.events.some((s) => s.includes("AP-2021-ICPE-0417"))).toBe(true);
    expect(before.events.length).toBeGreaterThan(10);

    const second = await newFeed(officer.user.email);
    expect((await feed(first)).status).toBe(404);
    expect((await feed(second)).status).toBe(200);

    expect((await roleOf("tenant_member"))?.ok).toBe(true);
    const after = await feed(second);
    expect(after.status).toBe(404);
    expect(after.events).toEqual([]);
    const [row] = await withSystem(database.db, (tx) => tx.select().from(calendarFeeds).where(eq(calendarFeeds.userId, officer.user.id)));
    expect(row).toBeUndefined();
  });

  it("serves nothing operator-wide to a tenant member even if a feed of theirs exists", async () => {
    // A feed row that outlived the role change by any other path (a direct update, an older version's data).
    const token = "feed-of-a-tenant-member-made-by-hand";
    await withSystem(database.db, (tx) =>
      tx.insert(calendarFeeds).values({ organizationId: helios, userId: officer.user.id, tokenHash: sha256Hex(token) }),
    );
    expect((await feed(token)).status).toBe(404);
    await withSystem(database.db, (tx) => tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, officer.user.id)));
  });

  it("serves the deadlines again to an officer, and 404 once the member is removed: the feed is deleted with them", async () => {
    expect((await roleOf("compliance_officer"))?.ok).toBe(true);
    const token = await newFeed(officer.user.email);
    expect((await feed(token)).status).toBe(200);
    expect(
      (await asHelios((tx) => removeMember(tx, { organizationId: helios, actor: adminActor(), membershipId: officer.membership.id })))?.ok,
    ).toBe(true);
    expect((await feed(token)).status).toBe(404);
    const rows = await withSystem(database.db, (tx) => tx.select().from(calendarFeeds).where(eq(calendarFeeds.userId, officer.user.id)));
    expect(rows).toEqual([]);
  });

  it("audits creating, regenerating and revoking a feed, by the member or with the reason, never with the address", async () => {
    const other = await createMember(database.db, helios, "auditor");
    const token = await newFeed(other.user.email);
    const browser = await browserFor(database.db, other.user.email);
    await notificationSettings.action({
      request: browser.post("/settings/notifications", { intent: "revoke-calendar" }),
      params: {},
      context: ctx(),
    });
    expect((await feed(token)).status).toBe(404);

    const entries = await feedAudit();
    const line = (e: (typeof entries)[number]) =>
      `${e.action} ${e.entityId} ${(e.after as { reason?: string } | null)?.reason ?? ""}`.trim();
    expect(entries.map(line)).toEqual([
      `calendar_feed.create ${officer.user.id}`,
      `calendar_feed.regenerate ${officer.user.id}`,
      `calendar_feed.revoke ${officer.user.id} role_change`,
      `calendar_feed.create ${officer.user.id}`,
      `calendar_feed.revoke ${officer.user.id} member_removed`,
      `calendar_feed.create ${other.user.id}`,
      `calendar_feed.revoke ${other.user.id}`,
    ]);
    expect(
      entries
        .filter((e) => e.action !== "calendar_feed.revoke" || !(e.after as { reason?: string } | null)?.reason)
        .every((e) => e.actorUserId === e.entityId),
    ).toBe(true);
    const text = JSON.stringify(entries);
    for (const t of tokens) {
      expect(text).not.toContain(t);
      expect(text).not.toContain(sha256Hex(t));
    }
  });
});
