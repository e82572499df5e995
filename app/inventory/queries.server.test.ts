import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, systemActor } from "../../tests/factories";
import { BrowseQuery } from "./browse-query";
import { IngestRequest } from "./ingest-schema";
import { ingestInventory } from "./ingest.server";
import { listAssets, pageAssetsAsOf, type AssetFilters } from "./queries.server";
import * as clock from "../config/clock";

let database: TestDatabase;
let orgId: string;

const node = (n: number, attributes: Record<string, unknown>) => ({
  kind: "device",
  external_id: `node-${n}`,
  name: `gpu-node-${n}`,
  parent: "rack",
  attributes: { role: "gpu_node", ...attributes },
});

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  await withScope(database.db, { organizationId: orgId }, (tx) =>
    ingestInventory(tx, {
      organizationId: orgId,
      actor: systemActor,
      request: IngestRequest.parse({
        source: "t",
        mode: "upsert",
        assets: [
          { kind: "site", external_id: "site", name: "Site", country: "FR", attributes: {} },
          { kind: "rack", external_id: "rack", name: "Rack A", parent: "site", attributes: {} },
          node(1, { vendor: "NVIDIA", model: "DGX B200", serial: "SN-PAR1-000417", gpu_model: "B200" }),
          node(2, { vendor: "Supermicro", model: "SYS-821GE", serial: "SN-PAR1-000418", gpu_model: "H100" }),
          node(3, { vendor: "Supermicro", model: "SYS-821GE", serial: "XK-99", gpu_model: "H100" }),
        ],
      }),
    }),
  );
});
afterAll(() => database?.destroy());

const names = async (filters: AssetFilters, sort = BrowseQuery.parse({}).sort) =>
  (
    await withScope(database.db, { organizationId: orgId }, (tx) =>
      listAssets(tx, { organizationId: orgId, filters, sort, page: 1, pageSize: 25 }),
    )
  ).assets.map((a) => a.name);

describe("inventory search", () => {
  it("finds a device by part of its serial number, whatever the case", async () => {
    expect(await names({ q: "par1-000417" })).toEqual(["gpu-node-1"]);
    expect(await names({ q: "SN-PAR1" })).toEqual(["gpu-node-1", "gpu-node-2"]);
  });

  it("finds devices by GPU model, vendor and model, as well as by name and external id", async () => {
    expect(await names({ q: "h100" })).toEqual(["gpu-node-2", "gpu-node-3"]);
    expect(await names({ q: "nvidia" })).toEqual(["gpu-node-1"]);
    expect(await names({ q: "821GE" })).toEqual(["gpu-node-2", "gpu-node-3"]);
    expect(await names({ q: "rack a" })).toEqual(["Rack A"]);
    expect(await names({ q: "node-3" })).toEqual(["gpu-node-3"]);
  });

  it("takes the user's % and _ literally", async () => {
    expect(await names({ q: "%" })).toEqual([]);
    expect(await names({ q: "SN_PAR1" })).toEqual([]);
  });

  it("searches the attributes of the inventory as it was, too", async () => {
    const past = await withScope(database.db, { organizationId: orgId }, (tx) =>
      pageAssetsAsOf(tx, { organizationId: orgId, asOf: clock.now(), filters: { q: "b200" }, page: 1, pageSize: 25 }),
    );
    expect(past.rows.map((r) => r.name)).toEqual(["gpu-node-1"]);
  });
});

describe("inventory order", () => {
  it("sorts the whole set by name, both ways, from the URL's sort", async () => {
    // Lower-case names only: PGlite (C) and a Postgres server (its locale) place capitals differently.
    expect(await names({ q: "gpu-node" }, BrowseQuery.parse({ sort: "name" }).sort)).toEqual(["gpu-node-1", "gpu-node-2", "gpu-node-3"]);
    expect(await names({ q: "gpu-node" }, BrowseQuery.parse({ sort: "-name" }).sort)).toEqual(["gpu-node-3", "gpu-node-2", "gpu-node-1"]);
    expect(await names({}, BrowseQuery.parse({ sort: "-name" }).sort)).toEqual((await names({})).reverse());
  });

  it("opens an old `sort=name&dir=desc` link in the same order as `sort=-name`", () => {
    expect(BrowseQuery.parse({ sort: "name", dir: "desc" }).sort).toEqual({ column: "name", direction: "desc" });
    expect(BrowseQuery.parse({ sort: "kind", dir: "asc" }).sort).toEqual({ column: "kind", direction: "asc" });
    expect(BrowseQuery.parse({ sort: "-kind", dir: "desc" }).sort).toEqual({ column: "kind", direction: "desc" });
    expect(BrowseQuery.parse({ sort: "password" }).sort).toEqual({ column: "name", direction: "asc" });
  });
});
