// Issue 14: `{"source":"demo-dcim","mode":"snapshot","assets":[]}` answered 200 `deleted: 2229`. A snapshot that would
// delete all of its source's live assets, or more than 20 % of them (from 10 on), is refused with 409 unless the
// request says `confirm_mass_delete: true`; nothing is written. The CSV import asks for a tick, NetBox for a flag.
import { count, eq, and, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { assets, auditLog, inventoryIngests, tenants } from "../../db/schema";
import { createApiToken } from "../../app/auth/api-tokens.server";
import { needsMassDeleteConfirmation } from "../../app/inventory/ingest-schema";
import { importNetbox } from "../../app/inventory/netbox/import.server";
import { readNetboxDir } from "../../app/inventory/netbox/netbox-source.server";
import * as inventory from "../../app/routes/api.v1.inventory";
import * as importPage from "../../app/routes/_app.inventory.import";
import { createTestDatabase, type TestDatabase } from "../db";
import { browserFor, createMember, createOrganization, createTenant, systemActor, testContext } from "../factories";

let database: TestDatabase;
let orgId: string;
let secret: string;
let email: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  email = (await createMember(database.db, orgId, "compliance_officer")).user.email;
  secret = (
    await withScope(database.db, { organizationId: orgId }, (tx) =>
      createApiToken(tx, { organizationId: orgId, actor: systemActor, name: "t", scopes: ["inventory:write"] }),
    )
  ).secret;
});
afterAll(() => database?.destroy());

const sites = (source: string, n: number, from = 0) => ({
  source,
  mode: "snapshot",
  assets: Array.from({ length: n }, (_, i) => ({ kind: "site", external_id: `s${from + i}`, name: `Site ${from + i}`, attributes: {} })),
});

