import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { assets, organizations, tenants } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo.server";
import { clockFrom, DEMO_NOW } from "../../tests/clock";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import * as clock from "../config/clock";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import type { SiteFacts } from "../policy-engine/facts";
import { listFindings } from "../policy-engine/findings.server";
import { loadFacts } from "../policy-engine/load-facts.server";
import { IngestRequest } from "./ingest-schema";
import { ingestInventory } from "./ingest.server";
import { energyYears, limitState, siteLimits, siteView } from "./site-view.server";

const permit = (over: Partial<SiteFacts["permits"][number]>): SiteFacts["permits"][number] => ({
  id: "p",
  type: "grid_connection",
  status: "granted",
  reference: "R",
  active: true,
  expires_at: null,
  conditions: {},
  ...over,
});

const site = (over: Partial<SiteFacts>): SiteFacts => ({
  id: "s",
  name: "S",
  country: "FR",
  tier: null,
  attributes: {},
  permits: [],
  limits: { power_mw_grid: null, power_mw_environmental: null, generator_hours_per_year: null, water_m3_per_year: null },
  power: { current_kw: null, peak_30d_kw: null, measured_at: null },
  halls: 0,
  racks: 0,
  gpu_nodes: 0,
  installed_it_kw: 0,
  operating: true,
  ...over,
});

describe("a site's limits against what was measured", () => {
  it("compares the 30-day peak with the grid limit and a yearly figure with the permit's, naming the permits that set them", () => {
    const rows = siteLimits(
      site({
        permits: [
          permit({ id: "grid", reference: "CRAC-1", conditions: { max_power_mw: 40 } }),
          permit({ id: "icpe", type: "icpe", reference: "AP-1", conditions: { max_generator_hours_per_year: 200, max_power_mw: 45 } }),
          permit({ id: "old", type: "icpe", reference: "AP-0", active: false, conditions: { max_generator_hours_per_year: 100 } }),
        ],
        limits: { power_mw_grid: 40, power_mw_environmental: 45, generator_hours_per_year: 200, water_m3_per_year: null },
        power: { current_kw: 30_000, peak_30d_kw: 41_000, measured_at: null },
        attributes: { generator_hours_ytd: 185 },
      }),
    );
    expect(rows.map((r) => [r.limit, r.allowed, r.measured, r.state, r.permits.map((p) => p.reference)])).toEqual([
      ["power_mw_grid", 40, 41, "over", ["CRAC-1"]],
      ["power_mw_environmental", 45, 41, "near", ["AP-1"]],
      // The lapsed permit sets nothing.
      ["generator_hours_per_year", 200, 185, "near", ["AP-1"]],
    ]);
  });

  it("says a limit was not measured rather than calling it met", () => {
    expect(limitState(null, 200)).toBe("not_measured");
    expect(limitState(100, 200)).toBe("within");
    expect(limitState(200, 200)).toBe("near");
    expect(limitState(200.5, 200)).toBe("over");
  });

  it("lists energy years newest first and leaves a figure not reported as missing", () => {
    expect(
      energyYears({ energy: [{ year: 2024, pue: 1.3 }, { year: 2025, pue: 1.27, wue: 0.31, ref: 0.7, erf: 0.1 }, { pue: 9 }] }),
    ).toEqual([
      { year: 2025, pue: 1.27, wue: 0.31, ref: 0.7, erf: 0.1 },
      { year: 2024, pue: 1.3, wue: null, ref: null, erf: null },
    ]);
    expect(energyYears({})).toEqual([]);
  });
});

describe("the site page on the demo", () => {
  clockFrom(DEMO_NOW);
  let database: TestDatabase;
  let helios = "";
  let paris = "";
  let other = "";
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
    helios = org!.id;
    const [site] = await database.db
      .select({ id: assets.id })
      .from(assets)
      .where(and(eq(assets.organizationId, helios), eq(assets.externalId, "par1")));
    paris = site!.id;
    other = (await createOrganization(database.db)).id;
  });
  afterAll(() => database?.destroy());

  const viewOf = (organizationId: string, siteId: string) =>
    withScope(database.db, { organizationId }, async (tx) =>
      siteView(tx, {
        organizationId,
        siteId,
        now: clock.now(),
        today: clock.today(),
        policySet: await organizationPolicySet(tx, { organizationId }),
      }),
    );

  it("answers with the permits' limits, the tenants present, the energy figures and the deadlines of Paris-Saclay", async () => {
    const view = (await viewOf(helios, paris))!;
    const grid = view.limits.find((l) => l.limit === "power_mw_grid")!;
    expect(grid.allowed).toBe(40);
    expect(grid.permits.map((p) => p.reference)).toEqual(["CRAC-63kV-PSAC-01"]);
    expect(grid.measured).toBe(view.power.peakKw30d! / 1000);
    const generators = view.limits.find((l) => l.limit === "generator_hours_per_year")!;
    expect([generators.allowed, generators.measured, generators.state]).toEqual([200, 64, "within"]);
    expect(generators.permits.map((p) => p.reference).sort()).toEqual(["AP-2021-GE-0418", "AP-2021-ICPE-0417"]);
    expect(view.tenants.map((t) => t.legalName)).toHaveLength(2);
    expect(view.tenants.every((t) => t.here.racks > 0)).toBe(true);
    expect(view.energy[0]).toEqual({ year: 2025, pue: 1.27, wue: 0.31, ref: 0.71, erf: 0.12 });
    // The demo's ICPE permit expires in 60 days: the site's first deadline to come.
    const expiry = view.deadlines.find((d) => d.kind === "permit_expiry" && d.title.startsWith("AP-2021-ICPE-0417"))!;
    expect(expiry.daysLeft).toBe(60);
    expect(view.deadlines.map((d) => d.dueOn)).toEqual([...view.deadlines.map((d) => d.dueOn)].sort());
    expect(view.deadlines.every((d) => !d.title.includes("Frankfurt"))).toBe(true);
  });

  it("counts the same live findings as the list filtered to the site, by severity and by framework", async () => {
    const view = (await viewOf(helios, paris))!;
    const listed = await withScope(database.db, { organizationId: helios }, (tx) =>
      listFindings(tx, { organizationId: helios, filters: { underAssetId: paris }, offset: 0, limit: 1000 }),
    );
    expect(view.findings.total).toBe(listed.total);
    expect(Object.values(view.findings.bySeverity).reduce((a, b) => a + b, 0)).toBe(listed.total);
    for (const f of view.findings.byFramework) {
      const framed = await withScope(database.db, { organizationId: helios }, (tx) =>
        listFindings(tx, { organizationId: helios, filters: { underAssetId: paris, framework: f.framework }, offset: 0, limit: 1 }),
      );
      expect(f.total, f.framework).toBe(framed.total);
    }
  });

  it("shows nothing of a site to another organisation", async () => {
    expect(await viewOf(other, paris)).toBeNull();
  });
});

