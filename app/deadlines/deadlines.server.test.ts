import ICAL from "ical.js";
import { and, eq, inArray } from "drizzle-orm";
import { DEADLINE_KINDS } from "../../db/schema/notifications";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { seedDemo } from "../../db/seed/demo.server";
import * as calendarRoute from "../routes/calendar.$token";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { testContext } from "../../tests/factories";
import { createCalendarFeed } from "./calendar.server";
import { collectDeadlines, thresholdFor } from "./deadlines.server";
import type { Mail } from "./mailer.server";
import { savePreferences } from "./notifications.server";
import { runDeadlineNotifications } from "./notify.server";
import { notifications, organizations, users } from "../../db/schema";
import * as clock from "../config/clock";
import { clockFrom } from "../../tests/clock";

let database: TestDatabase;
let helios: string;
const sent: Mail[] = [];
const mailer = { send: async (mail: Mail) => void sent.push(mail) };

// The demo's agreement dates are fixed in 2026: its deadlines are asserted from a fixed day.
clockFrom();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  helios = (await database.db.select().from(organizations).where(eq(organizations.slug, "helios")))[0]!.id;
});
afterAll(() => database?.destroy());

describe("deadlines", () => {
  it("steps through 90, 30 and 7 days ahead, then overdue", () => {
    expect(thresholdFor("2026-12-31", "2026-01-01")).toBeNull();
    expect(thresholdFor("2026-03-31", "2026-01-01")).toBe("90");
    expect(thresholdFor("2026-01-31", "2026-01-01")).toBe("30");
    expect(thresholdFor("2026-01-08", "2026-01-01")).toBe("7");
    expect(thresholdFor("2026-01-01", "2026-01-01")).toBe("7");
    expect(thresholdFor("2025-12-31", "2026-01-01")).toBe("overdue");
  });

  it("gathers permit expiries and renewals, control reviews and the newest evidence expiries of the demo", async () => {
    const deadlines = await withScope(database.db, { organizationId: helios }, (tx) => collectDeadlines(tx, helios));
    const kinds = new Set(deadlines.map((d) => d.kind));
    expect(kinds).toEqual(
      new Set(["permit_expiry", "permit_renewal", "control_review", "evidence_expiry", "agreement_notice", "obligation_due"]),
    );
    expect(deadlines.find((d) => d.kind === "agreement_notice")?.dueOn).toBe("2027-07-05");
    expect(deadlines.some((d) => d.kind === "permit_expiry" && d.title.startsWith("AP-2021-ICPE-0417"))).toBe(true);
    expect([...deadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn))).toEqual(deadlines);
  });

  it("notifies each member once per deadline and threshold, by e-mail only when asked", async () => {
    const now = clock.now();
    const [compliance] = await database.db.select().from(users).where(eq(users.email, "compliance@helios.example"));
    await withScope(database.db, { organizationId: helios }, (tx) =>
      savePreferences(tx, {
        organizationId: helios,
        userId: compliance!.id,
        kinds: ["permit_expiry", "permit_renewal", "control_review", "evidence_expiry"],
        email: true,
        personalEmail: true,
      }),
    );
    const first = await runDeadlineNotifications(database.db, { now, mailer, baseUrl: "https://attest.example" });
    expect(first.created).toBeGreaterThan(0);
    expect(first.emailed).toBe(1);
    expect(sent[0]?.to).toBe("compliance@helios.example");
    expect(sent[0]?.text).toContain("https://attest.example/permits/");
    const again = await runDeadlineNotifications(database.db, { now, mailer, baseUrl: "https://attest.example" });
    expect(again).toEqual({ created: 0, emailed: 0 });
    const auditorNotes = await database.db
      .select()
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      // Deadline kinds only: the demo's audit trail addresses the auditor an answer (app/audits/audits.server.ts).
      .where(and(eq(users.email, "auditor@helios.example"), inArray(notifications.kind, DEADLINE_KINDS)));
    expect(auditorNotes).toHaveLength(0);
    const legalNotes = await database.db
      .select({ kind: notifications.kind })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(users.email, "legal@helios.example"));
    expect(new Set(legalNotes.map((n) => n.kind))).toEqual(new Set(["permit_expiry", "permit_renewal", "obligation_due"]));
  });

  it("serves a member's deadlines as a valid iCalendar feed at a secret address, and nothing at a wrong one", async () => {
    const [compliance] = await database.db.select().from(users).where(eq(users.email, "compliance@helios.example"));
    const token = await withScope(database.db, { organizationId: helios }, (tx) =>
      createCalendarFeed(tx, {
        organizationId: helios,
        userId: compliance!.id,
        actor: { userId: compliance!.id, label: compliance!.email },
      }),
    );
    const response = await calendarRoute.loader({
      request: new Request(`http://localhost/calendar/${token}.ics`),
      params: { token: `${token}.ics` },
      context: { ...testContext(database.db), log: pino({ level: "silent" }) },
    });
    expect(response.headers.get("Content-Type")).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    expect(events.length).toBeGreaterThan(10);
    const icpe = events.find((e) => e.summary.includes("AP-2021-ICPE-0417") && e.summary.startsWith("Permit expiry"));
    expect(icpe?.startDate.isDate).toBe(true);
    expect(icpe?.startDate.toString()).toBe(clock.daysAfter(clock.now(), 60));
    const wrong = await calendarRoute.loader({
      request: new Request("http://localhost/calendar/nope.ics"),
      params: { token: "nope.ics" },
      context: testContext(database.db),
    });
    expect(wrong.status).toBe(404);
  });
});
