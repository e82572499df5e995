import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { IngestRequest } from "../inventory/ingest-schema";
import { ingestInventory } from "../inventory/ingest.server";
import { policyStats } from "./findings.server";
import { processOrganization } from "./runs.server";

const ENCRYPTION = "iso27001.a8-24.storage-encrypted-at-rest";

/** Policy results are counted once per results version: the counts must still follow every run, and every reader. */
describe("the policy results' counts", () => {
  let database: TestDatabase;
  let org = "";
  let north = { id: "", slug: "" };
  let south = { id: "", slug: "" };
  const volume = (id: string, tenant: string, encrypted: boolean) => ({
    kind: "storage_volume",
    external_id: id,
    name: id,
    parent: "site",
    tenant,
    attributes: { encrypted_at_rest: encrypted },
  });
  async function ingestAndRun(assets: Record<string, unknown>[]) {
    const outcome = await withScope(database.db, { organizationId: org }, (tx) =>
      ingestInventory(tx, {
        organizationId: org,
        actor: systemActor,
        request: IngestRequest.parse({ source: "dcim", mode: "upsert", assets }),
      }),
    );
    expect(outcome.ok).toBe(true);
    await processOrganization(database.db, org);
  }
  const encryption = async (tenantId?: string) =>
    (await withScope(database.db, { organizationId: org, tenantId }, (tx) => policyStats(tx, { organizationId: org }))).get(ENCRYPTION);

  beforeAll(async () => {
    database = await createTestDatabase();
    org = (await createOrganization(database.db)).id;
    north = (await createTenant(database.db, org, "North AI"))!;
    south = (await createTenant(database.db, org, "South Labs"))!;
    await ingestAndRun([
      { kind: "site", external_id: "site", name: "Site", country: "FR", attributes: {} },
      volume("north-1", north.slug, false),
      volume("north-2", north.slug, true),
      volume("south-1", south.slug, false),
    ]);
  });
  afterAll(() => database?.destroy());

  it("follow the next run that changes a result", async () => {
    expect(await encryption()).toMatchObject({ pass: 1, fail: 2 });
    expect(await encryption()).toMatchObject({ pass: 1, fail: 2 });
    await ingestAndRun([volume("south-1", south.slug, true)]);
    expect(await encryption()).toMatchObject({ pass: 2, fail: 1 });
  });

  it("are counted for each reader's scope: a tenant member is never handed the operator's, nor the reverse", async () => {
    expect(await encryption()).toMatchObject({ pass: 2, fail: 1 });
    expect(await encryption(north.id)).toMatchObject({ pass: 1, fail: 1 });
    expect(await encryption(south.id)).toMatchObject({ pass: 1, fail: 0 });
    expect(await encryption()).toMatchObject({ pass: 2, fail: 1 });
  });
});
