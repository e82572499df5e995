import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, systemActor } from "../../tests/factories";
import { IngestRequest } from "../inventory/ingest-schema";
import { ingestInventory } from "../inventory/ingest.server";
import { PermitFormSchema } from "./permit-schema";
import { createPermit, daysUntil, listPermits, permitState, type PermitSort } from "./permits.server";

let database: TestDatabase;
let orgId: string;
const sites: Record<string, string> = {};
const ids: Record<string, string> = {};

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  await inOrg((tx) =>
    ingestInventory(tx, {
      organizationId: orgId,
      actor: systemActor,
      request: IngestRequest.parse({
        source: "t",
        mode: "upsert",
        assets: [
          { kind: "site", external_id: "a", name: "alpha site", attributes: {} },
          { kind: "site", external_id: "b", name: "beta site", attributes: {} },
        ],
      }),
    }),
  );
  const rows = await inOrg((tx) => tx.query.assets.findMany());
  for (const r of rows) sites[r.externalId] = r.id;
  const permits = [
    { key: "b-late", site: "b", reference: "BR-2022-031", authority: "Regierungspräsidium Darmstadt", expiresOn: "2031-01-01" },
    { key: "a-soon", site: "a", reference: "AP-2021-ICPE-0417", authority: "Préfecture de l’Essonne", expiresOn: "2027-06-30" },
    { key: "a-late", site: "a", reference: "GC-77", authority: "RTE", expiresOn: "2031-01-01" },
    { key: "b-soon", site: "b", reference: "UA-2026-77", authority: "Umweltamt Frankfurt", expiresOn: "2027-06-30" },
  ];
  for (const p of permits) {
    const input = PermitFormSchema.parse({
      siteId: sites[p.site],
      type: "noise",
      authority: p.authority,
      reference: p.reference,
      status: "granted",
      issuedOn: "2021-01-01",
      expiresOn: p.expiresOn,
    });
    const created = await inOrg((tx) => createPermit(tx, { organizationId: orgId, actor: systemActor, input }));
    if (!created.ok) throw new Error("not created");
    ids[p.key] = created.value.id;
  }
});
afterAll(() => database?.destroy());

const keysOf = async (params: { sort?: PermitSort; q?: string }) => {
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return (await inOrg((tx) => listPermits(tx, { organizationId: orgId, ...params }))).map((r) => byId.get(r.permit.id));
};
/** Two permits share each expiry date: the id decides between them, both ways. */
const tie = (a: string, b: string) => (ids[a]! < ids[b]! ? [a, b] : [b, a]);

describe("permit register order and search", () => {
  it("keeps its default order: by site, then the soonest expiry", async () => {
    expect(await keysOf({})).toEqual(["a-soon", "a-late", "b-soon", "b-late"]);
  });

  it("sorts by expiry ascending and descending, with the id breaking ties the same way", async () => {
    const soon = tie("a-soon", "b-soon");
    const late = tie("a-late", "b-late");
    expect(await keysOf({ sort: { column: "expires", direction: "asc" } })).toEqual([...soon, ...late]);
    expect(await keysOf({ sort: { column: "expires", direction: "desc" } })).toEqual([...late.reverse(), ...soon.reverse()]);
  });

  it("sorts by reference both ways", async () => {
    expect(await keysOf({ sort: { column: "reference", direction: "asc" } })).toEqual(["a-soon", "b-late", "a-late", "b-soon"]);
    expect(await keysOf({ sort: { column: "reference", direction: "desc" } })).toEqual(["b-soon", "a-late", "b-late", "a-soon"]);
  });

  it("searches reference numbers, authorities and site names", async () => {
    expect(await keysOf({ q: "icpe-0417" })).toEqual(["a-soon"]);
    expect(await keysOf({ q: "darmstadt" })).toEqual(["b-late"]);
    expect(await keysOf({ q: "BETA" })).toEqual(["b-soon", "b-late"]);
  });
});

describe("time left and the register's badge", () => {
  it("counts whole days to the expiry, negative once it has passed", () => {
    expect(daysUntil("2026-12-31", "2026-11-26")).toBe(35);
    expect(daysUntil("2026-11-26", "2026-11-26")).toBe(0);
    expect(daysUntil("2026-11-23", "2026-11-26")).toBe(-3);
    // Across the end of summer time: still whole days.
    expect(daysUntil("2026-11-01", "2026-10-01")).toBe(31);
    expect(daysUntil(null, "2026-11-26")).toBeNull();
  });

  it("shows archived, expired or renewal due before the recorded status", () => {
    const permit = { type: "icpe" as const, status: "granted" as const, expiresOn: "2027-06-30", archivedAt: null };
    expect(permitState(permit, "2026-01-01")).toBe("granted");
    expect(permitState(permit, "2026-07-01")).toBe("renewal_due");
    expect(permitState(permit, "2027-07-01")).toBe("expired");
    expect(permitState({ ...permit, archivedAt: new Date() }, "2027-07-01")).toBe("archived");
    expect(permitState({ ...permit, status: "applied" }, "2026-01-01")).toBe("applied");
  });
});
