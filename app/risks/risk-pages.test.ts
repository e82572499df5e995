import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import {
  browserFor,
  createAsset,
  createMember,
  createOrganization,
  createTenant,
  runRoute,
  type RouteHandler,
} from "../../tests/factories";
import * as dashboard from "../routes/_app._index";
import * as registerPage from "../routes/_app.risks._index";
import * as riskPage from "../routes/_app.risks.$riskId._index";
import type { RiskInput } from "./risk-schema";
import { heatMap, scopeNames } from "./risks.server";
import { createRisk } from "./save-risk.server";

let database: TestDatabase;
const ids = { a: "", b: "", site: "", tenant: "", officerA: "", officerB: "", member: "" };
const emails = { officerA: "", officerB: "", member: "" };
const riskIds: string[] = [];

const input = (title: string, ratings: [number, number, number, number], overrides: Partial<RiskInput> = {}): RiskInput => ({
  language: "en",
  title,
  description: "",
  riskSource: "",
  threat: "",
  vulnerability: "",
  inherentLikelihood: ratings[0],
  inherentImpact: ratings[1],
  residualLikelihood: ratings[2],
  residualImpact: ratings[3],
  treatment: "modify",
  controls: ["A.7.11"],
  scope: [],
  ...overrides,
});

const run = (handler: RouteHandler, request: Request, params: Record<string, string> = {}) =>
  runRoute(database.db, handler, request, params);

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ids.a = (await createOrganization(db, "Register A")).id;
  ids.b = (await createOrganization(db, "Register B")).id;
  ids.site = (await createAsset(db, ids.a, "site", { name: "Saclay" })).id;
  ids.tenant = (await createTenant(db, ids.a)).id;
  const officerA = await createMember(db, ids.a, "compliance_officer");
  const officerB = await createMember(db, ids.b, "compliance_officer");
  const member = await createMember(db, ids.a, "tenant_member", { tenantId: ids.tenant });
  Object.assign(emails, { officerA: officerA.user.email, officerB: officerB.user.email, member: member.user.email });
  ids.officerA = officerA.user.id;
  const actor = { userId: ids.officerA, label: "officer" };
  const written: [string, [number, number, number, number], Partial<RiskInput>][] = [
    ["Cooling failure", [3, 4, 2, 4], { scope: [{ type: "asset", id: ids.site }] }],
    ["Fuel supply", [3, 4, 1, 4], {}],
    ["Unlawful transfer", [2, 5, 2, 4], { scope: [{ type: "tenant", id: ids.tenant }] }],
  ];
  for (const [title, ratings, overrides] of written) {
    const created = await withScope(db, { organizationId: ids.a }, (tx) =>
      createRisk(tx, { organizationId: ids.a, actor, input: input(title, ratings, overrides) }),
    );
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    riskIds.push(created.value.id);
  }
});
afterAll(() => database?.destroy());

describe("the register's heat maps and scope", () => {
  it("counts the live risks per cell, before and after treatment", async () => {
    const heat = await withScope(database.db, { organizationId: ids.a }, (tx) => heatMap(tx, { organizationId: ids.a }));
    const sorted = (cells: { likelihood: number; impact: number; count: number }[]) =>
      [...cells].sort((x, y) => x.likelihood - y.likelihood || x.impact - y.impact);
    expect(sorted(heat.inherent)).toEqual([
      { likelihood: 2, impact: 5, count: 1 },
      { likelihood: 3, impact: 4, count: 2 },
    ]);
    expect(sorted(heat.residual)).toEqual([
      { likelihood: 1, impact: 4, count: 1 },
      { likelihood: 2, impact: 4, count: 2 },
    ]);
    const other = await withScope(database.db, { organizationId: ids.b }, (tx) => heatMap(tx, { organizationId: ids.b }));
    expect(other).toEqual({ inherent: [], residual: [] });
  });

  it("names a risk's scope with links, and never another organisation's records", async () => {
    const scope = [
      { type: "asset", targetId: ids.site },
      { type: "tenant", targetId: ids.tenant },
    ];
    const named = await withScope(database.db, { organizationId: ids.a }, (tx) => scopeNames(tx, { organizationId: ids.a, scope }));
    expect(named.map((s) => [s.type, s.href])).toEqual([
      ["asset", `/inventory/${ids.site}`],
      ["tenant", `/settings/tenants/${ids.tenant}`],
    ]);
    expect(named[0]!.name).toBe("Saclay");
    const fromB = await withScope(database.db, { organizationId: ids.b }, (tx) => scopeNames(tx, { organizationId: ids.b, scope }));
    expect(fromB).toEqual([]);
  });
});

