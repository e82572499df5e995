import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../../db/connection.server";
import { assets, tenants } from "../../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../../tests/factories";
import { runOperationOn } from "../../cli/operations.server";
import { translator } from "../../i18n/i18n";
import { messageText } from "../../i18n/keys";
import { importCsv } from "../csv-import.server";
import { importNetbox, NetboxImportRefused } from "./import.server";
import { reportLines } from "./report";
import { deviceRole, mapNetbox } from "./netbox";
import { fetchNetbox, readNetboxDir } from "./netbox-source.server";

const FIXTURES = path.resolve("tests/fixtures/netbox");

describe("NetBox mapping", () => {
  it("maps sites, locations, racks, devices and feeds, with countries from the region tree or the address", async () => {
    const { data, files } = await readNetboxDir(FIXTURES);
    expect(files).toBe(9);
    expect(data.devices).toHaveLength(5);
    const { assets: items, tenants: toCreate, warnings } = mapNetbox(data, new Set(["lumen-ai"]));
    const byId = new Map(items.map((a) => [a.item.external_id, a.item]));
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
    expect(mapping.assets.map((a) => a.item.external_id)).toEqual(["site-9"]);
    expect(mapping.warnings).toEqual([expect.stringContaining("site #2 skipped"), expect.stringContaining("site X: no country found")]);
    // The command line's English comes from the catalogue, not from zod.
    expect(mapping.warnings[0]).toBe("site #2 skipped: id: This field is required.");
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
    const refused = await run(broken).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NetboxImportRefused);
    // Each refused object's problem is a key with the field it is about: French for a page, English for the command line.
    const { outcome } = (refused as NetboxImportRefused).report;
    const errors = outcome.ok ? [] : outcome.errors;
    expect(errors.map((e) => [e.path, e.code, e.params?.field])).toEqual([
      [expect.stringMatching(/^assets\[\d+\]\.attributes\.units$/), "validation.moreThan", "units"],
    ]);
    expect(messageText(translator("fr"), errors[0]!.code, errors[0]!.params)).toBe("Saisissez un nombre strictement supérieur à 0.");
    expect(reportLines((refused as NetboxImportRefused).report, false).err).toContain(
      `error: ${errors[0]!.path}: Enter a number greater than 0.`,
    );
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

describe("NetBox updates: what NetBox does not say is kept, what it returns empty is cleared", () => {
  let database: TestDatabase;
  let org: { id: string; slug: string };
  beforeAll(async () => {
    database = await createTestDatabase();
    org = await createOrganization(database.db);
    const tenant = await createTenant(database.db, org.id);
    await database.db.update(tenants).set({ slug: "lumen-ai" }).where(eq(tenants.id, tenant.id));
  });
  afterAll(() => database?.destroy());

  const device100 = async () => {
    const [row] = await database.db
      .select()
      .from(assets)
      .where(and(eq(assets.organizationId, org.id), eq(assets.externalId, "device-100")));
    return row!;
  };
  /** The fixtures with device 100 as a later NetBox answers it: serial emptied, tenant removed, no gpu_count field. */
  async function edited() {
    const { data } = await readNetboxDir(FIXTURES);
    const devices = data.devices.map((d) => {
      const device = d as { id: number; custom_fields: Record<string, unknown> };
      if (device.id !== 100) return d;
      const { gpu_count: _absent, ...customFields } = device.custom_fields;
      return { ...device, serial: "", tenant: null, custom_fields: customFields };
    });
    return { ...data, devices };
  }

  it("maps an absent field to nothing and an empty one to a clear", async () => {
    const mapping = mapNetbox(await edited(), new Set(["lumen-ai"]));
    const patch = mapping.assets.find((a) => a.item.external_id === "device-100")!;
    expect(patch.clear).toEqual(["tenant", "attributes.serial"]);
    expect(patch.item).not.toHaveProperty("tenant");
    expect(patch.item.attributes).not.toHaveProperty("gpu_count");
    expect(patch.item.attributes).toMatchObject({ gpu_model: "H100 SXM", power_draw_kw: 10.2 });
  });

  it("dry-runs with each change and each clear, writes nothing, then imports keeping the owner set in Attest", async () => {
    const { data } = await readNetboxDir(FIXTURES);
    expect(await runOperationOn(database.db, "netbox.import", { org: org.slug, data })).toMatchObject({ written: true });
    // An owner NetBox does not know, added by a CSV into the netbox source.
    const csv = "external_id,name,owner\ndevice-100,,Platform team\n";
    const csvInput = {
      organizationId: org.id,
      actor: systemActor,
      kind: "device" as const,
      source: "netbox",
      mode: "upsert" as const,
      csv,
    };
    const withOwner = await withScope(database.db, { organizationId: org.id }, (tx) => importCsv(tx, csvInput));
    expect(withOwner.outcome).toMatchObject({ ok: true, updated: 1 });
    const before = await device100();
    expect(before).toMatchObject({ owner: "Platform team", attributes: expect.objectContaining({ serial: "S123456", gpu_count: 8 }) });

    const dry = await runOperationOn(database.db, "netbox.import", { org: org.slug, data: await edited(), dryRun: true });
    expect(dry.written).toBe(false);
    expect(dry.report.outcome).toMatchObject({ ok: true, updated: 1, unchanged: 13 });
    const changes = dry.report.outcome.ok ? dry.report.outcome.changes : [];
    expect(changes).toEqual([
      {
        kind: "device",
        externalId: "device-100",
        name: "gpu-a01-1",
        restored: false,
        fields: [
          { field: "tenant", before: "lumen-ai", after: null },
          { field: "attributes.serial", before: "S123456", after: null },
        ],
      },
    ]);
    const { out } = reportLines(dry.report, true);
    expect(out).toEqual(
      expect.arrayContaining([
        "WARNING: 2 value(s) would be cleared, because NetBox returns them empty:",
        '  device-100 (gpu-a01-1): attributes.serial was "S123456"',
        '    attributes.serial: "S123456" → (empty)',
        "Dry run: nothing was written.",
      ]),
    );
    expect(await device100()).toMatchObject({ version: before.version, tenantId: before.tenantId });

    expect(await runOperationOn(database.db, "netbox.import", { org: org.slug, data: await edited() })).toMatchObject({ written: true });
    const after = await device100();
    expect(after).toMatchObject({ owner: "Platform team", tenantId: null, version: before.version + 1 });
    expect(after.attributes).toMatchObject({ gpu_count: 8, gpu_model: "H100 SXM" });
    expect(after.attributes).not.toHaveProperty("serial");
  });
});
