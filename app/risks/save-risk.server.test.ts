import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { auditLog, controlRecords, riskControls, risks, riskScales, riskScope } from "../../db/schema";
import * as clock from "../config/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createAsset, createMember, createOrganization, createTenant } from "../../tests/factories";
import type { RiskInput } from "./risk-schema";
import { listRisks } from "./risks.server";
import { createRisk, updateRisk } from "./save-risk.server";
import { DEFAULT_SCALE } from "./scale";
import { degradedControls } from "./review";
import { controlStatuses } from "./treating-controls.server";

let database: TestDatabase;
const ids = { a: "", b: "", officer: "", hall: "", tenant: "", foreignSite: "", memberOfB: "", tenantMember: "" };
const actor = () => ({ userId: ids.officer, label: "officer" });

const input = (overrides: Partial<RiskInput> = {}): RiskInput => ({
  language: "en",
  title: "Cooling failure at high rack density",
  description: "",
  riskSource: "Cooling plant",
  threat: "Chiller trip",
  vulnerability: "No N+1 cooling",
  ownerUserId: ids.officer,
  inherentLikelihood: 3,
  inherentImpact: 4,
  residualLikelihood: 2,
  residualImpact: 4,
  treatment: "modify",
  controls: ["A.7.11", "A.7.5", "gdpr:Art. 32"],
  scope: [
    { type: "asset", id: ids.hall },
    { type: "tenant", id: ids.tenant },
  ],
  ...overrides,
});

const inA = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: ids.a }, work);
const counts = () =>
  withSystem(database.db, async (tx) => ({
    risks: (await tx.select().from(risks)).length,
    audit: (await tx.select().from(auditLog).where(eq(auditLog.entityType, "risk"))).length,
  }));

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ids.a = (await createOrganization(db, "Risks A")).id;
  ids.b = (await createOrganization(db, "Risks B")).id;
  ids.officer = (await createMember(db, ids.a, "compliance_officer")).user.id;
  const site = await createAsset(db, ids.a, "site");
  ids.hall = (await createAsset(db, ids.a, "hall", { parentId: site.id })).id;
  ids.tenant = (await createTenant(db, ids.a)).id;
  ids.tenantMember = (await createMember(db, ids.a, "tenant_member", { tenantId: ids.tenant })).user.id;
  ids.foreignSite = (await createAsset(db, ids.b, "site")).id;
  ids.memberOfB = (await createMember(db, ids.b, "compliance_officer")).user.id;
});
afterAll(() => database?.destroy());

