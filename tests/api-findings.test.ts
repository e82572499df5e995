import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import { assets, organizations, permits } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { createApiToken } from "../app/auth/api-tokens.server";
import { findingsHere } from "../app/policy-engine/findings.server";
import { processOrganization } from "../app/policy-engine/runs.server";
import * as findingApi from "../app/routes/api.v1.findings.$findingId";
import * as findingsApi from "../app/routes/api.v1.findings";
import * as runApi from "../app/routes/api.v1.runs.$runId";
import * as runsApi from "../app/routes/api.v1.runs";
import { createOrganization, systemActor, testContext } from "./factories";
import { createTestDatabase, type TestDatabase } from "./db";

let database: TestDatabase;
let helios = "";
const tokens = { read: "", run: "", other: "", inventoryOnly: "" };

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response> | Response;
async function call(handler: Handler, path: string, secret: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${secret}`, ...(init.headers ?? {}) },
  });
  try {
    return await handler({ request, params, context: testContext(database.db) });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const json = async <T>(response: Response) => (await response.json()) as T;
type Page = {
  data: { id: string; severity: string; tenant: string | null; policy_id: string; status: string; resource: { id: string } }[];
  next_cursor: string | null;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const other = (await createOrganization(database.db)).id;
  const make = (organizationId: string, scopes: Parameters<typeof createApiToken>[1]["scopes"]) =>
    withScope(database.db, { organizationId }, (tx) => createApiToken(tx, { organizationId, actor: systemActor, name: "t", scopes }));
  tokens.read = (await make(helios, ["findings:read"])).secret;
  tokens.run = (await make(helios, ["findings:read", "runs:write"])).secret;
  tokens.other = (await make(other, ["findings:read"])).secret;
  tokens.inventoryOnly = (await make(helios, ["inventory:read"])).secret;
});
afterAll(() => database?.destroy());

describe("findings API", () => {
  it("lists the demo's findings with filters and walks every page by cursor without repeats", async () => {
    const critical = await json<Page>(await call(findingsApi.loader, "/api/v1/findings?severity=critical", tokens.read));
    expect(critical.data.length).toBeGreaterThan(0);
    expect(critical.data.every((f) => f.severity === "critical")).toBe(true);
    const lumen = await json<Page>(await call(findingsApi.loader, "/api/v1/findings?tenant=lumen-ai", tokens.read));
    expect(lumen.data.length).toBeGreaterThan(0);
    expect(lumen.data.every((f) => f.tenant === "lumen-ai")).toBe(true);
    const gdpr = await json<Page>(await call(findingsApi.loader, "/api/v1/findings?framework=gdpr", tokens.read));
    expect(gdpr.data.some((f) => f.policy_id === "gdpr.residency.replica-outside-allowed")).toBe(true);
    expect(gdpr.data.every((f) => f.policy_id.startsWith("gdpr.") || f.policy_id.startsWith("iso27001.a8"))).toBe(true);

    const all = await json<Page>(await call(findingsApi.loader, "/api/v1/findings?limit=500", tokens.read));
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: Page = await json<Page>(
        await call(findingsApi.loader, `/api/v1/findings?limit=4${cursor ? `&cursor=${cursor}` : ""}`, tokens.read),
      );
      seen.push(...page.data.map((f) => f.id));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(all.data.map((f) => f.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("answers one finding with its history, 404 for another organisation's or a malformed id", async () => {
    const [first] = (await json<Page>(await call(findingsApi.loader, "/api/v1/findings?limit=1", tokens.read))).data;
    const one = await json<{ data: { id: string; history: { kind: string }[] } }>(
      await call(findingApi.loader, `/api/v1/findings/${first!.id}`, tokens.read, {}, { findingId: first!.id }),
    );
    expect(one.data.id).toBe(first!.id);
    expect(one.data.history.map((h) => h.kind)).toContain("opened");
    expect((await call(findingApi.loader, `/api/v1/findings/${first!.id}`, tokens.other, {}, { findingId: first!.id })).status).toBe(404);
    expect((await call(findingApi.loader, "/api/v1/findings/nope", tokens.read, {}, { findingId: "nope" })).status).toBe(404);
    const otherList = await json<Page>(await call(findingsApi.loader, "/api/v1/findings", tokens.other));
    expect(otherList.data).toEqual([]);
  });

  it("filters by site: the findings on the site, on everything in it (by parent, at any depth) and on its permits", async () => {
    const { assetsRows, permitRows } = await withScope(database.db, { organizationId: helios }, async (tx) => ({
      assetsRows: await tx.select({ id: assets.id, kind: assets.kind, parentId: assets.parentId }).from(assets),
      permitRows: await tx.select({ id: permits.id, siteId: permits.siteId }).from(permits),
    }));
    const parentOf = new Map(assetsRows.map((a) => [a.id, a.parentId]));
    const siteOf = (id: string): string | null => {
      for (let at: string | null | undefined = id; at; at = parentOf.get(at)) {
        if (assetsRows.find((a) => a.id === at)?.kind === "site") return at;
      }
      return permitRows.find((p) => p.id === id)?.siteId ?? null;
    };
    const all = await json<Page>(await call(findingsApi.loader, "/api/v1/findings?limit=500", tokens.read));
    const sites = assetsRows.filter((a) => a.kind === "site");
    expect(sites.length).toBeGreaterThan(1);
    let located = 0;
    for (const site of sites) {
      const page = await json<Page>(await call(findingsApi.loader, `/api/v1/findings?site=${site.id}&limit=500`, tokens.read));
      const expected = all.data.filter((f) => siteOf(f.resource.id) === site.id).map((f) => f.id);
      expect(page.data.map((f) => f.id).sort()).toEqual(expected.sort());
      located += expected.length;
    }
    // Some findings are on the site's assets (not only on tenants or agreements), so the filter is exercised.
    expect(located).toBeGreaterThan(0);
    // Any asset's page lists what is wrong on it and under it: a hall, by the same rule.
    const under = (id: string, ancestor: string) => {
      for (let at: string | null | undefined = id; at; at = parentOf.get(at)) if (at === ancestor) return true;
      return false;
    };
    const hall = assetsRows.find((a) => a.kind === "hall" && all.data.some((f) => under(f.resource.id, a.id)))!;
    const here = await withScope(database.db, { organizationId: helios }, (tx) =>
      findingsHere(tx, { organizationId: helios, assetId: hall.id }),
    );
    expect(here.total).toBe(all.data.filter((f) => under(f.resource.id, hall.id)).length);
    expect(here.findings.every((f) => f.policyTitle !== null)).toBe(true);
    const unknown = await call(findingsApi.loader, `/api/v1/findings?site=${assetsRows.find((a) => a.kind === "rack")!.id}`, tokens.read);
    expect(unknown.status).toBe(400);
    expect((await call(findingsApi.loader, "/api/v1/findings?site=not-a-uuid", tokens.read)).status).toBe(400);
  });

  it("refuses bad queries by name and tokens without the scope", async () => {
    const bad = await call(findingsApi.loader, "/api/v1/findings?severity=urgent&limit=0", tokens.read);
    expect(bad.status).toBe(400);
    const details = (await json<{ error: { details: { path: string }[] } }>(bad)).error.details.map((d) => d.path).sort();
    expect(details).toEqual(["limit", "severity"]);
    expect((await call(findingsApi.loader, "/api/v1/findings?cursor=garbage", tokens.read)).status).toBe(400);
    expect((await call(findingsApi.loader, "/api/v1/findings?tenant=nobody", tokens.read)).status).toBe(400);
    expect((await call(findingsApi.loader, "/api/v1/findings", tokens.inventoryOnly)).status).toBe(403);
  });

  it("starts a run that a worker completes, and reads it back", async () => {
    expect((await call(runsApi.action, "/api/v1/runs", tokens.read, { method: "POST" })).status).toBe(403);
    const started = await call(runsApi.action, "/api/v1/runs", tokens.run, { method: "POST" });
    expect(started.status).toBe(202);
    const { data: run } = await json<{ data: { id: string; status: string; trigger: string } }>(started);
    expect(run).toMatchObject({ status: "queued", trigger: "api" });
    const again = await json<{ data: { id: string } }>(await call(runsApi.action, "/api/v1/runs", tokens.run, { method: "POST" }));
    expect(again.data.id).toBe(run.id);
    await processOrganization(database.db, helios);
    const done = await json<{ data: { status: string; counts: { checks: number }; policy_set_hash: string } }>(
      await call(runApi.loader, `/api/v1/runs/${run.id}`, tokens.read, {}, { runId: run.id }),
    );
    expect(done.data.status).toBe("completed");
    expect(done.data.counts.checks).toBeGreaterThan(2000);
    expect(done.data.policy_set_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(runApi.loader, `/api/v1/runs/${run.id}`, tokens.other, {}, { runId: run.id })).status).toBe(404);
  });
});
