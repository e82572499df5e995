import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { auditLog, risks } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createMember, createOrganization } from "../../tests/factories";
import * as clock from "../config/clock";
import { acceptanceInForce, acceptRisk } from "./accept-risk.server";
import type { RiskInput } from "./risk-schema";
import { createRisk, updateRisk } from "./save-risk.server";

let database: TestDatabase;
const ids = { org: "", owner: "", other: "" };
const later = (days: number) => new Date(Date.parse(`${clock.today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const input = (overrides: Partial<RiskInput> = {}): RiskInput => ({
  language: "fr",
  title: "Retard du raccordement au réseau",
  description: "",
  riskSource: "",
  threat: "",
  vulnerability: "",
  ownerUserId: ids.owner,
  inherentLikelihood: 2,
  inherentImpact: 3,
  residualLikelihood: 2,
  residualImpact: 3,
  treatment: "retain",
  controls: [],
  scope: [],
  ...overrides,
});
const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: ids.org }, work);
const as = (userId: string) => ({ userId, label: userId });
const newRisk = async (overrides: Partial<RiskInput> = {}) => {
  const outcome = await inOrg((tx) => createRisk(tx, { organizationId: ids.org, actor: as(ids.owner), input: input(overrides) }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.value;
};
const stored = async (riskId: string) => (await withSystem(database.db, (tx) => tx.select().from(risks).where(eq(risks.id, riskId))))[0]!;

beforeAll(async () => {
  database = await createTestDatabase();
  ids.org = (await createOrganization(database.db, "Acceptance")).id;
  ids.owner = (await createMember(database.db, ids.org, "legal")).user.id;
  ids.other = (await createMember(database.db, ids.org, "compliance_officer")).user.id;
});
afterAll(() => database?.destroy());

describe("accepting a risk", () => {
  it("is its owner's, until a day after today, and is logged", async () => {
    const risk = await newRisk();
    const accepted = await inOrg((tx) =>
      acceptRisk(tx, {
        organizationId: ids.org,
        actor: as(ids.owner),
        riskId: risk.id,
        input: { expiresOn: later(180), note: "Raccordement prévu" },
      }),
    );
    expect(accepted).toMatchObject({ ok: true, value: { acceptedByUserId: ids.owner, acceptanceExpiresOn: later(180) } });
    const [entry] = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, risk.id), eq(auditLog.action, "risk.accept"))),
    );
    expect(entry!.before).toMatchObject({ acceptedAt: null });
    expect(entry!.after).toMatchObject({ acceptanceNote: "Raccordement prévu", controls: [] });
  });

  it("is refused, naming the field and writing nothing, without an owner, by someone else, for a treatment other than retain, or ending today", async () => {
    const accept = (riskId: string, actor: string, expiresOn = later(30)) =>
      inOrg((tx) => acceptRisk(tx, { organizationId: ids.org, actor: as(actor), riskId, input: { expiresOn, note: "" } }));
    const ownerless = await newRisk({ ownerUserId: undefined });
    expect(await accept(ownerless.id, ids.owner)).toEqual({ ok: false, fieldErrors: { ownerUserId: ["risks.acceptanceNeedsOwner"] } });
    const modified = await newRisk({ treatment: "modify", controls: ["A.5.30"] });
    expect(await accept(modified.id, ids.other, clock.today())).toEqual({
      ok: false,
      fieldErrors: {
        ownerUserId: ["risks.acceptanceByOwner"],
        treatment: ["risks.acceptanceNeedsRetain"],
        expiresOn: ["risks.acceptanceExpiryPast"],
      },
    });
    expect((await stored(modified.id)).acceptedAt).toBeNull();
    expect(await accept(crypto.randomUUID(), ids.owner)).toBeNull();
  });

  it("ends when the residual score or the treatment changes, and survives an edit of the words", async () => {
    const risk = await newRisk();
    await inOrg((tx) =>
      acceptRisk(tx, { organizationId: ids.org, actor: as(ids.owner), riskId: risk.id, input: { expiresOn: later(90), note: "" } }),
    );
    const update = (overrides: Partial<RiskInput>) =>
      inOrg((tx) => updateRisk(tx, { organizationId: ids.org, actor: as(ids.owner), riskId: risk.id, input: input(overrides) }));
    await update({ description: "Poste source livré au deuxième trimestre" });
    expect((await stored(risk.id)).acceptanceExpiresOn).toBe(later(90));
    await update({ residualImpact: 2 });
    expect(await stored(risk.id)).toMatchObject({ acceptedAt: null, acceptedByUserId: null, acceptanceExpiresOn: null });
  });
});

describe("an acceptance in force", () => {
  const accepted = { acceptedAt: new Date("2026-11-01T09:00:00Z"), acceptanceExpiresOn: "2026-12-31" };
  it("holds until the end of the day it ends, never when none was recorded", () => {
    expect(acceptanceInForce(accepted, "2026-12-31")).toBe(true);
    expect(acceptanceInForce(accepted, "2027-01-01")).toBe(false);
    expect(acceptanceInForce({ acceptedAt: null, acceptanceExpiresOn: null }, "2026-12-01")).toBe(false);
  });
});