describe("the register and risk pages", () => {
  it("lists a page of the register, highest residual first, and filters by treatment and search", async () => {
    const browser = await browserFor(database.db, emails.officerA);
    type Page = Awaited<ReturnType<typeof registerPage.loader>>;
    const page = (await run(registerPage.loader as RouteHandler, browser.get("/risks"))) as Page;
    expect(page.total).toBe(3);
    // Equal scores follow the sort's direction on the reference (sort.server.ts), so R-003 comes before R-001.
    expect(page.risks.map((r) => r.title)).toEqual(["Unlawful transfer", "Cooling failure", "Fuel supply"]);
    const searched = (await run(registerPage.loader as RouteHandler, browser.get("/risks?q=fuel"))) as Page;
    expect(searched.risks.map((r) => r.title)).toEqual(["Fuel supply"]);
    const retained = (await run(registerPage.loader as RouteHandler, browser.get("/risks?treatment=retain"))) as Page;
    expect(retained.total).toBe(0);
    // A page past the end shows the last one.
    const far = (await run(registerPage.loader as RouteHandler, browser.get("/risks?page=9"))) as Page;
    expect(far.page).toBe(1);
    expect(far.risks).toHaveLength(3);
  });

  it("shows a risk with its treating controls, and answers 404 to another organisation and 403 to a tenant member", async () => {
    const officer = await browserFor(database.db, emails.officerA);
    type Page = Awaited<ReturnType<typeof riskPage.loader>>;
    const shown = (await run(riskPage.loader as RouteHandler, officer.get(`/risks/${riskIds[0]}`), { riskId: riskIds[0]! })) as Page;
    expect(shown.risk.title).toBe("Cooling failure");
    expect(shown.controls.map((c) => [c.key, c.href])).toEqual([["iso27001-2022:A.7.11", "/controls/iso27001-2022/A.7.11"]]);
    expect(shown.scope.map((s) => s.name)).toEqual(["Saclay"]);
    const foreign = await run(
      riskPage.loader as RouteHandler,
      (await browserFor(database.db, emails.officerB)).get(`/risks/${riskIds[0]}`),
      {
        riskId: riskIds[0]!,
      },
    );
    expect((foreign as Response).status).toBe(404);
    const member = await browserFor(database.db, emails.member);
    expect(((await run(registerPage.loader as RouteHandler, member.get("/risks"))) as Response).status).toBe(403);
    expect(
      ((await run(riskPage.loader as RouteHandler, member.get(`/risks/${riskIds[0]}`), { riskId: riskIds[0]! })) as Response).status,
    ).toBe(403);
  });

  it("puts the heat maps on the dashboard of the operator's staff, counted like the register's, not on a tenant's", async () => {
    type Home = Awaited<ReturnType<typeof dashboard.loader>>;
    const officer = (await run(dashboard.loader as RouteHandler, (await browserFor(database.db, emails.officerA)).get("/"))) as Home;
    const counted = (cells: { count: number }[]) => cells.reduce((sum, c) => sum + c.count, 0);
    expect(counted(officer.work!.risks!.heat.inherent)).toBe(3);
    expect(counted(officer.work!.risks!.heat.residual)).toBe(3);
    const other = (await run(dashboard.loader as RouteHandler, (await browserFor(database.db, emails.officerB)).get("/"))) as Home;
    expect(counted(other.work!.risks!.heat.residual)).toBe(0);
    const member = (await run(dashboard.loader as RouteHandler, (await browserFor(database.db, emails.member)).get("/"))) as Home;
    expect(member.work).toBeNull();
  });
});
