// Issue 14: attributes nested 10,000 deep overflowed the stack while hashing, and a lone surrogate "\ud800" in a name
// made Postgres refuse the JSON (500). Both now answer 422 naming the path, with nothing written; attribute values
// also have a nesting depth and a serialised size.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { assets, auditLog } from "../../db/schema";
import { createApiToken } from "../../app/auth/api-tokens.server";
import { MAX_ATTRIBUTE_BYTES, MAX_ATTRIBUTE_DEPTH } from "../../app/inventory/ingest-schema";
import * as inventory from "../../app/routes/api.v1.inventory";
import { createTestDatabase, type TestDatabase } from "../db";
import { createOrganization, systemActor, testContext } from "../factories";

let database: TestDatabase;
let secret: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const orgId = (await createOrganization(database.db)).id;
  secret = (
    await withScope(database.db, { organizationId: orgId }, (tx) =>
      createApiToken(tx, { organizationId: orgId, actor: systemActor, name: "t", scopes: ["inventory:write"] }),
    )
  ).secret;
});
afterAll(() => database?.destroy());

/** Posts a raw JSON text (JSON.stringify writes a lone surrogate as the escape \ud800, which JSON.parse restores). */
async function post(site: Record<string, unknown>, rawAttributes?: string) {
  let body = JSON.stringify({ source: "dcim", mode: "upsert", assets: [{ kind: "site", external_id: "s1", name: "S1", ...site }] });
  // A value too deep for JSON.stringify itself is written as text.
  if (rawAttributes) body = body.replace('"attributes":"RAW"', `"attributes":${rawAttributes}`);
  const request = new Request("http://localhost/api/v1/inventory", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}` },
    body,
  });
  const response = await inventory.action({ request, params: {}, context: testContext(database.db) });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { details?: { index?: number; path: string; message: string }[] } },
  };
}

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

async function totals() {
  const [a] = await database.db.select({ n: count() }).from(assets);
  const [l] = await database.db.select({ n: count() }).from(auditLog);
  return { assets: a!.n, audit: l!.n };
}

describe("ingestion refuses values nothing downstream can take", () => {
  it("attributes nested 10,000 deep: 422 naming the attribute, nothing written", async () => {
    const before = await totals();
    const deep = '{"a":'.repeat(10_000) + '"bottom"' + "}".repeat(10_000);
    const answer = await post({ attributes: "RAW" }, `{"deep":${deep}}`);
    expect(answer.status).toBe(422);
    const [detail] = answer.body.error!.details!;
    expect(detail).toMatchObject({ index: 0, message: expect.stringContaining(`is nested more than ${MAX_ATTRIBUTE_DEPTH} levels deep`) });
    expect(detail!.path).toBe(`assets[0].attributes.deep${".a".repeat(MAX_ATTRIBUTE_DEPTH)}`);
    expect(await totals()).toEqual(before);
  });

  it("nesting up to the limit passes; one level more does not", async () => {
    expect((await post({ attributes: { deep: nested(MAX_ATTRIBUTE_DEPTH) } })).status).toBe(200);
    expect((await post({ attributes: { deep: nested(MAX_ATTRIBUTE_DEPTH + 1) } })).status).toBe(422);
    expect((await post({ attributes: { list: [[[[1]]]], deep: nested(MAX_ATTRIBUTE_DEPTH - 1) } })).status).toBe(200);
  });

  it("a lone surrogate anywhere (name, tags, an attribute's value or key) or a NUL: 422 naming the path", async () => {
    const before = await totals();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "Paris \ud800" }, "assets[0].name"],
      [{ name: "\udc00 low" }, "assets[0].name"],
      [{ owner: "ops\u0000" }, "assets[0].owner"],
      [{ tags: ["ok", "bad\ud800"] }, "assets[0].tags.1"],
      [{ attributes: { address: "1 rue \ud83d" } }, "assets[0].attributes.address"],
      [{ attributes: { custom: { list: ["fine", { x: "\ud800" }] } } }, "assets[0].attributes.custom.list.1.x"],
      [{ attributes: { custom: { "k\ud800": 1 } } }, "assets[0].attributes.custom.k\ud800"],
      [{ attributes: { "\ud800": 1 } }, "assets[0].attributes.\ud800"],
      [{ external_id: "s\ud800" }, "assets[0].external_id"],
    ];
    for (const [site, path] of cases) {
      const answer = await post(site);
      expect(answer.status, path).toBe(422);
      expect(answer.body.error!.details!.map((d) => d.path)).toContain(path);
    }
    expect(await totals()).toEqual(before);
    // A well-formed pair (an emoji) is text like any other.
    expect((await post({ name: "Paris 🇫🇷", attributes: { note: "😀" } })).status).toBe(200);
  });

  it("an attribute value larger than 64 KB once serialised: 422", async () => {
    const answer = await post({ attributes: { blob: "x".repeat(MAX_ATTRIBUTE_BYTES + 1) } });
    expect(answer.status).toBe(422);
    expect(answer.body.error!.details![0]).toMatchObject({
      path: "assets[0].attributes.blob",
      message: expect.stringContaining("at most 65,536"),
    });
    expect((await post({ attributes: { blob: "x".repeat(MAX_ATTRIBUTE_BYTES - 100) } })).status).toBe(200);
  });
});
