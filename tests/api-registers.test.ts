import { readdirSync } from "node:fs";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import { organizations } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { createApiToken } from "../app/auth/api-tokens.server";
import * as agreementsApi from "../app/routes/api.v1.agreements";
import * as agreementVersionsApi from "../app/routes/api.v1.agreements.$agreementId.versions";
import * as controlApi from "../app/routes/api.v1.controls.$frameworkId.$requirementId";
import * as controlsApi from "../app/routes/api.v1.controls";
import * as obligationsApi from "../app/routes/api.v1.obligations";
import * as openapi from "../app/routes/api.v1.openapi[.]json";
import * as permitsApi from "../app/routes/api.v1.permits";
import { createTestDatabase, type TestDatabase } from "./db";
import { systemActor, testContext } from "./factories";
import { clockFrom } from "./clock";

let database: TestDatabase;
let token = "";
let readOnly = "";
let orgId = "";

// The demo's agreements have fixed 2026 dates: their notice deadlines are asserted from a fixed day.
clockFrom();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [helios] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  const make = (scopes: Parameters<typeof createApiToken>[1]["scopes"]) =>
    withScope(database.db, { organizationId: helios!.id }, (tx) =>
      createApiToken(tx, { organizationId: helios!.id, actor: systemActor, name: "t", scopes }),
    );
  token = (await make(["permits:read", "permits:write", "agreements:read", "agreements:write", "controls:read", "controls:write"])).secret;
  orgId = helios!.id;
  readOnly = (await make(["permits:read"])).secret;
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

