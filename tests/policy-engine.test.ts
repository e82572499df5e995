import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope, withSystem } from "../db/connection.server";
import { auditLog, evaluationRuns, exceptionRequests, findingEvents, findings, inventoryOutbox, policyResults } from "../db/schema";
import type { IngestRequest } from "../app/inventory/ingest-schema";
import { ingestInventory } from "../app/inventory/ingest.server";
import { grantException } from "../app/policy-engine/findings.server";
import { saveOverride } from "../app/policy-engine/overrides.server";
import { processOrganization, queueFullRun } from "../app/policy-engine/runs.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, createTenant, systemActor } from "./factories";

let database: TestDatabase;
let org: string;
let tenantSlug: string;

const inventory = (overrides: { encrypted?: boolean; replica?: string | null; withDataset?: boolean } = {}): IngestRequest => ({
  source: "dcim",
  mode: "snapshot",
  assets: [
    {
      kind: "site",
      external_id: "par1",
      name: "Paris 1",
      country: "FR",
      owner: "Ops",
      attributes: { access_control: ["badge", "guard"], tier: "III" },
    },
    { kind: "hall", external_id: "par1-h1", name: "Hall 1", parent: "par1", owner: "Ops", attributes: { cctv: true } },
    {
      kind: "storage_volume",
      external_id: "vol-1",
      name: "Volume 1",
      parent: "par1",
      owner: "Ops",
      tenant: tenantSlug,
      attributes: { encrypted_at_rest: overrides.encrypted ?? false },
    },
    ...(overrides.withDataset === false
      ? []
      : [
          {
            kind: "dataset" as const,
            external_id: "ds-1",
            name: "Chat logs",
            parent: "vol-1",
            owner: "Data",
            tenant: tenantSlug,
            tags: ["no-backup"],
            attributes: {
              data_categories: ["personal"],
              storage_locations: [{ asset: "vol-1" }],
              ...(overrides.replica ? { replica_locations: [{ cloud_region: overrides.replica }] } : {}),
            },
          },
        ]),
  ],
});

