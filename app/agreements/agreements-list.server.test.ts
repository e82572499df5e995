import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { createAgreement, listAgreements, type AgreementSqlSort } from "./agreements.server";
import { AgreementFormSchema } from "./content";

let database: TestDatabase;
let orgId: string;
let lumen: string;
let kairos: string;

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);
const form = (title: string, type: string, tenant: string) =>
  AgreementFormSchema.parse({
    title,
    type,
    effectiveDate: "2025-01-01",
    termMonths: "36",
    autoRenew: "no",
    governingLaw: "FR",
    parties: [
      { ref: `organization:${orgId}`, role: "provider", signature: "signed" },
      { ref: `tenant:${tenant}`, role: "customer", signature: "signed" },
    ],
  });

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db, "Helios Data Centers")).id;
  lumen = (await createTenant(database.db, orgId, "Lumen AI Research SAS")).id;
  kairos = (await createTenant(database.db, orgId, "Kairos GPU Cloud GmbH")).id;
  for (const [title, type, tenant] of [
    ["MSA-2024-017 colocation", "colocation", lumen],
    ["DPA-2025-003 data processing", "dpa", kairos],
    ["GPU capacity reservation", "gpu_capacity", lumen],
  ] as const) {
    const created = await inOrg((tx) =>
      createAgreement(tx, { organizationId: orgId, actor: systemActor, form: form(title, type, tenant) }),
    );
    if (!created.ok) throw new Error(`not created: ${JSON.stringify(created)}`);
  }
});
afterAll(() => database?.destroy());

const titles = async (q?: string, sort?: AgreementSqlSort) =>
  (await inOrg((tx) => listAgreements(tx, { organizationId: orgId, filters: { q }, sort }))).map((r) => r.agreement.title);

describe("agreements register search and order", () => {
  it("keeps its default order by title", async () => {
    expect(await titles()).toEqual(["DPA-2025-003 data processing", "GPU capacity reservation", "MSA-2024-017 colocation"]);
  });

  it("sorts by title and by type, both ways", async () => {
    expect(await titles(undefined, { column: "title", direction: "desc" })).toEqual([
      "MSA-2024-017 colocation",
      "GPU capacity reservation",
      "DPA-2025-003 data processing",
    ]);
    expect(await titles(undefined, { column: "type", direction: "asc" })).toEqual([
      "MSA-2024-017 colocation",
      "DPA-2025-003 data processing",
      "GPU capacity reservation",
    ]);
  });

  it("finds an agreement by a reference in its title or by a party's name", async () => {
    expect(await titles("msa-2024")).toEqual(["MSA-2024-017 colocation"]);
    expect(await titles("lumen")).toEqual(["GPU capacity reservation", "MSA-2024-017 colocation"]);
    expect(await titles("Kairos GPU")).toEqual(["DPA-2025-003 data processing"]);
    // The operator is a party to all three.
    expect(await titles("helios")).toHaveLength(3);
    expect(await titles("nobody")).toEqual([]);
  });
});
