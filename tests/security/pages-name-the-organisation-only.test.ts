// What every page's shell and the dashboard send about the organisation: its id and name, never its settings
// (four-eyes severities) or its counters (the engine's results version), whoever reads — a tenant member included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dashboard from "../../app/routes/_app._index";
import * as shell from "../../app/routes/_app";
import { createTestDatabase, type TestDatabase } from "../db";
import { browserFor, createMember, createOrganization, createTenant, testContext } from "../factories";

let database: TestDatabase;
const organization = { id: "", name: "" };
const readers: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const created = await createOrganization(database.db);
  Object.assign(organization, { id: created.id, name: created.name });
  const tenant = await createTenant(database.db, created.id);
  readers.admin = (await createMember(database.db, created.id, "admin")).user.email;
  readers.tenant_member = (await createMember(database.db, created.id, "tenant_member", { tenantId: tenant!.id })).user.email;
}, 120_000);
afterAll(() => database?.destroy());

describe("pages name the organisation, nothing more", () => {
  for (const role of ["admin", "tenant_member"]) {
    it(`the shell and the dashboard give ${role} its id and name only`, async () => {
      const browser = await browserFor(database.db, readers[role]!);
      const args = (path: string) => ({ request: browser.get(path), params: {}, context: testContext(database.db) }) as never;
      const fromShell = (await shell.loader(args("/"))) as { organization: unknown };
      const fromDashboard = (await dashboard.loader(args("/"))) as { organization: unknown };
      expect(fromShell.organization).toEqual(organization);
      expect(fromDashboard.organization).toEqual(organization);
    });
  }
});
