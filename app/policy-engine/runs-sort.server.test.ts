import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization } from "../../tests/factories";
import { latestRuns, type RunSort } from "./runs.server";

let database: TestDatabase;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  // Two runs queued at the same instant: the id decides between them.
  await withScope(database.db, { organizationId: orgId }, (tx) =>
    tx.execute(sql`
      insert into evaluation_runs (organization_id, trigger, scope, status, requested_by, queued_at) values
        (${orgId}, 'manual', 'full', 'completed', 'test', '2026-11-01T10:00:00Z'),
        (${orgId}, 'schedule', 'full', 'failed', 'test', '2026-11-02T10:00:00Z'),
        (${orgId}, 'api', 'full', 'completed', 'test', '2026-11-02T10:00:00Z')`),
  );
});
afterAll(() => database?.destroy());

const runsBy = (sort?: RunSort) => withScope(database.db, { organizationId: orgId }, (tx) => latestRuns(tx, orgId, 50, sort));
const triggers = async (sort?: RunSort) => (await runsBy(sort)).map((r) => r.trigger);

describe("runs order", () => {
  it("is newest first by default, ties broken by id the same way every time", async () => {
    const runs = await runsBy();
    expect(runs.at(-1)!.trigger).toBe("manual");
    expect(runs[0]!.id > runs[1]!.id).toBe(true);
    expect(await triggers({ column: "when", direction: "asc" })).toEqual((await triggers()).reverse());
  });

  it("sorts by trigger and status over all runs", async () => {
    expect(await triggers({ column: "trigger", direction: "asc" })).toEqual(["api", "manual", "schedule"]);
    expect((await triggers({ column: "status", direction: "desc" }))[0]).toBe("schedule");
  });
});