describe("writing a risk", () => {
  it("numbers the organisation's risks, stores its controls and scope, and logs it with them", async () => {
    const first = await inA((tx) => createRisk(tx, { organizationId: ids.a, actor: actor(), input: input() }));
    const second = await inA((tx) => createRisk(tx, { organizationId: ids.a, actor: actor(), input: input({ title: "Fuel supply" }) }));
    expect(first.ok && first.value.reference).toBe("R-001");
    expect(second.ok && second.value.reference).toBe("R-002");
    const riskId = first.ok ? first.value.id : "";
    const stored = await withSystem(database.db, async (tx) => ({
      controls: await tx.select().from(riskControls).where(eq(riskControls.riskId, riskId)),
      scope: await tx.select().from(riskScope).where(eq(riskScope.riskId, riskId)),
      audit: await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "risk"), eq(auditLog.entityId, riskId))),
    }));
    expect(stored.controls.map((c) => `${c.frameworkId}:${c.requirementId}`).sort()).toEqual([
      "gdpr:Art. 32",
      "iso27001-2022:A.7.11",
      "iso27001-2022:A.7.5",
    ]);
    expect(stored.scope.map((s) => s.type).sort()).toEqual(["asset", "tenant"]);
    expect(stored.audit).toHaveLength(1);
    expect(stored.audit[0]).toMatchObject({ action: "risk.create", actorUserId: ids.officer });
    expect((stored.audit[0]!.after as { controls: string[] }).controls).toContain("iso27001-2022:A.7.11");
  });

  it("refuses bad input naming each field, and writes nothing", async () => {
    await withSystem(database.db, (tx) =>
      tx.insert(riskScales).values({
        organizationId: ids.a,
        scale: { likelihood: DEFAULT_SCALE.likelihood.slice(0, 3), impact: DEFAULT_SCALE.impact.slice(0, 3) },
      }),
    );
    const before = await counts();
    const outcome = await inA((tx) =>
      createRisk(tx, {
        organizationId: ids.a,
        actor: actor(),
        input: input({
          inherentLikelihood: 3,
          inherentImpact: 4, // a 3×3 scale has no fourth impact
          residualLikelihood: 3,
          residualImpact: 3,
          controls: ["A.7.11", "A.99.1"],
          scope: [
            { type: "asset", id: ids.hall },
            { type: "asset", id: ids.foreignSite },
          ],
          ownerUserId: ids.memberOfB,
        }),
      }),
    );
    expect(outcome).toEqual({
      ok: false,
      fieldErrors: {
        inherentImpact: ["risks.levelOffScale"],
        "controls.1": ["risks.unknownControl"],
        "scope.1": ["risks.scopeNotFound"],
        ownerUserId: ["risks.ownerNotMember"],
      },
    });
    const more = await inA((tx) =>
      createRisk(tx, {
        organizationId: ids.a,
        actor: actor(),
        input: input({
          inherentLikelihood: 2,
          inherentImpact: 2,
          residualLikelihood: 3,
          residualImpact: 2,
          controls: [],
          ownerUserId: ids.tenantMember,
        }),
      }),
    );
    expect(more).toEqual({
      ok: false,
      fieldErrors: {
        residualLikelihood: ["risks.residualAboveInherent"],
        controls: ["risks.controlsRequired"],
        ownerUserId: ["risks.ownerNotMember"],
      },
    });
    expect(await counts()).toEqual(before);
    await withSystem(database.db, (tx) => tx.delete(riskScales).where(eq(riskScales.organizationId, ids.a)));
    const malformed = await inA((tx) =>
      createRisk(tx, {
        organizationId: ids.a,
        actor: actor(),
        input: input({ controls: ["iso27001-2022:A.7.11:garbage"], libraryId: "dc.no-such-risk" }),
      }),
    );
    expect(malformed).toEqual({
      ok: false,
      fieldErrors: { "controls.0": ["risks.unknownControl"], libraryId: ["risks.unknownLibraryRisk"] },
    });
    expect(await counts()).toEqual(before);
  });

  it("updates a risk with its links replaced, logging before and after; another organisation's risk is not found", async () => {
    const created = await inA((tx) =>
      createRisk(tx, { organizationId: ids.a, actor: actor(), input: input({ title: "Physical access" }) }),
    );
    const riskId = created.ok ? created.value.id : "";
    const updated = await inA((tx) =>
      updateRisk(tx, {
        organizationId: ids.a,
        actor: actor(),
        riskId,
        input: input({ title: "Physical access", residualLikelihood: 1, controls: ["A.7.2"], scope: [] }),
      }),
    );
    expect(updated).toMatchObject({ ok: true, value: { residualLikelihood: 1 } });
    const [entry] = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, riskId), eq(auditLog.action, "risk.update"))),
    );
    expect(entry!.before).toMatchObject({
      residualLikelihood: 2,
      controls: ["gdpr:Art. 32", "iso27001-2022:A.7.11", "iso27001-2022:A.7.5"],
    });
    expect(entry!.after).toMatchObject({ residualLikelihood: 1, controls: ["iso27001-2022:A.7.2"], scope: [] });
    const fromB = await withScope(database.db, { organizationId: ids.b }, (tx) =>
      updateRisk(tx, {
        organizationId: ids.b,
        actor: { userId: ids.memberOfB, label: "b" },
        riskId,
        input: input({ controls: ["A.7.2"], scope: [], ownerUserId: undefined }),
      }),
    );
    expect(fromB).toBeNull();
  });

  it("is the operator's: another organisation and a tenant member's scope read no risk, even through the database", async () => {
    const visible = (scope: { organizationId: string; tenantId?: string }) =>
      withScope(database.db, scope, (tx) => tx.select().from(risks));
    expect((await visible({ organizationId: ids.a })).length).toBeGreaterThan(0);
    expect(await visible({ organizationId: ids.b })).toEqual([]);
    expect(await visible({ organizationId: ids.a, tenantId: ids.tenant })).toEqual([]);
    // Archived, never deleted: not even the operator's own connection may delete a risk or rewrite a link in place.
    // The database's message (drizzle wraps it as the cause of its "Failed query").
    const refusal = (work: Parameters<typeof inA>[0]) =>
      inA(work).then(
        () => "allowed",
        (error: { message: string; cause?: { message: string } }) => error.cause?.message ?? error.message,
      );
    expect(await refusal((tx) => tx.delete(risks).where(eq(risks.organizationId, ids.a)))).toMatch(/permission denied/);
    expect(await refusal((tx) => tx.update(riskControls).set({ requirementId: "A.5.1" }))).toMatch(/permission denied/);
    expect(await refusal((tx) => tx.execute(sql`truncate risks cascade`))).toMatch(/permission denied/);
  });

  it("keeps the treating controls' statuses at assessment; a control that has since degraded puts the risk up for review", async () => {
    const declare = (status: "partial" | "not_started") =>
      withSystem(database.db, (tx) =>
        tx
          .insert(controlRecords)
          .values({ organizationId: ids.a, frameworkId: "iso27001-2022", requirementId: "A.7.5", status })
          .onConflictDoUpdate({
            target: [controlRecords.organizationId, controlRecords.frameworkId, controlRecords.requirementId],
            set: { status },
          }),
      );
    await declare("partial");
    const created = await inA((tx) =>
      createRisk(tx, { organizationId: ids.a, actor: actor(), input: input({ title: "Flood", controls: ["A.7.5", "A.7.11"] }) }),
    );
    const risk = created.ok ? created.value : null;
    expect(risk!.assessedControls).toEqual({ "iso27001-2022:A.7.5": "partial", "iso27001-2022:A.7.11": "not_started" });
    const now = () =>
      inA((tx) =>
        controlStatuses(tx, {
          organizationId: ids.a,
          controls: [
            { frameworkId: "iso27001-2022", requirementId: "A.7.5" },
            { frameworkId: "iso27001-2022", requirementId: "A.7.11" },
          ],
          today: clock.today(),
        }),
      );
    expect(degradedControls(risk!.assessedControls, await now())).toEqual([]);
    await declare("not_started");
    expect(degradedControls(risk!.assessedControls, await now())).toEqual([
      { control: "iso27001-2022:A.7.5", then: "partial", now: "not_started" },
    ]);
  });

  it("lists the register by residual score by default, sorts by a column either way, finds by reference or threat, and pages", async () => {
    const list = (params: Partial<Parameters<typeof listRisks>[1]> = {}) =>
      inA((tx) => listRisks(tx, { organizationId: ids.a, filters: {}, page: 1, pageSize: 100, ...params }));
    const all = await list();
    const residual = all.rows.map((r) => r.risk.residualLikelihood * r.risk.residualImpact);
    expect(residual).toEqual([...residual].sort((x, y) => y - x));
    expect(all.total).toBe(all.rows.length);
    const byReference = await list({ sort: { column: "reference", direction: "desc" } });
    expect(byReference.rows.map((r) => r.risk.reference)).toEqual(
      all.rows
        .map((r) => r.risk.reference)
        .sort()
        .reverse(),
    );
    expect((await list({ filters: { q: "r-002" } })).rows.map((r) => r.risk.title)).toEqual(["Fuel supply"]);
    expect((await list({ filters: { q: "chiller" } })).total).toBe(all.total);
    const second = await list({ sort: { column: "reference", direction: "asc" }, page: 2, pageSize: 2 });
    expect(second.rows.map((r) => r.risk.reference)).toEqual(["R-003", "R-004"]);
    expect(second.total).toBe(all.total);
  });
});
