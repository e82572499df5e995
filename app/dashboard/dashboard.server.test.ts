import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, type Tx } from "../../db/connection.server";
import { seedDemo } from "../../db/seed/demo.server";
import { findings, memberships, organizations, tenants, users, type Role } from "../../db/schema";
import { clockFrom } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, systemActor, testContext } from "../../tests/factories";
import { defineAbilityFor } from "../auth/ability";
import * as clock from "../config/clock";
import { collectDeadlines } from "../deadlines/deadlines.server";
import { translator } from "../i18n/i18n";
import { findingsHere, grantException } from "../policy-engine/findings.server";
import * as dashboardPage from "../routes/_app._index";
import { formatPercent } from "../ui/numbers";
import { ACTION_HORIZON_DAYS } from "./horizons";
import { deadlinesFor, deadlineWindows, nextActions, type ActionReader } from "./next-actions.server";
import { readinessOf } from "./readiness";
import { siteCards } from "./sites.server";

// The demo's dates are fixed around late November 2026: the dashboard is read on 2026-11-26 (tests/clock.ts).
clockFrom();

let database: TestDatabase;
let helios = "";
let officerEmail = "";
let memberEmail = "";
let exceptionFinding = "";
const inScope = <T>(work: (tx: Tx) => Promise<T>) => withScope(database.db, { organizationId: helios }, work);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  helios = (await database.db.select().from(organizations).where(eq(organizations.slug, "helios")))[0]!.id;
  officerEmail = (await createMember(database.db, helios, "compliance_officer")).user.email;
  const [lumen] = await database.db
    .select()
    .from(tenants)
    .where(and(eq(tenants.organizationId, helios), eq(tenants.slug, "lumen-ai")));
  memberEmail = (await createMember(database.db, helios, "tenant_member", { tenantId: lumen!.id })).user.email;
  // One finding accepted until ten days from now: its exception is due for a decision.
  const [open] = await database.db
    .select()
    .from(findings)
    .where(and(eq(findings.organizationId, helios), eq(findings.status, "open")))
    .orderBy(findings.id)
    .limit(1);
  exceptionFinding = open!.id;
  await inScope((tx) =>
    grantException(tx, {
      organizationId: helios,
      actor: systemActor,
      findingIds: [exceptionFinding],
      justification: "Compensating control until the migration",
      expiresOn: clock.daysAfter(clock.now(), 10),
    }),
  );
});
afterAll(() => database?.destroy());

async function demoUser(email: string) {
  const [row] = await database.db
    .select({ id: users.id, role: memberships.role, tenantId: memberships.tenantId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.email, email), eq(memberships.organizationId, helios)));
  return row!;
}

async function readerFor(role: Role, userId: string, locale: "en" | "fr" = "en"): Promise<ActionReader> {
  return {
    organizationId: helios,
    ability: defineAbilityFor({ role, organizationId: helios, tenantId: null }),
    role,
    userId,
    locale,
    today: clock.today(),
  };
}

async function actionsOf(reader: ActionReader) {
  return inScope(async (tx) => nextActions(tx, reader, deadlinesFor(reader, await collectDeadlines(tx, helios))));
}

type Page = Awaited<ReturnType<typeof dashboardPage.loader>>;
async function dashboardAs(email: string, language = "en"): Promise<Page> {
  const signedIn = (await browserFor(database.db, email)).get("/");
  const request = new Request(signedIn.url, { headers: { Cookie: signedIn.headers.get("Cookie")!, "Accept-Language": language } });
  return (await dashboardPage.loader({ request, params: {}, context: testContext(database.db) } as LoaderFunctionArgs)) as Page;
}

describe("readiness per framework", () => {
  it("is the share of applicable controls effectively implemented, rounded down", () => {
    expect(readinessOf({ implemented: 58, applicable: 93 }).share).toBe(0.62);
    expect(readinessOf({ implemented: 199, applicable: 200 }).share).toBe(0.99);
    expect(readinessOf({ implemented: 93, applicable: 93 }).share).toBe(1);
    expect(readinessOf({ implemented: 0, applicable: 0 }).share).toBeNull();
  });

  it("counts the demo's ISO 27001 controls by effective status and says it in each language", async () => {
    const page = await dashboardAs(officerEmail);
    const iso = page.summary.controls!.find((c) => c.framework === "iso27001-2022")!;
    // 17 declared implemented, one since reviewed as partial (A.7.8), 6 needing attention (failing checks or lapsed
    // evidence): 10 of 92 applicable.
    expect(iso).toMatchObject({ implemented: 10, applicable: 92 });
    const { share } = readinessOf(iso);
    expect(share).toBe(0.1);
    const en = translator("en")("dashboard.readiness.of", { share: formatPercent(share!, "en", 0), implemented: 10, count: 92 });
    expect(en).toBe("10% — 10 of 92 applicable controls implemented");
    const fr = translator("fr")("dashboard.readiness.of", { share: formatPercent(share!, "fr", 0), implemented: 10, count: 92 });
    expect(fr).toBe("10\u202f% — 10 sur 92 mesures applicables mises en œuvre");
  });
});

