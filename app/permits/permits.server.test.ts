import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { assets, auditLog, permits } from "../../db/schema";
import { IngestRequest } from "../inventory/ingest-schema";
import { ingestInventory } from "../inventory/ingest.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, systemActor } from "../../tests/factories";
import { PermitFormSchema, renewalDue } from "./permit-schema";
import {
  addPermitDocument,
  archivePermit,
  attentionOf,
  createPermit,
  listPermitDocuments,
  listPermits,
  permitDocument,
  updatePermit,
} from "./permits.server";

let database: TestDatabase;
let orgId: string;
let siteId: string;

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
        assets: [{ kind: "site", external_id: "s", name: "Site", attributes: {} }],
      }),
    }),
  );
  siteId = (await database.db.select().from(assets))[0]!.id;
});
afterAll(() => database?.destroy());

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);
const input = (o: Record<string, string> = {}) =>
  PermitFormSchema.parse({
    siteId,
    type: "icpe",
    authority: "Préfecture",
    reference: "AP-1",
    status: "granted",
    issuedOn: "2021-01-01",
    expiresOn: "2027-06-30",
    maxPowerMw: "45,5",
    ...o,
  });

describe("permits", () => {
  it("validates dates and limits field by field", () => {
    const result = PermitFormSchema.safeParse({
      siteId,
      type: "noise",
      authority: "X",
      reference: "",
      status: "granted",
      expiresOn: "2020-01-01",
      issuedOn: "2021-01-01",
      maxNoiseDb: "loud",
    });
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toMatchObject({
      authority: "validation.tooShort",
      reference: "validation.required",
      maxNoiseDb: "validation.number",
      expiresOn: "permits.expiryBeforeIssue",
    });
  });

  it("computes the renewal date from the type's lead time and flags what needs attention", () => {
    expect(renewalDue("icpe", "2027-06-30")).toBe("2026-06-30");
    expect(renewalDue("noise", "2027-06-30")).toBe("2027-03-30");
    expect(attentionOf({ type: "icpe", status: "granted", expiresOn: "2027-06-30" }, "2026-07-01")).toBe("renewal_due");
    expect(attentionOf({ type: "icpe", status: "granted", expiresOn: "2027-06-30" }, "2027-07-01")).toBe("expired");
    expect(attentionOf({ type: "icpe", status: "granted", expiresOn: "2027-06-30" }, "2026-01-01")).toBeNull();
  });

  it("records, changes and archives a permit, with its history in the audit log; never deletes", async () => {
    const created = await inOrg((tx) => createPermit(tx, { organizationId: orgId, actor: systemActor, input: input() }));
    if (!created.ok) throw new Error("not created");
    expect(created.value.conditions).toEqual({ max_power_mw: 45.5 });
    await inOrg((tx) =>
      updatePermit(tx, { organizationId: orgId, actor: systemActor, permitId: created.value.id, input: input({ reference: "AP-1-bis" }) }),
    );
    await inOrg((tx) => archivePermit(tx, { organizationId: orgId, actor: systemActor, permitId: created.value.id }));
    expect(await inOrg((tx) => listPermits(tx, { organizationId: orgId }))).toHaveLength(0);
    expect(await inOrg((tx) => listPermits(tx, { organizationId: orgId, includeArchived: true }))).toHaveLength(1);
    const history = await database.db.select().from(auditLog).where(eq(auditLog.entityId, created.value.id)).orderBy(auditLog.seq);
    expect(history.map((h) => h.action)).toEqual(["permit.create", "permit.update", "permit.archive"]);
    await expect(inOrg((tx) => tx.delete(permits))).rejects.toThrow();
  });

  it("keeps a permit's documents, readable by the organisation only", async () => {
    const created = await inOrg((tx) =>
      createPermit(tx, { organizationId: orgId, actor: systemActor, input: input({ reference: "DOC-1" }) }),
    );
    if (!created.ok) throw new Error("not created");
    const doc = await inOrg((tx) =>
      addPermitDocument(tx, {
        organizationId: orgId,
        actor: systemActor,
        permitId: created.value.id,
        title: "Arrêté préfectoral",
        upload: { bytes: Buffer.from("%PDF-1.4\n%%EOF"), fileName: "ap.pdf", contentType: "application/pdf" },
      }),
    );
    expect(await inOrg((tx) => listPermitDocuments(tx, { organizationId: orgId, permitId: created.value.id }))).toHaveLength(1);
    expect((await inOrg((tx) => permitDocument(tx, { organizationId: orgId, documentId: doc!.id })))?.file.contentType).toBe(
      "application/pdf",
    );
    const other = await createOrganization(database.db);
    expect(
      await withScope(database.db, { organizationId: other.id }, (tx) =>
        permitDocument(tx, { organizationId: other.id, documentId: doc!.id }),
      ),
    ).toBeNull();
  });

  it("refuses a site of another organisation", async () => {
    const other = await createOrganization(database.db);
    const outcome = await withScope(database.db, { organizationId: other.id }, (tx) =>
      createPermit(tx, { organizationId: other.id, actor: systemActor, input: input() }),
    );
    expect(outcome).toEqual({ ok: false, fieldErrors: { siteId: ["permits.siteRequired"] } });
  });
});
