import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { auditLog, organizations, risks } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { createApiToken } from "../app/auth/api-tokens.server";
import * as controlApi from "../app/routes/api.v1.controls.$frameworkId.$requirementId";
import * as controlsApi from "../app/routes/api.v1.controls";
import * as riskApi from "../app/routes/api.v1.risks.$riskId";
import * as risksApi from "../app/routes/api.v1.risks";
import { createTestDatabase, type TestDatabase } from "./db";
import { createAsset, createOrganization, systemActor, testContext } from "./factories";
import { clockFrom } from "./clock";

let database: TestDatabase;
const secrets = { all: "", readOnly: "", controlsOnly: "", other: "" };
let helios = "";
let foreignAsset = "";

clockFrom();

type RiskJson = {
  id: string;
  reference: string;
  title: string;
  threat: string;
  likelihood: { inherent: number; residual: number };
  impact: { inherent: number; residual: number };
  inherent_score: number;
  residual_score: number;
  residual_band: string;
  treatment: string;
  controls: { framework: string; requirement: string; effective_status: string | null }[];
  owner: { id: string; name: string } | null;
  up_for_review: boolean;
  acceptance: { in_force: boolean } | null;
  scope: { type: string; name: string | null }[];
};
type ErrorJson = { error: { code: string; message: string; details: { path: string; message: string }[] } };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const other = await createOrganization(database.db);
  foreignAsset = (await createAsset(database.db, other.id, "site")).id;
  const make = (organizationId: string, scopes: Parameters<typeof createApiToken>[1]["scopes"]) =>
    withScope(database.db, { organizationId }, (tx) => createApiToken(tx, { organizationId, actor: systemActor, name: "t", scopes }));
  secrets.all = (await make(helios, ["risks:read", "risks:write", "controls:read"])).secret;
  secrets.readOnly = (await make(helios, ["risks:read"])).secret;
  secrets.controlsOnly = (await make(helios, ["controls:read"])).secret;
  secrets.other = (await make(other.id, ["risks:read", "risks:write"])).secret;
});
afterAll(() => database?.destroy());

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response>;
async function call(handler: Handler, path: string, secret: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
  });
  return handler({ request, params, context: testContext(database.db) }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
}
const body = async <T>(response: Response) => (await response.json()) as T;
const riskCount = () =>
  withSystem(
    database.db,
    async (tx) => (await tx.select({ value: count() }).from(risks).where(eq(risks.organizationId, helios)))[0]!.value,
  );
const list = async (query = "", secret = secrets.all) =>
  body<{ data: RiskJson[]; next_cursor: string | null }>(await call(risksApi.loader, `/api/v1/risks${query}`, secret));

const newRisk = {
  language: "en",
  title: "Chiller plant single point of failure",
  threat: "Chiller trip during a heat wave",
  likelihood: { inherent: 4, residual: 2 },
  impact: { inherent: 5, residual: 4 },
  treatment: "modify",
  controls: ["A.7.11", "A.7.5"],
};

describe("GET /api/v1/risks", () => {
  it("gives each risk its levels, scores, band, treatment, controls as they stand and owner, in reference order", async () => {
    const page = await list();
    expect(page.data.map((r) => r.reference)).toEqual(Array.from({ length: 11 }, (_, i) => `R-${String(i + 1).padStart(3, "0")}`));
    expect(page.next_cursor).toBeNull();
    const power = page.data[0]!;
    expect(power.residual_score).toBe(power.likelihood.residual * power.impact.residual);
    expect(power.inherent_score).toBe(power.likelihood.inherent * power.impact.inherent);
    expect(power.owner?.name).toBeTruthy();
    expect(power.controls.length).toBeGreaterThan(0);
    expect(power.controls.every((c) => c.effective_status !== null)).toBe(true);
    expect(power.scope.map((s) => s.name).every(Boolean)).toBe(true);
    expect(page.data.filter((r) => r.acceptance?.in_force).length).toBe(2);
  });

  it("pages on the reference and filters by treatment and by a treating control", async () => {
    const first = await list("?limit=4");
    expect(first.data.map((r) => r.reference)).toEqual(["R-001", "R-002", "R-003", "R-004"]);
    expect(first.next_cursor).toBe("R-004");
    const second = await list(`?limit=4&cursor=${first.next_cursor}`);
    expect(second.data[0]!.reference).toBe("R-005");
    expect((await list("?treatment=retain")).data.every((r) => r.treatment === "retain")).toBe(true);
    const onA78 = await list("?control=A.7.8");
    expect(onA78.data.length).toBe(2);
    expect(onA78.data.every((r) => r.up_for_review)).toBe(true);
    const unknown = await call(risksApi.loader, "/api/v1/risks?control=A.99", secrets.all);
    expect(unknown.status).toBe(400);
    expect((await body<ErrorJson>(unknown)).error.message).toContain("A.99");
  });

  it("shows another organisation none of Helios's risks, and refuses a token without risks:read", async () => {
    expect((await list("", secrets.other)).data).toEqual([]);
    const heliosRisk = (await list()).data[0]!;
    expect((await call(riskApi.loader, `/api/v1/risks/${heliosRisk.id}`, secrets.other, {}, { riskId: heliosRisk.id })).status).toBe(404);
    expect((await call(risksApi.loader, "/api/v1/risks", secrets.controlsOnly)).status).toBe(403);
  });
});

