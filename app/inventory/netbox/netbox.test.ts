import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../../db/connection.server";
import { assets, tenants } from "../../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../../tests/factories";
import { importNetbox, NetboxImportRefused } from "./import.server";
import { deviceRole, mapNetbox } from "./netbox";
import { fetchNetbox, readNetboxDir } from "./netbox-source.server";

const FIXTURES = path.resolve("tests/fixtures/netbox");

describe("NetBox mapping", () => {
  it("maps sites, locations, racks, devices and feeds, with countries from the region tree or the address", async () => {
    const { data, files } = await readNetboxDir(FIXTURES);
    expect(files).toBe(9);
    expect(data.devices).toHaveLength(5);
    const { assets: items, tenants: toCreate, warnings } = mapNetbox(data, new Set(["lumen-ai"]));
    const byId = new Map(items.map((a) => [a.external_id, a]));
    expect(byId.get("site-1")).toMatchObject({
      kind: "site",
      name: "PAR-NB1",
      country: "FR",
      attributes: { contracted_capacity_mw: 40, tier: "III", coordinates: { lat: 48.7077, lon: 2.1636 } },
    });
    expect(byId.get("site-2")).toMatchObject({
      country: "DE",
      attributes: { address: "Hanauer Landstraße 300, 60314 Frankfurt am Main, Germany" },
    });
    // A nested location (a cage in a hall) hangs on its site: Attest's halls sit directly in sites.
    expect(byId.get("location-6")).toMatchObject({ kind: "hall", parent: "site-1", tenant: "lumen-ai" });
    expect(byId.get("rack-20")).toMatchObject({ parent: "location-6", attributes: { units: 48, power_budget_kw: 80, redundancy: "2N" } });
    expect(byId.get("rack-22")).toMatchObject({ parent: "site-2", tenant: "orbital-render" });
    expect(byId.get("device-100")).toMatchObject({
      parent: "rack-20",
      attributes: { role: "gpu_node", vendor: "Supermicro", gpu_count: 8, gpu_model: "H100 SXM" },
    });
    expect(byId.get("device-103")?.attributes.role).toBe("server");
    expect(byId.get("device-104")).toMatchObject({ name: "PX4 #104", attributes: { role: "pdu" } });
    expect(byId.has("device-102")).toBe(false);
    expect(byId.get("powerfeed-40")).toMatchObject({ parent: "site-1", attributes: { capacity_kw: 1773.6, voltage_v: 400 } });
    expect(byId.get("powerfeed-41")).toMatchObject({ parent: "rack-20" });
    expect(toCreate).toEqual([{ slug: "orbital-render", name: "Orbital Render", country: null }]);
    expect(warnings).toEqual([expect.stringContaining('device patch-a01: role "Patch panel"')]);
  });

  it("skips objects without the fields it needs, and never fails on fields it does not know", () => {
    const mapping = mapNetbox(
      {
        regions: [],
        tenants: [],
        sites: [{ id: 9, name: "X", slug: "x", brand_new_field: { nested: true } }, { name: "no id" }],
        locations: [],
        racks: [],
        devices: [],
        "power-panels": [],
        "power-feeds": [],
      },
      new Set(),
    );
    expect(mapping.assets.map((a) => a.external_id)).toEqual(["site-9"]);
    expect(mapping.warnings).toEqual([expect.stringContaining("site #2 skipped"), expect.stringContaining("site X: no country found")]);
  });

  it("recognises device roles by slug or name", () => {
    expect(deviceRole({ slug: "spine" })).toBe("switch");
    expect(deviceRole({ name: "HGX H200 node" })).toBe("gpu_node");
    expect(deviceRole({ slug: "fw-edge", name: "Edge firewall" })).toBe("firewall");
    expect(deviceRole({ slug: "cable-manager" })).toBeNull();
  });
});

describe("NetBox import", () => {
  let database: TestDatabase;
  let orgId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    orgId = (await createOrganization(database.db)).id;
    await createTenant(database.db, orgId);
    await database.db.update(tenants).set({ slug: "lumen-ai" }).where(eq(tenants.organizationId, orgId));
  });
  afterAll(() => database?.destroy());

  const run = (data: Awaited<ReturnType<typeof readNetboxDir>>["data"]) =>
    withScope(database.db, { organizationId: orgId }, (tx) => importNetbox(tx, { organizationId: orgId, actor: systemActor, data }));

  it("creates the missing tenants, imports through the ingestion path, and changes nothing the second time", async () => {
    const { data } = await readNetboxDir(FIXTURES);
    const first = await run(data);
    expect(first.createdTenants).toEqual(["orbital-render"]);
    expect(first.outcome).toMatchObject({ ok: true, created: 14 });
    const [device] = await database.db.select().from(assets).where(eq(assets.externalId, "device-103"));
    expect(device).toMatchObject({ source: "netbox", effectiveCountry: "DE" });
    const second = await run(data);
    expect(second.outcome).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 14 });
    const withoutOne = { ...data, devices: data.devices.filter((d) => (d as { id: number }).id !== 100) };
    expect((await run(withoutOne)).outcome).toMatchObject({ ok: true, deleted: 1, unchanged: 13 });
  });

  it("rolls back the tenants it created when the inventory is refused", async () => {
    const { data } = await readNetboxDir(FIXTURES);
    const broken = {
      ...data,
      tenants: [...data.tenants, { id: 99, name: "Ghost", slug: "ghost" }],
      racks: [...data.racks, { id: 29, name: "G1", site: { id: 1 }, tenant: { id: 99, slug: "ghost" }, u_height: -5 }],
    };
    await expect(run(broken)).rejects.toBeInstanceOf(NetboxImportRefused);
    const ghosts = await database.db.select().from(tenants).where(eq(tenants.slug, "ghost"));
    expect(ghosts).toHaveLength(0);
  });

  it("reads a live NetBox API page by page, with its token", async () => {
    const seen: string[] = [];
    const server = createServer(async (req, res) => {
      seen.push(`${req.headers.authorization} ${req.url}`);
      const url = new URL(req.url!, "http://x");
      const endpoint = url.pathname.replace(/^\/api\/(dcim|tenancy)\//, "").replace(/\/$/, "");
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (endpoint === "devices") {
        const second = url.searchParams.get("offset") === "3";
        const page = JSON.parse(await readFile(path.join(FIXTURES, second ? "devices-page2.json" : "devices-page1.json"), "utf8"));
        page.next = second ? null : `${base}/api/dcim/devices/?limit=3&offset=3`;
        res.end(JSON.stringify(page));
        return;
      }
      try {
        res.end(await readFile(path.join(FIXTURES, `${endpoint}.json`), "utf8"));
      } catch {
        res.statusCode = 404;
        res.end("{}");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { data, requests } = await fetchNetbox(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, "nb-secret");
      expect(requests).toBe(9);
      expect(data.devices).toHaveLength(5);
      expect(data.sites).toHaveLength(2);
      expect(seen.every((line) => line.startsWith("Token nb-secret "))).toBe(true);
    } finally {
      server.close();
    }
  });
});
