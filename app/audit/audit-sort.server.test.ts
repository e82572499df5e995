import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization } from "../../tests/factories";
import { listAudit, recordAudit } from "./audit.server";
import { parseAuditQuery } from "./filters";

let database: TestDatabase;
let orgId: string;

// Recorded in this order: the sequence runs 1…5 along it; "bob" acts twice, so the sequence decides between his entries.
const RECORDED = [
  { actor: "carol@example.com", action: "tenant.update", entityType: "tenant" },
  { actor: "bob@example.com", action: "permit.create", entityType: "permit" },
  { actor: "alice@example.com", action: "asset.update", entityType: "asset" },
  { actor: "bob@example.com", action: "agreement.amend", entityType: "agreement" },
  { actor: "dave@example.com", action: "control.review", entityType: "control" },
];

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  for (const [n, r] of RECORDED.entries()) {
    await withScope(database.db, { organizationId: orgId }, (tx) =>
      recordAudit(tx, {
        organizationId: orgId,
        actor: { userId: null, label: r.actor },
        action: r.action,
        entityType: r.entityType,
        entityId: `e${n + 1}`,
      }),
    );
  }
});
afterAll(() => database?.destroy());

/** The entity ids of one page, for the order a URL asks for. */
const page = async (search: string, pageNumber = 1, pageSize = 10) => {
  const query = parseAuditQuery(new URL(`http://x/audit?${search}`));
  const result = await withScope(database.db, { organizationId: orgId }, (tx) =>
    listAudit(tx, { organizationId: orgId, filters: {}, sort: query.sort, page: pageNumber, pageSize }),
  );
  return result.entries.map((e) => e.entityId);
};

describe("audit log order", () => {
  it("is newest first by default, and for an unknown column", async () => {
    expect(await page("")).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(await page("sort=hash")).toEqual(["e5", "e4", "e3", "e2", "e1"]);
    expect(await page("sort=seq")).toEqual(["e1", "e2", "e3", "e4", "e5"]);
  });

  it("sorts by actor both ways, the sequence breaking the tie between one actor's entries", async () => {
    expect(await page("sort=actor")).toEqual(["e3", "e2", "e4", "e1", "e5"]);
    expect(await page("sort=-actor")).toEqual(["e5", "e1", "e4", "e2", "e3"]);
  });

  it("sorts the whole log, not the page: the second page continues the order", async () => {
    expect([...(await page("sort=actor", 1, 2)), ...(await page("sort=actor", 2, 2)), ...(await page("sort=actor", 3, 2))]).toEqual([
      "e3",
      "e2",
      "e4",
      "e1",
      "e5",
    ]);
  });

  it("sorts by action and by entity type", async () => {
    expect(await page("sort=action")).toEqual(["e4", "e3", "e5", "e2", "e1"]);
    expect(await page("sort=-entity")).toEqual(["e1", "e2", "e5", "e3", "e4"]);
  });
});