async function post(body: unknown) {
  const request = new Request("http://localhost/api/v1/inventory", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}` },
    body: JSON.stringify(body),
  });
  return inventory.action({ request, params: {}, context: testContext(database.db) });
}

async function liveCount(source: string) {
  const [row] = await database.db
    .select({ n: count() })
    .from(assets)
    .where(and(eq(assets.organizationId, orgId), eq(assets.source, source), isNull(assets.deletedAt)));
  return row!.n;
}

async function writes() {
  const [i] = await database.db.select({ n: count() }).from(inventoryIngests);
  const [l] = await database.db.select({ n: count() }).from(auditLog);
  return { ingests: i!.n, audit: l!.n };
}

describe("a snapshot that would erase most of its source", () => {
  it("the rule: all of them always, more than 20 % from 10 live assets on", () => {
    expect(needsMassDeleteConfirmation(0, 0)).toBe(false);
    expect(needsMassDeleteConfirmation(0, 100)).toBe(false);
    expect(needsMassDeleteConfirmation(1, 1)).toBe(true);
    expect(needsMassDeleteConfirmation(5, 5)).toBe(true);
    expect(needsMassDeleteConfirmation(3, 5)).toBe(false);
    expect(needsMassDeleteConfirmation(2, 10)).toBe(false);
    expect(needsMassDeleteConfirmation(3, 10)).toBe(true);
    expect(needsMassDeleteConfirmation(2229, 2229)).toBe(true);
  });

  it("an empty snapshot answers 409 with the counts and writes nothing; confirmed, it deletes", async () => {
    expect((await post(sites("dcim", 12))).status).toBe(200);
    const before = await writes();
    const refused = await post({ source: "dcim", mode: "snapshot", assets: [] });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: { code: "mass_delete_unconfirmed", message: expect.stringContaining("12"), would_delete: 12, live: 12 },
    });
    expect(await writes()).toEqual(before);
    expect(await liveCount("dcim")).toBe(12);

    // More than 20 %: 3 of 12 refused; 2 of 12 (17 %) passes.
    const three = await post(sites("dcim", 9));
    expect(three.status).toBe(409);
    expect(await three.json()).toMatchObject({ error: { would_delete: 3, live: 12 } });
    expect(await liveCount("dcim")).toBe(12);
    const two = await post(sites("dcim", 10));
    expect(two.status).toBe(200);
    expect(await two.json()).toMatchObject({ deleted: 2 });

    const confirmed = await post({ source: "dcim", mode: "snapshot", assets: [], confirm_mass_delete: true });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ deleted: 10 });
    expect(await liveCount("dcim")).toBe(0);
  });

  it("a small source may shrink by a few but not vanish; upserts never delete", async () => {
    expect((await post(sites("small", 5))).status).toBe(200);
    expect((await post(sites("small", 3))).status).toBe(200);
    expect(await liveCount("small")).toBe(3);
    // Replacing every asset by new ones deletes all the live ones: refused too.
    const replaced = await post(sites("small", 3, 100));
    expect(replaced.status).toBe(409);
    expect(await replaced.json()).toMatchObject({ error: { code: "mass_delete_unconfirmed", would_delete: 3, live: 3 } });
    expect((await post({ source: "small", mode: "upsert", assets: [], confirm_mass_delete: false })).status).toBe(200);
    expect(await liveCount("small")).toBe(3);
  });

  it("the CSV import shows the count and needs the tick before it deletes", async () => {
    const browser = await browserFor(database.db, email);
    const cookie = browser.get("/").headers.get("Cookie")!;
    const csrf = (await browser.post("/x").formData()).get("csrf") as string;
    const send = async (fields: Record<string, string | File>) => {
      const body = new FormData();
      body.set("csrf", csrf);
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      const request = new Request("http://localhost/inventory/import", { method: "POST", headers: { Cookie: cookie }, body });
      const result = (await importPage.action({ request, params: {}, context: testContext(database.db) })) as unknown as {
        data: Record<string, unknown>;
        init: { status?: number } | null;
      };
      return { status: result.init?.status ?? 200, data: result.data };
    };
    const csv = (n: number) => "external_id,name\n" + Array.from({ length: n }, (_, i) => `c${i},Site ${i}`).join("\n") + "\n";
    const file = (n: number) => new File([csv(n)], "sites.csv", { type: "text/csv" });
    const first = await send({ intent: "preview", kind: "site", source: "csv-import", mode: "snapshot", file: file(10) });
    expect(first.data).toMatchObject({ stage: "preview", errors: [], review: { counts: { created: 10 } } });
    expect(first.data.massDelete).toBeUndefined();
    const done = await send({ intent: "confirm", payload: first.data.payload as string });
    expect(done.data).toMatchObject({ stage: "done", counts: { created: 10 } });

    const shrunk = await send({ intent: "preview", kind: "site", source: "csv-import", mode: "snapshot", file: file(1) });
    expect(shrunk.data).toMatchObject({
      stage: "preview",
      errors: [],
      review: { counts: { deleted: 9, unchanged: 1 } },
      massDelete: { wouldDelete: 9, live: 10, source: "csv-import", tickMissing: false },
    });
    const payload = shrunk.data.payload as string;
    expect(JSON.parse(payload)).not.toHaveProperty("confirm_mass_delete");
    // A payload that claims the confirmation is not the tick.
    const forged = JSON.stringify({ ...JSON.parse(payload), confirm_mass_delete: true });
    const unticked = await send({ intent: "confirm", payload: forged });
    expect(unticked.status).toBe(409);
    expect(unticked.data).toMatchObject({ stage: "preview", massDelete: { wouldDelete: 9, tickMissing: true } });
    expect(await liveCount("csv-import")).toBe(10);
    const ticked = await send({ intent: "confirm", payload, confirm_mass_delete: "yes" });
    expect(ticked.data).toMatchObject({ stage: "done", counts: { deleted: 9 } });
    expect(await liveCount("csv-import")).toBe(1);
  });

  it("the NetBox import deletes most of its source only when the operator asks", async () => {
    const org = (await createOrganization(database.db)).id;
    await createTenant(database.db, org);
    await database.db.update(tenants).set({ slug: "lumen-ai" }).where(eq(tenants.organizationId, org));
    const { data } = await readNetboxDir("tests/fixtures/netbox");
    const run = (d: typeof data, confirmMassDelete?: boolean) =>
      withScope(database.db, { organizationId: org }, (tx) =>
        importNetbox(tx, { organizationId: org, actor: systemActor, data: d, ...(confirmMassDelete ? { confirmMassDelete } : {}) }),
      ).catch((error: { report?: unknown }) => error.report as Awaited<ReturnType<typeof importNetbox>>);
    expect((await run(data)).outcome).toMatchObject({ ok: true, created: 14 });
    const emptied = Object.fromEntries(Object.keys(data).map((k) => [k, []])) as unknown as typeof data;
    expect((await run(emptied)).outcome).toMatchObject({ ok: false, massDelete: { wouldDelete: 14, live: 14 } });
    const [stillThere] = await database.db
      .select({ n: count() })
      .from(assets)
      .where(and(eq(assets.organizationId, org), isNull(assets.deletedAt)));
    expect(stillThere!.n).toBe(14);
    expect((await run(emptied, true)).outcome).toMatchObject({ ok: true, deleted: 14 });
  });
});
