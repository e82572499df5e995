import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { auditLog } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, createOrganization, runRoute, statusOf, type RouteHandler } from "../../tests/factories";
import * as scalePage from "../routes/_app.settings.risk-scale";
import { createRisk, scaleOf } from "./save-risk.server";
import { DEFAULT_SCALE } from "./scale";

let database: TestDatabase;
const ids = { rated: "", empty: "" };
const emails = { rated: "", empty: "", legal: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ids.rated = (await createOrganization(db, "Rated")).id;
  ids.empty = (await createOrganization(db, "Empty")).id;
  const officer = await createMember(db, ids.rated, "compliance_officer");
  emails.rated = officer.user.email;
  emails.empty = (await createMember(db, ids.empty, "compliance_officer")).user.email;
  emails.legal = (await createMember(db, ids.rated, "legal")).user.email;
  await withScope(db, { organizationId: ids.rated }, (tx) =>
    createRisk(tx, {
      organizationId: ids.rated,
      actor: { userId: officer.user.id, label: "officer" },
      input: {
        language: "en",
        title: "Power loss beyond autonomy",
        description: "",
        riskSource: "",
        threat: "",
        vulnerability: "",
        inherentLikelihood: 5,
        inherentImpact: 2,
        residualLikelihood: 4,
        residualImpact: 2,
        treatment: "retain",
        controls: [],
        scope: [],
      },
    }),
  );
});
afterAll(() => database?.destroy());

const levels = (axis: string, names: [string, string][]) => ({
  [`${axis}Levels`]: String(names.length),
  ...Object.fromEntries(
    names.flatMap(([en, fr], i) => [
      [`${axis}.${i}.en`, en],
      [`${axis}.${i}.fr`, fr],
    ]),
  ),
});
const four: [string, string][] = [
  ["Rare", "Rare"],
  ["Possible", "Possible"],
  ["Likely", "Probable"],
  ["Certain", "Certain"],
];
type Reply = { data: { saved: boolean; errors: Record<string, unknown> } };
const post = async (email: string, fields: Record<string, string>) =>
  runRoute(database.db, scalePage.action as RouteHandler, (await browserFor(database.db, email)).post("/settings/risk-scale", fields));

describe("the risk scale settings", () => {
  it("sets a 4 × 4 scale named in both languages, audited", async () => {
    const saved = await post(emails.empty, { ...levels("likelihood", four), ...levels("impact", four) });
    expect((saved as { saved: boolean }).saved).toBe(true);
    const scale = await withScope(database.db, { organizationId: ids.empty }, (tx) => scaleOf(tx, { organizationId: ids.empty }));
    expect(scale.likelihood.map((l) => l.fr)).toEqual(["Rare", "Possible", "Probable", "Certain"]);
    const entries = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.organizationId, ids.empty)));
    expect(entries.map((e) => e.action)).toContain("risk_scale.update");
  });

  it("refuses a level a live risk is rated at, and a missing name, on their fields; nothing written", async () => {
    const refused = (await post(emails.rated, { ...levels("likelihood", four), ...levels("impact", four) })) as Reply;
    expect(await statusOf(async () => refused)).toBe(400);
    expect(Object.keys(refused.data.errors)).toEqual(["likelihoodLevels"]);
    const unnamed = (await post(emails.rated, {
      ...levels("likelihood", [...four, ["Frequent", "Fréquent"]]),
      ...levels("impact", [...four.slice(0, 2), ["Major", ""]]),
    })) as Reply;
    expect(Object.keys(unnamed.data.errors)).toEqual(["impact.2.fr"]);
    const scale = await withScope(database.db, { organizationId: ids.rated }, (tx) => scaleOf(tx, { organizationId: ids.rated }));
    expect(scale).toEqual(DEFAULT_SCALE);
  });

  it("is read by legal but changed only by those who assess risks", async () => {
    const legal = await browserFor(database.db, emails.legal);
    expect(await statusOf(() => runRoute(database.db, scalePage.loader as RouteHandler, legal.get("/settings/risk-scale")))).toBe(200);
    expect(await statusOf(() => post(emails.legal, { ...levels("likelihood", four), ...levels("impact", four) }))).toBe(403);
  });
});
