import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { agreementVersions, auditLog, findings } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import { processOrganization } from "../policy-engine/runs.server";
import {
  createAgreement,
  createCounterparty,
  getAgreement,
  listAgreements,
  partyChoices,
  setCounterpartyArchived,
} from "./agreements.server";
import { AgreementFormSchema, type AgreementContent } from "./content";
import { recordObligationStatus } from "./obligations.server";

let database: TestDatabase;
let orgId = "";
let agreementId = "";

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId }, work);
const overdueFinding = () =>
  withSystem(database.db, (tx) =>
    tx
      .select()
      .from(findings)
      .where(
        and(eq(findings.organizationId, orgId), eq(findings.policyId, "agreements.obligations.overdue"), ne(findings.status, "resolved")),
      ),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  const tenant = (await createTenant(database.db, orgId)).id;
  const outcome = await inOrg((tx) =>
    createAgreement(tx, {
      organizationId: orgId,
      actor: systemActor,
      form: AgreementFormSchema.parse({
        title: "Colocation",
        type: "colocation",
        effectiveDate: "2025-01-01",
        autoRenew: "no",
        governingLaw: "FR",
        parties: [
          { ref: `organization:${orgId}`, role: "provider", signature: "signed" },
          { ref: `tenant:${tenant}`, role: "customer", signature: "signed" },
        ],
        obligations: [{ party: "0", text: "Annual penetration test report", dueOn: "2026-01-15", recurrence: "yearly", status: "open" }],
      }),
    }),
  );
  if (!outcome.ok) throw new Error("agreement not created");
  agreementId = outcome.value.id;
});
afterAll(() => database?.destroy());

describe("obligation status outside an amendment", () => {
  it("marks an obligation done without a new version; the overdue finding resolves and the change is audited", async () => {
    await processOrganization(database.db, orgId);
    expect(await overdueFinding()).toHaveLength(1);
    await inOrg(async (tx) => {
      const found = await getAgreement(tx, { organizationId: orgId, agreementId });
      await recordObligationStatus(tx, {
        organizationId: orgId,
        actor: systemActor,
        agreementId,
        index: 0,
        status: "done",
        note: "Report PT-2026-01 filed",
        version: 1,
        content: found!.versions[0]!.content as AgreementContent,
      });
    });
    const [current] = await inOrg((tx) => listAgreements(tx, { organizationId: orgId }));
    const obligation = (current!.content as AgreementContent).obligations[0]!;
    expect(obligation).toMatchObject({ status: "done", lastUpdate: { note: "Report PT-2026-01 filed", author: "test" } });
    const versions = await withSystem(database.db, (tx) =>
      tx.select().from(agreementVersions).where(eq(agreementVersions.agreementId, agreementId)),
    );
    expect(versions).toHaveLength(1);
    expect((versions[0]!.content as AgreementContent).obligations[0]!.status).toBe("open");
    await processOrganization(database.db, orgId);
    expect(await overdueFinding()).toEqual([]);
    const audit = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, agreementId), eq(auditLog.action, "agreement.obligation_status"))),
    );
    expect(audit[0]!.after).toMatchObject({ status: "done", note: "Report PT-2026-01 filed" });
    expect(audit[0]!.before).toMatchObject({ status: "open" });
  });

  it("refuses an obligation that does not exist", async () => {
    const result = await inOrg(async (tx) => {
      const found = await getAgreement(tx, { organizationId: orgId, agreementId });
      return recordObligationStatus(tx, {
        organizationId: orgId,
        actor: systemActor,
        agreementId,
        index: 5,
        status: "done",
        note: "",
        version: 1,
        content: found!.versions[0]!.content as AgreementContent,
      });
    });
    expect(result).toBeNull();
  });
});

describe("archiving a counterparty", () => {
  it("keeps it on agreements but flags it, audited; restoring brings it back", async () => {
    const counterparty = await inOrg((tx) =>
      createCounterparty(tx, {
        organizationId: orgId,
        actor: systemActor,
        values: { name: "Old Supplier SA", registrationCountry: "FR", headquartersCountry: "FR" },
      }),
    );
    await inOrg((tx) =>
      setCounterpartyArchived(tx, { organizationId: orgId, actor: systemActor, counterpartyId: counterparty.id, archived: true }),
    );
    const choices = await inOrg((tx) => partyChoices(tx, { organizationId: orgId }));
    expect(choices.find((c) => c.label === "Old Supplier SA")).toMatchObject({ archived: true });
    await inOrg((tx) =>
      setCounterpartyArchived(tx, { organizationId: orgId, actor: systemActor, counterpartyId: counterparty.id, archived: false }),
    );
    const again = await inOrg((tx) => partyChoices(tx, { organizationId: orgId }));
    expect(again.find((c) => c.label === "Old Supplier SA")).toMatchObject({ archived: false });
    const actions = await withSystem(database.db, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, counterparty.id)).orderBy(auditLog.seq),
    );
    expect(actions.map((a) => a.action)).toEqual(["counterparty.create", "counterparty.archive", "counterparty.restore"]);
    expect(
      await inOrg((tx) =>
        setCounterpartyArchived(tx, {
          organizationId: orgId,
          actor: systemActor,
          counterpartyId: "00000000-0000-4000-8000-000000000000",
          archived: true,
        }),
      ),
    ).toBeNull();
  });
});