describe("the tenants of a site follow the inventory", () => {
  let database: TestDatabase;
  let org = "";
  let siteA = "";
  const ingest = (assets: Record<string, unknown>[]) =>
    withScope(database.db, { organizationId: org }, (tx) =>
      ingestInventory(tx, {
        organizationId: org,
        actor: systemActor,
        request: IngestRequest.parse({ source: "dcim", mode: "upsert", assets }),
      }),
    );
  const gpuNode = (id: string, rack: string, tenant: string) => ({
    kind: "device",
    external_id: id,
    name: id,
    parent: rack,
    tenant,
    attributes: { role: "gpu_node", gpu_count: 8, power_draw_kw: 10.5 },
  });
  const viewOf = () =>
    withScope(database.db, { organizationId: org }, async (tx) =>
      siteView(tx, {
        organizationId: org,
        siteId: siteA,
        now: clock.now(),
        today: clock.today(),
        policySet: await organizationPolicySet(tx, { organizationId: org }),
      }),
    );
  const judged = () => withScope(database.db, { organizationId: org }, (tx) => loadFacts(tx, org, { full: true }, clock.now()));

  beforeAll(async () => {
    database = await createTestDatabase();
    org = (await createOrganization(database.db)).id;
    const [north, south] = [await createTenant(database.db, org, "North AI"), await createTenant(database.db, org, "South Labs")];
    await ingest([
      { kind: "site", external_id: "a", name: "Site A", country: "FR", attributes: {} },
      { kind: "site", external_id: "b", name: "Site B", country: "DE", attributes: {} },
      { kind: "rack", external_id: "a-r1", name: "A R1", parent: "a", tenant: north!.slug, attributes: {} },
      { kind: "rack", external_id: "b-r1", name: "B R1", parent: "b", tenant: north!.slug, attributes: {} },
      { kind: "rack", external_id: "b-r2", name: "B R2", parent: "b", tenant: south!.slug, attributes: {} },
      gpuNode("a-n1", "a-r1", north!.slug),
      gpuNode("b-n1", "b-r1", north!.slug),
      gpuNode("b-n2", "b-r2", south!.slug),
    ]);
    siteA = (
      await database.db
        .select({ id: assets.id })
        .from(assets)
        .where(and(eq(assets.organizationId, org), eq(assets.externalId, "a")))
    )[0]!.id;
  });
  afterAll(() => database?.destroy());

  it("counts what each tenant deploys here and everywhere, as the facts the policies judge", async () => {
    const [north] = (await viewOf())!.tenants;
    expect((await viewOf())!.tenants.map((t) => t.legalName)).toEqual(["North AI"]);
    expect(north!.here).toEqual({ racks: 1, gpus: 8, powerKw: 10.5 });
    expect(north!.everywhere).toEqual({ racks: 2, gpus: 16, powerKw: 21 });
    const facts = (await judged()).tenants.get(north!.id)!;
    expect([facts.deployed.racks, facts.deployed.gpus, facts.deployed.power_kw]).toEqual([2, 16, 21]);
  });

  it("answers from the next ingest on: a new tenant's rack and node count at once", async () => {
    const tenantsOf = async () => (await viewOf())!.tenants;
    const before = await tenantsOf();
    const south = (await database.db.select().from(tenants).where(eq(tenants.legalName, "South Labs")))[0]!;
    await ingest([
      { kind: "rack", external_id: "a-r2", name: "A R2", parent: "a", tenant: south.slug, attributes: {} },
      gpuNode("a-n2", "a-r2", south.slug),
    ]);
    const after = await tenantsOf();
    expect(after.map((t) => t.legalName)).toEqual(["North AI", "South Labs"]);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.here).toEqual({ racks: 1, gpus: 8, powerKw: 10.5 });
    expect(after[1]!.everywhere).toEqual({ racks: 2, gpus: 16, powerKw: 21 });
    // Renamed without an ingest: the name is read each time, only the totals are kept.
    await database.db.update(tenants).set({ legalName: "South Labs SAS" }).where(eq(tenants.id, south.id));
    expect((await tenantsOf()).map((t) => t.legalName)).toEqual(["North AI", "South Labs SAS"]);
  });
});