describe("POST /api/v1/risks", () => {
  it("refuses bad input field by field in the reader's language, and writes nothing", async () => {
    const before = await riskCount();
    const response = await call(risksApi.action, "/api/v1/risks", secrets.all, {
      method: "POST",
      headers: { "Accept-Language": "fr" },
      body: JSON.stringify({
        ...newRisk,
        likelihood: { inherent: 3, residual: 4 },
        controls: ["A.7.11", "A.99.9"],
        scope: [{ type: "asset", id: foreignAsset }],
      }),
    });
    expect(response.status).toBe(422);
    const error = (await body<ErrorJson>(response)).error;
    expect(error.code).toBe("invalid_risk");
    expect(error.details.map((d) => d.path).sort()).toEqual(["controls.1", "likelihood.residual", "scope.0"]);
    expect(error.message).toMatch(/corrigez/i);
    expect(error.details.find((d) => d.path === "controls.1")!.message).not.toMatch(/unknown|control/i);
    expect(await riskCount()).toBe(before);
  });

  it("refuses a level off the scale and a field it does not know, by name", async () => {
    const response = await call(risksApi.action, "/api/v1/risks", secrets.all, {
      method: "POST",
      body: JSON.stringify({ ...newRisk, impact: { inherent: 6, residual: 2 }, severity: "high" }),
    });
    expect(response.status).toBe(422);
    const paths = (await body<ErrorJson>(response)).error.details.map((d) => d.path);
    expect(paths).toContain("impact.inherent");
    expect(paths).toContain("(body)");
  });

  it("records a risk with the next reference and an audit entry; a read-only token is refused", async () => {
    expect((await call(risksApi.action, "/api/v1/risks", secrets.readOnly, { method: "POST", body: JSON.stringify(newRisk) })).status).toBe(
      403,
    );
    const response = await call(risksApi.action, "/api/v1/risks", secrets.all, { method: "POST", body: JSON.stringify(newRisk) });
    expect(response.status).toBe(201);
    const created = (await body<{ data: RiskJson }>(response)).data;
    expect(created.reference).toBe("R-012");
    expect(created.inherent_score).toBe(20);
    expect(created.residual_score).toBe(8);
    expect(created.controls.map((c) => c.requirement)).toEqual(["A.7.11", "A.7.5"]);
    const entries = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, "risk.create"))),
    );
    expect(entries.length).toBe(1);
  });
});

describe("PATCH /api/v1/risks/{id}", () => {
  const patch = (id: string, value: unknown, secret = secrets.all) =>
    call(riskApi.action, `/api/v1/risks/${id}`, secret, { method: "PATCH", body: JSON.stringify(value) }, { riskId: id });

  it("changes the fields named and keeps the others", async () => {
    const risk = (await list()).data[1]!;
    const response = await patch(risk.id, { title: "Cooling failure at 40 kW per rack", likelihood: { residual: 1 } });
    expect(response.status).toBe(200);
    const changed = (await body<{ data: RiskJson }>(response)).data;
    expect(changed.title).toBe("Cooling failure at 40 kW per rack");
    expect(changed.likelihood).toEqual({ inherent: risk.likelihood.inherent, residual: 1 });
    expect(changed.impact).toEqual(risk.impact);
    expect(changed.threat).toBe(risk.threat);
    expect(changed.threat).not.toBe("");
    expect(changed.controls.map((c) => c.requirement)).toEqual(risk.controls.map((c) => c.requirement));
  });

  it("ends the owner's acceptance when the residual level changes", async () => {
    const accepted = (await list()).data.find((r) => r.acceptance?.in_force)!;
    const changed = (await body<{ data: RiskJson }>(await patch(accepted.id, { impact: { residual: 1 } }))).data;
    expect(changed.acceptance).toBeNull();
  });

  it("checks the result whole: a modify treatment without controls, a residual above inherent; nothing written", async () => {
    const risk = (await list()).data[2]!;
    const response = await patch(risk.id, { treatment: "modify", controls: [], likelihood: { residual: 5 }, impact: { residual: 5 } });
    expect(response.status).toBe(422);
    const paths = (await body<ErrorJson>(response)).error.details.map((d) => d.path);
    expect(paths).toContain("controls");
    expect(paths.some((p) => p.endsWith(".residual"))).toBe(true);
    const after = (
      await body<{ data: RiskJson }>(await call(riskApi.loader, `/api/v1/risks/${risk.id}`, secrets.all, {}, { riskId: risk.id }))
    ).data;
    expect(after).toEqual(risk);
  });

  it("answers 404 for another organisation's risk and a malformed id, 422 for an unknown field", async () => {
    const risk = (await list()).data[3]!;
    expect((await patch(risk.id, { title: "Taken over" }, secrets.other)).status).toBe(404);
    expect((await patch("not-a-uuid", { title: "x" })).status).toBe(404);
    expect((await patch(risk.id, { reference: "R-999" })).status).toBe(422);
  });
});

describe("risks in /api/v1/controls", () => {
  it("lists the risks a control treats to a token with risks:read only", async () => {
    const path = "/api/v1/controls/iso27001-2022/A.7.8";
    const params = { frameworkId: "iso27001-2022", requirementId: "A.7.8" };
    type One = { data: { risks?: { reference: string }[] } };
    const withRisks = await body<One>(await call(controlApi.loader, path, secrets.all, {}, params));
    expect(withRisks.data.risks?.length).toBe(2);
    const without = await body<One>(await call(controlApi.loader, path, secrets.controlsOnly, {}, params));
    expect(without.data).not.toHaveProperty("risks");
    type All = { data: { requirement: string; risks?: unknown[] }[] };
    const soa = await body<All>(await call(controlsApi.loader, "/api/v1/controls", secrets.controlsOnly));
    expect(soa.data.some((row) => "risks" in row)).toBe(false);
  });
});
