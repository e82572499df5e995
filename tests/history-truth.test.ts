import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { findings, policyResultHistory } from "../db/schema";
import type { IngestRequest } from "../app/inventory/ingest-schema";
import { ingestInventory } from "../app/inventory/ingest.server";
import { grantException, policyStats } from "../app/policy-engine/findings.server";
import { processOrganization, queueFullRun } from "../app/policy-engine/runs.server";
import { addEvidence, updateControl } from "../app/controls/controls.server";
import { AttestationError, attestationState, type AttestationState } from "../app/reports/attestation-data.server";
import { auditReportState, ReportError } from "../app/reports/audit-report-data.server";
import { RequestReportForm } from "../app/reports/attestation-input";
import * as clock from "../app/config/clock";
import { setClock } from "../app/config/clock";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, createTenant, systemActor } from "./factories";

/**
 * A history built at known instants, then read back as documents: every statement of a report or an attestation
 * about an instant must equal what Attest itself showed at that instant (its live tables, read then).
 *
 *   T1 2026-02-10  unencrypted volume and a US replica of the tenant's dataset: findings open (run R1)
 *   T2 2026-03-05  exception granted on the encryption finding, until 2026-04-30 (no run: only findings change)
 *   T3 2026-04-15  the replica moves back to the EU: the residency finding resolves (run R3)
 *   T4 2026-05-01  a full run: the exception has lapsed, the encryption finding is open again (run R4)
 *   reports made on 2026-05-10 for February, March and April; attestations as of instants between the steps
 */
const T1 = new Date("2026-02-10T10:00:00Z");
const T2 = new Date("2026-03-05T09:00:00Z");
const T3 = new Date("2026-04-15T08:00:00Z");
const T4 = new Date("2026-05-01T06:00:00Z");
const REPORTED_AT = new Date("2026-05-10T12:00:00Z");
const ENCRYPTION = "iso27001.a8-24.storage-encrypted-at-rest";
const REPLICA = "gdpr.residency.replica-outside-allowed";

let database: TestDatabase;
let org = "";
let tenantId = "";
let tenantSlug = "";
const runs: Record<string, { id: string; finishedAt: Date }> = {};
/** What the live tables said right after each step: the truth the documents are held to. */
const seen: Record<string, { stats: ReadonlyMap<string, unknown>; findings: Map<string, string>; attestation: AttestationState }> = {};

const inventory = (replica: string | null, owner = tenantSlug): IngestRequest => ({
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
      tenant: owner,
      attributes: { encrypted_at_rest: false },
    },
    {
      kind: "dataset",
      external_id: "ds-1",
      name: "Chat logs",
      parent: "vol-1",
      owner: "Data",
      tenant: owner,
      tags: ["no-backup"],
      attributes: {
        data_categories: ["personal"],
        storage_locations: [{ asset: "vol-1" }],
        ...(replica ? { replica_locations: [{ cloud_region: replica }] } : {}),
      },
    },
  ],
});

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: org }, work);