async function ingest(request: IngestRequest) {
  const outcome = await withScope(database.db, { organizationId: org }, (tx) =>
    ingestInventory(tx, { organizationId: org, actor: systemActor, request }),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
}

const run = async (options: Parameters<typeof processOrganization>[2] = {}) => {
  const outcome = await processOrganization(database.db, org, options);
  if (!outcome || !("run" in outcome)) throw new Error(`expected a run, got ${JSON.stringify(outcome)}`);
  return outcome.run;
};

const liveFindings = () =>
  withSystem(database.db, (tx) =>
    tx
      .select()
      .from(findings)
      .where(and(eq(findings.organizationId, org), sql`${findings.status} <> 'resolved'`)),
  );
const findingFor = async (policyId: string) => (await liveFindings()).find((f) => f.policyId === policyId);

beforeAll(async () => {
  database = await createTestDatabase();
  org = (await createOrganization(database.db)).id;
  tenantSlug = (await createTenant(database.db, org, "Lumen AI")).slug;
});
afterAll(() => database?.destroy());

describe("policy engine on a real database", () => {
  it("does nothing when nothing is pending", async () => {
    expect(await processOrganization(database.db, org)).toBeNull();
  });

  it("evaluates an ingest incrementally and opens findings with evidence", async () => {
    await ingest(inventory({ replica: "aws:us-east-1" }));
    const first = await run();
    expect(first).toMatchObject({ trigger: "change", scope: "incremental", status: "completed" });
    expect(first.counts!.checks).toBeGreaterThan(0);
    expect(first.counts!.error).toBe(0);

    const replica = await findingFor("gdpr.residency.replica-outside-allowed");
    expect(replica).toMatchObject({ severity: "critical", status: "open", resourceKind: "dataset", resourceName: "Chat logs" });
    expect(replica!.message.en).toContain("United States");
    expect(replica!.evidence).toMatchObject({ "resource.replica_countries": ["US"] });
    expect(await findingFor("iso27001.a8-24.storage-encrypted-at-rest")).toBeDefined();
    // The tenant holds personal data and has no DPA.
    expect(await findingFor("gdpr.processing.tenant-without-dpa")).toBeDefined();

    const pending = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(inventoryOutbox)
        .where(and(eq(inventoryOutbox.organizationId, org), sql`${inventoryOutbox.processedAt} is null`)),
    );
    expect(pending).toEqual([]);
  });

  it("resolves a finding when the resource passes, keeping its history; a four-eyes request on it lapses", async () => {
    const before = await findingFor("gdpr.residency.replica-outside-allowed");
    await withSystem(database.db, (tx) =>
      tx.insert(exceptionRequests).values({
        organizationId: org,
        findingId: before!.id,
        justification: "Replica kept until the migration",
        expiresOn: "2099-01-01",
        requestedByLabel: "officer@example.com",
      }),
    );
    await ingest(inventory({ replica: "aws:eu-west-3" }));
    const second = await run();
    expect(second.counts!.resolved).toBeGreaterThanOrEqual(1);
    expect(await findingFor("gdpr.residency.replica-outside-allowed")).toBeUndefined();
    const history = await withSystem(database.db, (tx) =>
      tx.select().from(findingEvents).where(eq(findingEvents.findingId, before!.id)).orderBy(findingEvents.id),
    );
    expect(history.map((e) => e.kind)).toEqual(["opened", "resolved"]);
    const [resolved] = await withSystem(database.db, (tx) => tx.select().from(findings).where(eq(findings.id, before!.id)));
    expect(resolved).toMatchObject({ status: "resolved", firstSeenAt: before!.firstSeenAt });
    const [request] = await withSystem(database.db, (tx) =>
      tx.select().from(exceptionRequests).where(eq(exceptionRequests.findingId, before!.id)),
    );
    expect(request).toMatchObject({ decision: "lapsed", decidedAt: resolved!.resolvedAt });
  });

  it("resolves findings of a resource that disappears", async () => {
    await ingest(inventory({ replica: "aws:us-east-1" }));
    await run();
    expect(await findingFor("gdpr.residency.replica-outside-allowed")).toBeDefined();
    await ingest(inventory({ withDataset: false }));
    await run();
    expect(await findingFor("gdpr.residency.replica-outside-allowed")).toBeUndefined();
    const results = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(policyResults)
        .where(and(eq(policyResults.organizationId, org), eq(policyResults.resourceKind, "dataset"))),
    );
    expect(results).toEqual([]);
  });

  it("a full run rewrites nothing that did not change and records the policy set and inventory version", async () => {
    const queued = await withScope(database.db, { organizationId: org }, (tx) => queueFullRun(tx, org, "manual", "someone@example.com"));
    const again = await withScope(database.db, { organizationId: org }, (tx) => queueFullRun(tx, org, "api", "other@example.com"));
    expect(again.id).toBe(queued.id);
    const full = await run();
    expect(full).toMatchObject({ id: queued.id, scope: "full", trigger: "manual", status: "completed" });
    expect(full.policySetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(full.inventoryVersion).toBeGreaterThan(0);
    expect(full.counts!.opened).toBe(0);
    const audit = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org), eq(auditLog.entityId, full.id))),
    );
    expect(audit.map((a) => a.action)).toEqual(["evaluation.run"]);
  });

  it("a crash before commit leaves no results and the changes pending; the next run completes them", async () => {
    await ingest(inventory({ encrypted: true, withDataset: false }));
    await expect(
      run({
        beforeCommit: () => {
          throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    expect(await findingFor("iso27001.a8-24.storage-encrypted-at-rest")).toBeDefined();
    const [pending] = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from inventory_outbox where organization_id = ${org} and processed_at is null`,
      ),
    );
    expect(pending!.n).toBe(1);
    await run();
    expect(await findingFor("iso27001.a8-24.storage-encrypted-at-rest")).toBeUndefined();
  });

  it("power readings re-check their site", async () => {
    const runsBefore = await withSystem(database.db, (tx) =>
      tx.select().from(evaluationRuns).where(eq(evaluationRuns.organizationId, org)),
    );
    await ingest({
      ...inventory({ encrypted: true, withDataset: false }),
      power_readings: [{ asset: "par1", measured_at: new Date(Date.now() - 3_600_000).toISOString(), kw: 1200 }],
    });
    const next = await run();
    expect(next.counts!.resources).toBeGreaterThanOrEqual(1);
    const site = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(policyResults)
        .where(and(eq(policyResults.organizationId, org), eq(policyResults.policyId, "energy.eed.kpis-reported"))),
    );
    expect(site).toHaveLength(1);
    const runsAfter = await withSystem(database.db, (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.organizationId, org)));
    expect(runsAfter.length).toBe(runsBefore.length + 1);
  });

  it("an expired exception reopens its finding at the next run, through the audit log", async () => {
    await ingest(inventory({ encrypted: false, withDataset: false }));
    await run();
    const finding = await findingFor("iso27001.a8-24.storage-encrypted-at-rest");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await withScope(database.db, { organizationId: org }, (tx) =>
      grantException(tx, {
        organizationId: org,
        actor: systemActor,
        findingIds: [finding!.id],
        justification: "Replacement disks ordered",
        expiresOn: tomorrow,
      }),
    );
    expect((await findingFor("iso27001.a8-24.storage-encrypted-at-rest"))!.status).toBe("accepted");
    await withScope(database.db, { organizationId: org }, (tx) => queueFullRun(tx, org, "manual", "test"));
    const later = new Date(Date.now() + 3 * 86_400_000);
    const next = await run({ now: later });
    expect(next.counts!.reopened).toBe(1);
    const reopened = await findingFor("iso27001.a8-24.storage-encrypted-at-rest");
    expect(reopened).toMatchObject({ id: finding!.id, status: "open" });
    const actions = await withSystem(database.db, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org), eq(auditLog.entityId, finding!.id)))
        .orderBy(auditLog.seq),
    );
    expect(actions.map((a) => a.action)).toEqual(["finding.exception_granted", "finding.exception_expired"]);
  });

  it("a tenant-level parameter changes that tenant's results only after the change is evaluated", async () => {
    await ingest(inventory({ encrypted: true }));
    await run();
    expect(await findingFor("gdpr.sovereignty.non-eu-holder")).toBeUndefined();
    const [tenant] = rowsOf<{ id: string }>(await database.db.execute(sql`select id from tenants where organization_id = ${org}`));
    await ingest({
      ...inventory({ encrypted: true }),
      assets: inventory({ encrypted: true }).assets.map((a) =>
        a.kind === "dataset" ? { ...a, attributes: { ...a.attributes, backup_locations: [{ cloud_region: "azure:francecentral" }] } } : a,
      ),
    });
    await run();
    await withScope(database.db, { organizationId: org }, (tx) =>
      saveOverride(tx, {
        organizationId: org,
        actor: systemActor,
        policyId: "gdpr.sovereignty.non-eu-holder",
        tenantId: tenant!.id,
        values: { require_sovereignty: true },
      }),
    );
    const after = await run();
    expect(after.scope).toBe("incremental");
    const finding = await findingFor("gdpr.sovereignty.non-eu-holder");
    expect(finding?.message.en).toContain("Microsoft Azure (United States)");
  });

  it("two workers on the same organisation at once make one run, not two", async () => {
    await ingest(inventory({ encrypted: false, withDataset: false }));
    const before = await withSystem(database.db, (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.organizationId, org)));
    const outcomes = await Promise.all([processOrganization(database.db, org), processOrganization(database.db, org)]);
    const ran = outcomes.filter((o) => o && "run" in o);
    expect(ran).toHaveLength(1);
    // The other either found the lock taken (Postgres, concurrent) or nothing left to do (PGlite, one connection).
    expect(outcomes.filter((o) => o === null || (o && "busy" in o))).toHaveLength(1);
    const after = await withSystem(database.db, (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.organizationId, org)));
    expect(after.length).toBe(before.length + 1);
    expect(await findingFor("iso27001.a8-24.storage-encrypted-at-rest")).toBeDefined();
  });
});
