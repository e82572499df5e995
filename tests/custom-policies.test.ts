import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { auditLog, findings, policyResults } from "../db/schema";
import { IngestRequest } from "../app/inventory/ingest-schema";
import { ingestInventory } from "../app/inventory/ingest.server";
import {
  checkSource,
  CUSTOM_POLICY_TEMPLATE,
  customPolicyHistory,
  dryRun,
  saveCustomPolicy,
  setCustomPolicyEnabled,
} from "../app/policy-engine/custom-policies.server";
import { processOrganization } from "../app/policy-engine/runs.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, systemActor } from "./factories";

let database: TestDatabase;
let org = "";
const POLICY = "custom.racks.power-budget";

const scoped = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: org }, work);
const liveFindings = () =>
  withSystem(database.db, (tx) =>
    tx
      .select()
      .from(findings)
      .where(and(eq(findings.organizationId, org), eq(findings.policyId, POLICY), ne(findings.status, "resolved"))),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  org = (await createOrganization(database.db)).id;
  const request = IngestRequest.parse({
    source: "t",
    mode: "upsert",
    assets: [
      { kind: "site", external_id: "s", name: "Site", country: "FR", attributes: {} },
      { kind: "rack", external_id: "cool", name: "Cool rack", parent: "s", attributes: { power_budget_kw: 80 } },
      { kind: "rack", external_id: "hot", name: "Hot rack", parent: "s", attributes: { power_budget_kw: 130 } },
    ],
  });
  await scoped((tx) => ingestInventory(tx, { organizationId: org, actor: systemActor, request }));
  await processOrganization(database.db, org);
});
afterAll(() => database?.destroy());

describe("checking a policy written in the editor", () => {
  it("accepts the starting template, with its fixtures run", () => {
    const check = checkSource(CUSTOM_POLICY_TEMPLATE);
    expect(check.ok).toBe(true);
    expect(check.fixtures.map((f) => f.ok)).toEqual([true, true]);
  });

  it("names the field, the line and the CEL error", () => {
    const broken = checkSource(CUSTOM_POLICY_TEMPLATE.replace("<= double(params.max_kw)", "<= double(params.max_kw"));
    expect(broken).toMatchObject({
      ok: false,
      field: "assert",
      line: CUSTOM_POLICY_TEMPLATE.split("\n").findIndex((l) => l.startsWith("assert:")) + 1,
    });
    expect(!broken.ok && broken.reason).toMatch(/Expected|Unexpected/);
    expect(checkSource(CUSTOM_POLICY_TEMPLATE.replace("id: custom.racks", "id: iso27001.racks"))).toMatchObject({ ok: false, field: "id" });
    expect(checkSource(CUSTOM_POLICY_TEMPLATE.replace("expect: fail", "expect: pass"))).toMatchObject({ ok: false, field: "fixtures" });
    expect(checkSource("id: [")).toMatchObject({ ok: false, field: "(file)" });
    expect(checkSource(CUSTOM_POLICY_TEMPLATE.replace("A.7.11", "A.99.9"))).toMatchObject({ ok: false, field: "references.0" });
  });
});

describe("organisation policies in the engine", () => {
  it("a dry run shows what would fail and writes nothing", async () => {
    const check = checkSource(CUSTOM_POLICY_TEMPLATE);
    if (!check.ok) throw new Error("template invalid");
    const result = await scoped((tx) => dryRun(tx, { organizationId: org, policy: check.policy }));
    expect(result.counts).toMatchObject({ pass: 1, fail: 1 });
    expect(result.failing.map((f) => f.name)).toEqual(["Hot rack"]);
    const stored = await withSystem(database.db, (tx) => tx.select().from(policyResults).where(eq(policyResults.policyId, POLICY)));
    expect(stored).toEqual([]);
  });

  it("a saved policy is evaluated by the next run and its versions are kept", async () => {
    const saved = await scoped((tx) =>
      saveCustomPolicy(tx, { organizationId: org, actor: systemActor, source: CUSTOM_POLICY_TEMPLATE, note: "first" }),
    );
    expect(saved).toEqual({ ok: true, policyId: POLICY, version: 1 });
    const run = await processOrganization(database.db, org);
    expect(run && "run" in run && run.run.scope).toBe("full");
    expect((await liveFindings()).map((f) => f.resourceName)).toEqual(["Hot rack"]);

    const again = await scoped((tx) =>
      saveCustomPolicy(tx, { organizationId: org, actor: systemActor, source: CUSTOM_POLICY_TEMPLATE, note: "dup" }),
    );
    expect(again).toMatchObject({ ok: false, field: "id" });
    const v2 = await scoped((tx) =>
      saveCustomPolicy(tx, {
        organizationId: org,
        actor: systemActor,
        source: CUSTOM_POLICY_TEMPLATE.replace("max_kw: 100", "max_kw: 150")
          .replace("name: 130 kW rack", "name: 180 kW rack")
          .replace("power_budget_kw: 130 }", "power_budget_kw: 180 }"),
        note: "raised",
        expectedPolicyId: POLICY,
      }),
    );
    expect(v2).toEqual({ ok: true, policyId: POLICY, version: 2 });
    await processOrganization(database.db, org);
    expect(await liveFindings()).toEqual([]);
    const history = await scoped((tx) => customPolicyHistory(tx, { organizationId: org, policyId: POLICY }));
    expect(history!.versions.map((v) => [v.version, v.note])).toEqual([
      [2, "raised"],
      [1, "first"],
    ]);
    const audit = await withSystem(database.db, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org), eq(auditLog.entityId, POLICY)))
        .orderBy(auditLog.seq),
    );
    expect(audit.map((a) => a.action)).toEqual(["policy.custom_create", "policy.custom_update"]);
  });

  it("disabling a policy removes its results and resolves its findings at the next run", async () => {
    await scoped((tx) =>
      saveCustomPolicy(tx, {
        organizationId: org,
        actor: systemActor,
        source: CUSTOM_POLICY_TEMPLATE,
        note: "back to 100",
        expectedPolicyId: POLICY,
      }),
    );
    await processOrganization(database.db, org);
    expect(await liveFindings()).toHaveLength(1);
    await scoped((tx) => setCustomPolicyEnabled(tx, { organizationId: org, actor: systemActor, policyId: POLICY, enabled: false }));
    await processOrganization(database.db, org);
    expect(await liveFindings()).toEqual([]);
    const stored = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(policyResults)
        .where(and(eq(policyResults.organizationId, org), eq(policyResults.policyId, POLICY))),
    );
    expect(stored).toEqual([]);
  });
});