describe("register API", () => {
  it("round-trips a permit: refused field by field, then recorded and listed", async () => {
    const list = (await (await call(permitsApi.loader, "/api/v1/permits", token)).json()) as {
      data: { site_id: string; reference: string }[];
    };
    expect(list.data.length).toBe(7);
    const siteId = list.data[0]!.site_id;
    const bad = await call(permitsApi.action, "/api/v1/permits", token, {
      method: "POST",
      body: JSON.stringify({
        site_id: siteId,
        type: "noise",
        authority: "X",
        reference: "",
        status: "granted",
        conditions: { max_noise_db: -3 },
      }),
    });
    expect(bad.status).toBe(422);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path).sort();
    expect(paths).toEqual(["authority", "conditions.max_noise_db", "issued_on", "reference"]);
    const good = await call(permitsApi.action, "/api/v1/permits", token, {
      method: "POST",
      body: JSON.stringify({
        site_id: siteId,
        type: "noise",
        authority: "Umweltamt",
        reference: "API-1",
        status: "granted",
        issued_on: "2026-01-01",
        expires_on: "2031-01-01",
        conditions: { max_noise_db: 50 },
      }),
    });
    expect(good.status).toBe(201);
    expect(await good.json()).toMatchObject({ data: { reference: "API-1", renewal_due: "2030-10-01", conditions: { max_noise_db: 50 } } });
    const again = (await (await call(permitsApi.loader, "/api/v1/permits", token)).json()) as { data: unknown[] };
    expect(again.data).toHaveLength(8);
    const forbidden = await call(permitsApi.action, "/api/v1/permits", readOnly, { method: "POST", body: "{}" });
    expect(forbidden.status).toBe(403);
  });

  it("serves agreements with their dates, obligations, and the Statement of Applicability", async () => {
    const agreements = (await (await call(agreementsApi.loader, "/api/v1/agreements", token)).json()) as {
      data: { type: string; notice_by: string | null }[];
    };
    expect(agreements.data.find((a) => a.type === "gpu_capacity")?.notice_by).toBe("2027-07-05");
    expect(agreements.data.map((a) => a.type).sort()).toEqual(["dpa", "dpa", "dpa", "gpu_capacity"]);
    const obligations = (await (await call(obligationsApi.loader, "/api/v1/obligations", token)).json()) as { data: { status: string }[] };
    expect(obligations.data.length).toBe(6);
    const soa = (await (await call(controlsApi.loader, "/api/v1/controls?framework=iso27001-2022", token)).json()) as {
      data: { requirement: string; status: string; effective_status: string; reasons: { code: string }[] }[];
    };
    expect(soa.data).toHaveLength(93);
    // Declared implemented, its evidence lapsed: the declaration is kept, the effective status says why it is not.
    expect(soa.data.find((r) => r.requirement === "A.8.13")).toMatchObject({
      status: "implemented",
      effective_status: "needs_attention",
      reasons: expect.arrayContaining([expect.objectContaining({ code: "evidence_expired" })]),
    });
    expect((await call(controlsApi.loader, "/api/v1/controls?framework=nope", token)).status).toBe(404);
    expect((await call(agreementsApi.loader, "/api/v1/agreements", readOnly)).status).toBe(403);
  });

  it("round-trips an agreement and its amendment, refusing bad input field by field", async () => {
    const list = (await (await call(agreementsApi.loader, "/api/v1/agreements", token)).json()) as {
      data: { content: { parties: { kind: string; id: string }[] } }[];
    };
    const tenantParty = list.data[0]!.content.parties.find((p) => p.kind === "tenant")!;
    const body = {
      title: "Evaluation services",
      type: "msa",
      terms: { effectiveDate: "2026-12-01", termMonths: 12, autoRenew: true, noticeDays: 30, governingLaw: "FR" },
      parties: [
        { kind: "organization", id: orgId, role: "provider" },
        { kind: "tenant", id: tenantParty.id, role: "customer" },
      ],
      clauses: { dataLocation: ["FR"] },
      obligations: [{ party: 0, text: "Monthly service report", recurrence: "monthly" }],
    };
    const bad = await call(agreementsApi.action, "/api/v1/agreements", token, {
      method: "POST",
      body: JSON.stringify({
        ...body,
        parties: [body.parties[0]],
        clauses: { dataLocation: ["Atlantis"] },
        terms: { ...body.terms, governingLaw: "XX" },
      }),
    });
    expect(bad.status).toBe(422);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path).sort();
    expect(paths).toEqual(["clauses.dataLocation.0", "parties", "terms.governingLaw"]);
    const created = await call(agreementsApi.action, "/api/v1/agreements", token, { method: "POST", body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string; version: number; ends_on: string } };
    expect(data).toMatchObject({ version: 1, ends_on: "2027-12-01" });
    const amended = await call(
      agreementVersionsApi.action,
      `/api/v1/agreements/${data.id}/versions`,
      token,
      { method: "POST", body: JSON.stringify({ ...body, note: "price review", terms: { ...body.terms, noticeDays: 60 } }) },
      { agreementId: data.id },
    );
    expect(amended.status).toBe(201);
    expect(((await amended.json()) as { data: { version: number; notice_by: string } }).data).toMatchObject({
      version: 2,
      notice_by: "2027-10-02",
    });
  });

  it("sets a control's assessment through the API, with the same rules as the UI", async () => {
    const path = "/api/v1/controls/iso27001-2022/A.5.7";
    const params = { frameworkId: "iso27001-2022", requirementId: "A.5.7" };
    const refused = await call(
      controlApi.action,
      path,
      token,
      { method: "PUT", body: JSON.stringify({ applicable: false, status: "not_applicable" }) },
      params,
    );
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toEqual([
      "justification",
    ]);
    const ok = await call(
      controlApi.action,
      path,
      token,
      { method: "PUT", body: JSON.stringify({ applicable: true, status: "partial", next_review_on: "2027-01-31" }) },
      params,
    );
    expect(ok.status).toBe(200);
    const soa = (await (await call(controlsApi.loader, "/api/v1/controls", token)).json()) as {
      data: { requirement: string; status: string; next_review_on: string }[];
    };
    expect(soa.data.find((r) => r.requirement === "A.5.7")).toMatchObject({
      status: "partial",
      effective_status: "partial",
      next_review_on: "2027-01-31",
    });
    // The PUT answers what was written and what Attest makes of it.
    expect(((await ok.clone().json()) as { data: unknown }).data).toMatchObject({
      requirement: "A.5.7",
      status: "partial",
      effective_status: "partial",
    });
    expect(
      (
        await call(
          controlApi.action,
          "/api/v1/controls/iso27001-2022/A.99",
          token,
          { method: "PUT", body: "{}" },
          { frameworkId: "iso27001-2022", requirementId: "A.99" },
        )
      ).status,
    ).toBe(404);
  });

  it("describes every API route in an OpenAPI 3.1 document whose schemas come from zod", async () => {
    const doc = (await (
      await openapi.loader({ request: new Request("http://localhost/api/v1/openapi.json"), params: {}, context: testContext(database.db) })
    ).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: { IngestRequest: { properties: Record<string, unknown> }; PermitInput: { required: string[] } } };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.schemas.IngestRequest.properties)).toEqual([
      "source",
      "mode",
      "assets",
      "power_readings",
      "confirm_mass_delete",
    ]);
    expect(doc.components.schemas.PermitInput.required).toContain("site_id");
    const routes = readdirSync("app/routes")
      .filter((f) => f.startsWith("api.v1.") && !f.includes("openapi"))
      .map(
        (f) =>
          "/" +
          f
            .replace(/^api\.v1\./, "")
            .replace(/\.ts$/, "")
            .replace(/\$(\w+)/g, "{$1}")
            .replace(/\./g, "/"),
      );
    expect(routes.sort()).toEqual(Object.keys(doc.paths).sort());
  });
});