describe("next actions", () => {
  it("lists the compliance officer's deadlines, the expiring exception and the flagged control, in date order", async () => {
    const officer = await demoUser("compliance@helios.example");
    const actions = await actionsOf(await readerFor("compliance_officer", officer.id));
    const today = clock.today();
    expect(actions.map((a) => [a.kind, a.on])).toEqual([
      ["permit_renewal", "2026-01-25"],
      ["evidence_expiry", "2026-06-20"],
      ...Array.from({ length: 6 }, () => ["control_review", "2026-09-30"]),
      ["audit_flag", today],
      ["exception_expiry", clock.daysAfter(clock.now(), 10)],
      ["obligation_due", "2026-12-16"],
    ]);
    expect(actions.find((a) => a.kind === "permit_renewal")).toMatchObject({
      title: "AP-2021-ICPE-0417 (Helios Paris-Saclay)",
      days: -305,
      link: expect.stringMatching(/^\/permits\/[0-9a-f-]{36}$/),
    });
    expect(actions.find((a) => a.kind === "exception_expiry")).toMatchObject({ days: 10, link: `/findings/${exceptionFinding}` });
    // The auditor flagged A.8.13 and the officer answered: the flag stands until the auditor accepts it.
    expect(actions.find((a) => a.kind === "audit_flag")).toMatchObject({
      title: "A.8.13 — ISO 27001 surveillance audit 2026",
      days: 0,
      answered: true,
      link: expect.stringMatching(/^\/audits\/[0-9a-f-]{36}\?show=flagged#item-A\.8\.13$/),
    });
    // Nothing beyond the horizon; the control reviews' subjects are named in the reader's words.
    expect(actions.every((a) => a.days <= ACTION_HORIZON_DAYS)).toBe(true);
    expect(actions.filter((a) => a.kind === "control_review").map((a) => a.title)).toContain("A.5.19 (ISO/IEC 27001:2022)");
  });

  it("shows an auditor the flags of the audits assigned to them only", async () => {
    const assigned = await demoUser("auditor@helios.example");
    const other = await createMember(database.db, helios, "auditor");
    const flagsOf = async (userId: string) => (await actionsOf(await readerFor("auditor", userId))).filter((a) => a.kind === "audit_flag");
    expect(await flagsOf(assigned.id)).toHaveLength(1);
    expect(await flagsOf(other.user.id)).toEqual([]);
  });

  it("counts the deadlines of the next 30 and 90 days and lists those beyond the next actions", async () => {
    const officer = await demoUser("compliance@helios.example");
    const reader = await readerFor("compliance_officer", officer.id);
    const windows = await inScope(async (tx) => deadlineWindows(deadlinesFor(reader, await collectDeadlines(tx, helios))));
    expect(windows).toMatchObject({ overdue: 8, within30: 1 });
    expect(windows.within90).toBe(windows.within30 + windows.later.length);
    expect(windows.later.map((d) => [d.kind, d.dueOn])).toEqual([
      ["evidence_expiry", "2027-01-05"],
      ["obligation_due", "2027-01-10"],
      ["permit_expiry", "2027-01-25"],
      ["obligation_due", "2027-02-09"],
      ["obligation_due", "2027-02-09"],
      ["obligation_due", "2027-02-09"],
      ["evidence_expiry", "2027-02-12"],
    ]);
  });
});

describe("site cards", () => {
  it("count each site's live findings by severity as its own page does, in one grouped query", async () => {
    const cards = await inScope((tx) => siteCards(tx, { organizationId: helios, includeFindings: true }));
    expect(cards.map((c) => c.name)).toEqual(["Helios Frankfurt", "Helios Paris-Saclay"]);
    for (const card of cards) {
      const here = await inScope((tx) => findingsHere(tx, { organizationId: helios, assetId: card.id }));
      const counted = Object.values(card.findings!).reduce((sum, n) => sum + n, 0);
      expect(counted).toBe(here.total);
    }
    expect(cards.some((c) => Object.values(c.findings!).some((n) => n > 0))).toBe(true);
    const paris = cards.find((c) => c.name === "Helios Paris-Saclay")!;
    expect(paris.contractedMw).toBe(40);
    expect(paris.latestKw).toBeGreaterThan(0);
  });
});

describe("the dashboard page", () => {
  it("gives the operator's blocks and names the entities of the recent changes", async () => {
    const page = await dashboardAs(officerEmail, "fr");
    expect(page.work?.actions?.shown.length).toBeGreaterThan(0);
    expect(page.work?.windows?.within90).toBeGreaterThan(0);
    expect(page.work?.sites).toHaveLength(2);
    const flagged = page.summary.recentChanges.find((c) => c.action === "finding.exception_granted");
    expect(flagged).toMatchObject({ entityType: "finding", entity: { link: `/findings/${exceptionFinding}` } });
    const audit = page.summary.recentChanges.find((c) => c.action === "audit.flagged");
    expect(audit?.entity).toMatchObject({ name: "A.8.13", link: expect.stringMatching(/^\/audits\//) });
  });

  it("gives a tenant member the portal and nothing of the operator's registers, sites or audits", async () => {
    const page = await dashboardAs(memberEmail);
    expect(page.portal).not.toBeNull();
    expect(page.work).toBeNull();
    expect(page.summary.controls).toBeNull();
    expect(page.summary.recentChanges).toEqual([]);
    const text = JSON.stringify(page);
    expect(text).not.toContain("AP-2021-ICPE-0417");
    expect(text).not.toContain("surveillance audit");
  });
});