async function ingest(request: IngestRequest) {
  const outcome = await inOrg((tx) => ingestInventory(tx, { organizationId: org, actor: systemActor, request }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
}

async function run(name: string) {
  const outcome = await processOrganization(database.db, org);
  if (!outcome || !("run" in outcome)) throw new Error(`expected a run, got ${JSON.stringify(outcome)}`);
  runs[name] = { id: outcome.run.id, finishedAt: outcome.run.finishedAt! };
}

/** Attest's live state now, as its pages and an attestation "as of now" show it. */
async function observe(name: string, now: Date) {
  const live = await withSystem(database.db, (tx) =>
    tx
      .select({ policyId: findings.policyId, status: findings.status })
      .from(findings)
      .where(and(eq(findings.organizationId, org), sql`${findings.status} <> 'resolved'`)),
  );
  seen[name] = {
    stats: await inOrg((tx) => policyStats(tx, { organizationId: org })),
    findings: new Map(live.map((f) => [f.policyId, f.status])),
    attestation: await inOrg((tx) => attestationState(tx, { organizationId: org, tenantId, asOf: null, now })),
  };
}

const liveFinding = (policyId: string) =>
  withSystem(database.db, (tx) =>
    tx
      .select()
      .from(findings)
      .where(and(eq(findings.organizationId, org), eq(findings.policyId, policyId), sql`${findings.status} <> 'resolved'`)),
  ).then((rows) => rows[0]!);

const attestAsOf = (asOf: Date) => inOrg((tx) => attestationState(tx, { organizationId: org, tenantId, asOf, now: REPORTED_AT }));

const reportFor = (periodStart: string, periodEnd: string, framework: "iso27001-2022" | "gdpr-residency" = "iso27001-2022") =>
  inOrg((tx) => auditReportState(tx, { organizationId: org, framework, periodStart, periodEnd }, REPORTED_AT));

beforeAll(async () => {
  database = await createTestDatabase();
  setClock(new Date("2026-02-01T08:00:00Z"));
  org = (await createOrganization(database.db)).id;
  const tenant = await createTenant(database.db, org, "Lumen AI");
  tenantId = tenant.id;
  tenantSlug = tenant.slug;

  setClock(T1);
  await ingest(inventory("aws:us-east-1"));
  await inOrg(async (tx) => {
    await updateControl(tx, {
      organizationId: org,
      actor: systemActor,
      frameworkId: "iso27001-2022",
      requirementId: "A.8.24",
      input: { applicable: "yes", status: "implemented", reviewIntervalMonths: 12 },
    });
    await addEvidence(tx, {
      organizationId: org,
      actor: systemActor,
      frameworkId: "iso27001-2022",
      requirementId: "A.8.24",
      input: {
        kind: "link",
        title: "Key management procedure",
        url: "https://example.com/kms",
        evidenceDate: "2026-02-01",
        expiresOn: "2026-03-31",
      },
    });
  });
  await run("R1");
  await observe("T1", T1);

  setClock(T2);
  const encryption = await liveFinding(ENCRYPTION);
  await inOrg((tx) =>
    grantException(tx, {
      organizationId: org,
      actor: systemActor,
      findingIds: [encryption.id],
      justification: "Self-encrypting drives ordered",
      expiresOn: "2026-04-30",
    }),
  );
  await observe("T2", T2);

  setClock(T3);
  await ingest(inventory(null));
  await inOrg((tx) =>
    updateControl(tx, {
      organizationId: org,
      actor: systemActor,
      frameworkId: "iso27001-2022",
      requirementId: "A.8.24",
      input: { applicable: "yes", status: "partial", reviewIntervalMonths: 12 },
    }),
  );
  await run("R3");
  await observe("T3", T3);

  setClock(T4);
  await inOrg((tx) => queueFullRun(tx, org, "schedule", "schedule"));
  await run("R4");
  await observe("T4", T4);
  setClock(REPORTED_AT);
}, 120_000);

afterAll(async () => {
  await database?.destroy();
  setClock(null);
});

describe("the history is what Attest showed at each instant", () => {
  it("saw what the scenario says, live", () => {
    expect(seen.T1!.findings.get(ENCRYPTION)).toBe("open");
    expect(seen.T1!.findings.get(REPLICA)).toBe("open");
    expect(seen.T2!.findings.get(ENCRYPTION)).toBe("accepted");
    expect(seen.T3!.findings.has(REPLICA)).toBe(false);
    expect(seen.T3!.findings.get(ENCRYPTION)).toBe("accepted");
    expect(seen.T4!.findings.get(ENCRYPTION)).toBe("open");
  });
});

describe("the history's isolation", () => {
  it("shows a tenant member its own tenant's statuses only, another organisation nothing, and is never rewritten or erased", async () => {
    const other = await createTenant(database.db, org, "Other tenant");
    const counts = (scope: { organizationId: string; tenantId?: string }) =>
      withScope(database.db, scope, async (tx) => {
        const rows = await tx.select({ tenantId: policyResultHistory.tenantId }).from(policyResultHistory);
        return { total: rows.length, own: rows.filter((r) => r.tenantId === scope.tenantId).length };
      });
    const operator = await counts({ organizationId: org });
    expect(operator.total).toBeGreaterThan(0);
    const member = await counts({ organizationId: org, tenantId });
    expect(member.own).toBeGreaterThan(0);
    expect(member.total).toBe(member.own);
    expect((await counts({ organizationId: org, tenantId: other.id })).total).toBe(0);
    const stranger = (await createOrganization(database.db)).id;
    expect((await counts({ organizationId: stranger })).total).toBe(0);
    await expect(withScope(database.db, { organizationId: org }, (tx) => tx.delete(policyResultHistory))).rejects.toThrow();
    await expect(withSystem(database.db, (tx) => tx.delete(policyResultHistory))).rejects.toThrow();
    await expect(
      withScope(database.db, { organizationId: org }, (tx) => tx.update(policyResultHistory).set({ status: "pass" })),
    ).rejects.toThrow();
  });
});

describe("audit reports state what held at their period's end", () => {
  const periods = [
    { name: "February", start: "2026-02-01", end: "2026-02-28", run: "R1", at: "T1", encryption: "open", replica: "open" },
    { name: "March", start: "2026-03-01", end: "2026-03-31", run: "R1", at: "T2", encryption: "accepted", replica: "open" },
    { name: "April", start: "2026-04-01", end: "2026-04-30", run: "R3", at: "T3", encryption: "accepted", replica: "resolved" },
  ] as const;

  for (const period of periods) {
    it(`${period.name}: the closing run, its results, the findings and exceptions at the end`, async () => {
      const state = await reportFor(period.start, period.end);
      expect(state.run.id).toBe(runs[period.run]!.id);
      expect(Object.fromEntries(state.counts)).toEqual(Object.fromEntries(seen[period.at]!.stats));
      expect(state.findings.find((f) => f.policy_id === ENCRYPTION)?.status).toBe(period.encryption);
      const residency = await reportFor(period.start, period.end, "gdpr-residency");
      expect(residency.findings.find((f) => f.policy_id === REPLICA)?.status).toBe(period.replica);
      // Nothing after the period's end is told as if it had happened in it.
      for (const events of state.events.values()) for (const e of events) expect(e.at.getTime()).toBeLessThanOrEqual(state.end.getTime());
      for (const f of state.findings) if (f.resolved_at) expect(new Date(f.resolved_at).getTime()).toBeLessThanOrEqual(state.end.getTime());
      const exceptions = state.exceptions.map((e) => ({ policy: e.policy_id, ended: e.ended_at !== null }));
      expect(exceptions).toEqual(period.name === "February" ? [] : [{ policy: ENCRYPTION, ended: false }]);
    });
  }

  it("counts evidence valid at each end: current in February and on 31 March (its last day), lapsed at the end of April", async () => {
    const evidenceAt = async (start: string, end: string) =>
      (await reportFor(start, end)).soa!.rows.find((r) => r.requirementId === "A.8.24")!.evidence;
    expect(await evidenceAt("2026-02-01", "2026-02-28")).toEqual({ current: 1, expired: 0 });
    expect(await evidenceAt("2026-03-01", "2026-03-31")).toEqual({ current: 1, expired: 0 });
    expect(await evidenceAt("2026-04-01", "2026-04-30")).toEqual({ current: 0, expired: 1 });
  });

  it("gives the control the status its officer had declared then, judged with the checks of then", async () => {
    const control = async (start: string, end: string) =>
      (await reportFor(start, end)).soa!.rows.find((r) => r.requirementId === "A.8.24")!;
    const march = await control("2026-03-01", "2026-03-31");
    expect(march.declared).toBe("implemented");
    expect(march.status).toBe("needs_attention");
    expect(march.reasons.map((r) => r.code)).toContain("automated_checks_failing");
    const april = await control("2026-04-01", "2026-04-30");
    expect(april.declared).toBe("partial");
  });

  it("refuses a period that has not ended, in the form and when building", async () => {
    const form = RequestReportForm.safeParse({
      kind: "audit_report",
      framework: "iso27001-2022",
      periodStart: "2026-05-01",
      periodEnd: "2026-05-10",
      language: "en",
    });
    expect(form.success).toBe(false);
    expect(form.error?.issues[0]).toMatchObject({ path: ["periodEnd"], message: "reports.audit.periodNotEnded" });
    await expect(reportFor("2026-05-01", "2026-05-31")).rejects.toThrow(/has not ended/);
    await expect(reportFor("2026-01-01", "2026-01-31")).rejects.toBeInstanceOf(ReportError);
  });
});

describe("attestations state what held at their instant", () => {
  it("as of an instant between runs, states what the standing run and the exceptions said then", async () => {
    // After T3's inventory change nothing the attestation describes changed: only the checks and findings did.
    const april = await attestAsOf(new Date("2026-04-20T00:00:00Z"));
    expect(april).toEqual(seen.T3!.attestation);
    expect(april.exceptions).toHaveLength(1);
    expect(april.findings.map((f) => f.policy_id)).not.toContain(ENCRYPTION);
    const may = await attestAsOf(new Date("2026-05-05T00:00:00Z"));
    expect(may).toEqual(seen.T4!.attestation);
    expect(may.findings.map((f) => f.policy_id)).toContain(ENCRYPTION);
  });

  it("counts an exception past its last day as lapsed, even before a run records it", async () => {
    // The exception ran until 30 April; the run that recorded its end came at 06:00 on 1 May.
    const lapsed = await attestAsOf(new Date("2026-05-01T03:00:00Z"));
    expect(lapsed.run.id).toBe(runs.R3!.id);
    expect(lapsed.exceptions).toEqual([]);
    expect(lapsed.findings.map((f) => f.policy_id)).toContain(ENCRYPTION);
    const lastDay = await attestAsOf(new Date("2026-04-30T23:00:00Z"));
    expect(lastDay.exceptions).toHaveLength(1);
  });

  it("before the first run, says when the first run was", async () => {
    const refusal = await attestAsOf(new Date("2026-02-01T00:00:00Z")).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AttestationError);
    expect((refusal as AttestationError).refusal).toEqual({ code: "before_first_run", firstRunAt: runs.R1!.finishedAt });
  });

  it("as of an instant before the tenant's inventory changed, states the inventory and locations of then", async () => {
    const march = await attestAsOf(new Date("2026-03-10T00:00:00Z"));
    expect(march).toEqual(seen.T2!.attestation);
    expect(march.datasets.find((d) => d.name === "Chat logs")?.replicas).toEqual(["US"]);
    const now = await attestAsOf(REPORTED_AT);
    expect(now.datasets.find((d) => d.name === "Chat logs")?.replicas).toEqual([]);
    expect(now.inventoryDigest).not.toBe(march.inventoryDigest);
  });

  it("refuses a future instant", async () => {
    const refusal = await attestAsOf(new Date("2026-05-11T00:00:00Z")).catch((e: unknown) => e);
    expect((refusal as AttestationError).refusal).toEqual({ code: "future_as_of" });
  });
});

describe("an asset that moves to another tenant", () => {
  it("counts for the tenant it belonged to at each instant, in both tenants' attestations", async () => {
    const T5 = new Date("2026-05-20T10:00:00Z");
    const after = new Date("2026-05-25T00:00:00Z");
    setClock(T5);
    const other = await createTenant(database.db, org, "Kairos GPU Cloud");
    await ingest(inventory(null, other.slug));
    await run("R5");
    setClock(new Date("2026-05-26T00:00:00Z"));
    const attest = (tenant: string, asOf: Date) =>
      inOrg((tx) => attestationState(tx, { organizationId: org, tenantId: tenant, asOf, now: clock.now() }));
    const policiesOf = (a: AttestationState) => a.findings.map((f) => f.policy_id);

    const lumenBefore = await attest(tenantId, new Date("2026-05-05T00:00:00Z"));
    expect(policiesOf(lumenBefore)).toContain(ENCRYPTION);
    expect(lumenBefore.assetCount).toBe(2);
    const kairosBefore = await attest(other.id, new Date("2026-05-05T00:00:00Z"));
    expect(policiesOf(kairosBefore)).not.toContain(ENCRYPTION);
    expect(kairosBefore.assetCount).toBe(0);

    const lumenAfter = await attest(tenantId, after);
    expect(policiesOf(lumenAfter)).not.toContain(ENCRYPTION);
    expect(lumenAfter.assetCount).toBe(0);
    expect(lumenAfter.policies.find((p) => p.policy_id === ENCRYPTION)).toBeUndefined();
    const kairosAfter = await attest(other.id, after);
    expect(policiesOf(kairosAfter)).toContain(ENCRYPTION);
    expect(kairosAfter.assetCount).toBe(2);
    expect(kairosAfter.policies.find((p) => p.policy_id === ENCRYPTION)).toMatchObject({ checked: 1, failing: 1 });
  });
});
