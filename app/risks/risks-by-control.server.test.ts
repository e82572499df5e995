import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createMember, createOrganization, createTenant } from "../../tests/factories";
import { controlApiRow } from "../controls/control-api.server";
import { statementOfApplicability } from "../controls/controls.server";
import * as clock from "../config/clock";
import type { RiskInput } from "./risk-schema";
import { createRisk, updateRisk } from "./save-risk.server";

let database: TestDatabase;
const ids = { org: "", officer: "", tenant: "" };
const input = (title: string, controls: string[]): RiskInput => ({
  language: "en",
  title,
  description: "",
  riskSource: "",
  threat: "",
  vulnerability: "",
  inherentLikelihood: 3,
  inherentImpact: 3,
  residualLikelihood: 2,
  residualImpact: 3,
  treatment: "modify",
  controls,
  scope: [],
});
const inOrg = <T>(work: Parameters<typeof withScope<T>>[2], tenantId?: string) =>
  withScope(database.db, { organizationId: ids.org, tenantId: tenantId ?? null }, work);
const citedBy = async (requirementId: string, options: { at?: Date; tenantId?: string } = {}) => {
  const soa = await inOrg(
    (tx) =>
      statementOfApplicability(tx, { organizationId: ids.org, frameworkId: "iso27001-2022", today: clock.today(), recordedAt: options.at }),
    options.tenantId,
  );
  return soa!.rows.find((r) => r.requirementId === requirementId)!;
};
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
  database = await createTestDatabase();
  ids.org = (await createOrganization(database.db, "SoA risks")).id;
  ids.officer = (await createMember(database.db, ids.org, "compliance_officer")).user.id;
  ids.tenant = (await createTenant(database.db, ids.org)).id;
});
afterAll(() => database?.destroy());

describe("the Statement of Applicability cites the risks each control treats", () => {
  it("now and as recorded at a past instant, in the API too; a tenant's view cites none", async () => {
    const actor = { userId: ids.officer, label: "officer" };
    const beforeAny = clock.now();
    await pause();
    const power = await inOrg((tx) => createRisk(tx, { organizationId: ids.org, actor, input: input("Power loss", ["A.7.11", "A.5.30"]) }));
    await inOrg((tx) => createRisk(tx, { organizationId: ids.org, actor, input: input("Cooling failure", ["A.7.11"]) }));
    await pause();
    const bothCited = clock.now();
    await pause();
    const powerId = power.ok ? power.value.id : "";
    await inOrg((tx) => updateRisk(tx, { organizationId: ids.org, actor, riskId: powerId, input: input("Power loss", ["A.5.30"]) }));

    expect((await citedBy("A.7.11")).risks.map((r) => r.title)).toEqual(["Cooling failure"]);
    expect((await citedBy("A.5.30")).risks.map((r) => r.reference)).toEqual(["R-001"]);
    expect((await citedBy("A.7.11", { at: bothCited })).risks.map((r) => `${r.reference} ${r.title}`)).toEqual([
      "R-001 Power loss",
      "R-002 Cooling failure",
    ]);
    expect((await citedBy("A.7.11", { at: beforeAny })).risks).toEqual([]);
    expect(controlApiRow(await citedBy("A.5.30"), { risks: true }).risks).toEqual([
      { id: powerId, reference: "R-001", title: "Power loss" },
    ]);
    expect((await citedBy("A.5.30", { tenantId: ids.tenant })).risks).toEqual([]);
  });
});
