import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../db/connection.server";
import type { ApiScope } from "../db/schema";
import { createApiToken, revokeApiToken } from "../app/auth/api-tokens.server";
import * as one from "../app/routes/api.v1.inventory.$assetId";
import * as history from "../app/routes/api.v1.inventory.$assetId.history";
import * as inventory from "../app/routes/api.v1.inventory";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, createTenant, systemActor, testContext } from "./factories";

let database: TestDatabase;
let orgA: string;
let orgB: string;
const tokens = { writeA: "", readA: "", writeB: "" };

async function token(organizationId: string, scopes: ApiScope[]) {
  return withScope(database.db, { organizationId }, (tx) =>
    createApiToken(tx, { organizationId, actor: systemActor, name: "test", scopes }),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  orgA = (await createOrganization(database.db)).id;
  orgB = (await createOrganization(database.db)).id;
  await createTenant(database.db, orgA, "Lumen");
  tokens.writeA = (await token(orgA, ["inventory:write", "inventory:read"])).secret;
  tokens.readA = (await token(orgA, ["inventory:read"])).secret;
  tokens.writeB = (await token(orgB, ["inventory:write", "inventory:read"])).secret;
});
afterAll(() => database?.destroy());

function call(
  handler: (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response>,
  request: Request,
  params: Record<string, string> = {},
) {
  return handler({ request, params, context: testContext(database.db) }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
}

function post(secret: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/v1/inventory", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(secret ? { Authorization: `Bearer ${secret}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const get = (secret: string, path: string) => new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${secret}` } });

const payload = {
  source: "netbox",
  mode: "snapshot",
  assets: [
    { kind: "site", external_id: "fra1", name: "Frankfurt", country: "DE", attributes: { contracted_capacity_mw: 12 } },
    { kind: "rack", external_id: "fra1-r1", name: "R1", parent: "fra1", attributes: {} },
    { kind: "device", external_id: "n1", name: "n1", parent: "fra1-r1", attributes: { role: "gpu_node", gpu_count: 8 } },
  ],
};

describe("POST /api/v1/inventory", () => {
  it("requires a token with the write scope", async () => {
    expect((await call(inventory.action, post(undefined, payload))).status).toBe(401);
    expect((await call(inventory.action, post("att_forged", payload))).status).toBe(401);
    const forbidden = await call(inventory.action, post(tokens.readA, payload));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("ingests, answers the counts and an ingest id, and changes nothing the second time", async () => {
    const first = await call(inventory.action, post(tokens.writeA, payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0, deleted: 0, ingest_id: expect.any(String) });
    const second = await call(inventory.action, post(tokens.writeA, payload));
    expect(await second.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, deleted: 0 });
  });

  it("answers 422 with errors by index and field, writing nothing", async () => {
    const bad = {
      ...payload,
      assets: [
        ...payload.assets,
        { kind: "device", external_id: "n2", name: "n2", parent: "fra1-r1", attributes: { role: "gpu_node", gpu_count: -1 } },
      ],
    };
    const response = await call(inventory.action, post(tokens.writeA, bad));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { details: { index: number; path: string }[] } };
    expect(body.error.details).toEqual([expect.objectContaining({ index: 3, path: "assets[3].attributes.gpu_count" })]);
    const list = (await (await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?kind=device"))).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(1);
  });

  it("answers the same code and status in every language, with the message in the language of Accept-Language", async () => {
    const bad = {
      ...payload,
      assets: [
        { kind: "spaceship", external_id: "x", name: "X" },
        { ...payload.assets[0], extra: 1 },
      ],
    };
    type Answer = { error: { code: string; message: string; details: { index?: number; path: string; message: string }[] } };
    const ask = async (headers: Record<string, string>) => {
      const response = await call(inventory.action, post(tokens.writeA, bad, headers));
      return { status: response.status, language: response.headers.get("Content-Language"), body: (await response.json()) as Answer };
    };
    const english = await ask({});
    const french = await ask({ "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5" });
    expect([english.status, french.status]).toEqual([422, 422]);
    expect([english.body.error.code, french.body.error.code]).toEqual(["invalid_inventory", "invalid_inventory"]);
    expect([english.language, french.language]).toEqual(["en", "fr"]);
    expect(english.body.error).toMatchObject({
      message: "Nothing was written: fix these assets.",
      details: [
        { index: 0, path: "assets[0].kind", message: "Choose one of the allowed values." },
        { index: 1, path: "assets[1]", message: "This field is not expected here: extra." },
      ],
    });
    expect(french.body.error).toMatchObject({
      message: "Rien n’a été écrit : corrigez ces actifs.",
      details: [
        { index: 0, path: "assets[0].kind", message: "Choisissez l’une des valeurs autorisées." },
        { index: 1, path: "assets[1]", message: "Ce champ n’est pas attendu ici : extra." },
      ],
    });
    // A language Attest does not speak answers English; the refusals before the body is read follow the header too.
    expect((await ask({ "Accept-Language": "de" })).body.error.message).toBe("Nothing was written: fix these assets.");
    const unauthorized = await call(inventory.action, post(undefined, payload, { "Accept-Language": "fr" }));
    expect(await unauthorized.json()).toEqual({
      error: { code: "unauthorized", message: "Un jeton d’API valide est requis : Authorization: Bearer att_…" },
    });
    const broken = await call(inventory.action, post(tokens.writeA, "{", { "Accept-Language": "fr" }));
    expect(await broken.json()).toEqual({ error: { code: "invalid_json", message: "Le corps de la requête n’est pas du JSON valide." } });
  });

  it("answers 413 past 50,000 assets or past the body limit, 400 for broken JSON, 415 for another type", async () => {
    const tooMany = { source: "x", mode: "upsert", assets: Array.from({ length: 50_001 }, () => ({})) };
    expect((await call(inventory.action, post(tokens.writeA, tooMany))).status).toBe(413);
    expect((await call(inventory.action, post(tokens.writeA, payload, { "Content-Length": String(200 * 1024 * 1024) }))).status).toBe(413);
    expect((await call(inventory.action, post(tokens.writeA, "{not json"))).status).toBe(400);
    expect((await call(inventory.action, post(tokens.writeA, payload, { "Content-Type": "text/plain" }))).status).toBe(415);
  });

  it("keeps a token inside its own organisation", async () => {
    const response = await call(inventory.action, post(tokens.writeB, { ...payload, mode: "upsert" }));
    expect(await response.json()).toMatchObject({ created: 3 });
    const a = (await (await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?limit=1000"))).json()) as {
      data: { id: string }[];
    };
    const b = (await (await call(inventory.loader, get(tokens.writeB, "/api/v1/inventory?limit=1000"))).json()) as {
      data: { id: string }[];
    };
    expect(a.data).toHaveLength(3);
    expect(b.data).toHaveLength(3);
    expect(a.data.some((x) => b.data.some((y) => y.id === x.id))).toBe(false);
    const foreign = await call(one.loader, get(tokens.writeB, `/api/v1/inventory/${a.data[0]!.id}`), { assetId: a.data[0]!.id });
    expect(foreign.status).toBe(404);
  });

  it("stops accepting a revoked token", async () => {
    const { id, secret } = await token(orgA, ["inventory:read"]);
    expect((await call(inventory.loader, get(secret, "/api/v1/inventory"))).status).toBe(200);
    await withScope(database.db, { organizationId: orgA }, (tx) =>
      revokeApiToken(tx, { organizationId: orgA, actor: systemActor, tokenId: id }),
    );
    expect((await call(inventory.loader, get(secret, "/api/v1/inventory"))).status).toBe(401);
  });
});

describe("GET /api/v1/inventory", () => {
  it("filters, and pages with a cursor until the end", async () => {
    const first = (await (await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?limit=2"))).json()) as {
      data: { id: string }[];
      next_cursor: string | null;
    };
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await (
      await call(inventory.loader, get(tokens.readA, `/api/v1/inventory?limit=2&cursor=${first.next_cursor}`))
    ).json()) as {
      data: { id: string }[];
      next_cursor: string | null;
    };
    expect(second.data).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    const bySite = (await (await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?site=fra1&country=DE"))).json()) as {
      data: { external_id: string }[];
    };
    expect(bySite.data.map((a) => a.external_id).sort()).toEqual(["fra1", "fra1-r1", "n1"]);
    const unknown = await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?tenant=nope"));
    expect(unknown.status).toBe(400);
    const badKind = await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?kind=spaceship"));
    expect(badKind.status).toBe(400);
  });

  it("shows one asset now, as of an instant, and its history", async () => {
    const list = (await (await call(inventory.loader, get(tokens.readA, "/api/v1/inventory?kind=site"))).json()) as {
      data: { id: string }[];
    };
    const id = list.data[0]!.id;
    const now = (await (await call(one.loader, get(tokens.readA, `/api/v1/inventory/${id}`), { assetId: id })).json()) as {
      data: { name: string };
    };
    expect(now.data.name).toBe("Frankfurt");
    const before = await call(one.loader, get(tokens.readA, `/api/v1/inventory/${id}?as_of=2000-01-01T00:00:00Z`), { assetId: id });
    expect(before.status).toBe(404);
    const versions = (await (await call(history.loader, get(tokens.readA, `/api/v1/inventory/${id}/history`), { assetId: id })).json()) as {
      data: { version: number; valid_to: string | null }[];
    };
    expect(versions.data).toEqual([expect.objectContaining({ version: 1, valid_to: null })]);
  });
});
