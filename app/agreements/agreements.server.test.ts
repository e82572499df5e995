import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { agreementVersions, auditLog } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization, createTenant, systemActor } from "../../tests/factories";
import {
  addAgreementDocument,
  addResidencyEntry,
  agreementDocument,
  removeResidencyEntry,
  amendAgreement,
  createAgreement,
  getAgreement,
  listAgreements,
  residencyProfile,
} from "./agreements.server";
import { AgreementFormSchema, termDates } from "./content";
import { intersectLocations } from "./locations";

let database: TestDatabase;
let orgId: string;
let lab: string;
let cloud: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  lab = (await createTenant(database.db, orgId)).id;
  cloud = (await createTenant(database.db, orgId)).id;
});
afterAll(() => database?.destroy());

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2], tenantId?: string) =>
  withScope(database.db, { organizationId: orgId, tenantId: tenantId ?? null }, work);
const raw = (o: Record<string, unknown> = {}) => ({
  title: "GPU capacity",
  type: "gpu_capacity",
  effectiveDate: "2025-01-01",
  termMonths: "36",
  autoRenew: "yes",
  renewalTermMonths: "12",
  noticeDays: "180",
  governingLaw: "FR",
  parties: [
    { ref: `organization:${orgId}`, role: "provider", signature: "signed" },
    { ref: `tenant:${cloud}`, role: "provider", signature: "signed" },
    { ref: `tenant:${lab}`, role: "customer", signature: "pending" },
  ],
  dataLocation: "EU",
  capacityMw: "6",
  obligations: [{ party: "0", text: "Quarterly capacity report", dueOn: "2026-12-31", recurrence: "quarterly", status: "open" }],
  ...o,
});
const form = (o: Record<string, unknown> = {}) => AgreementFormSchema.parse(raw(o));

describe("agreements", () => {
  it("refuses an agreement of one party, a party named twice, and an unknown location, field by field", () => {
    const one = AgreementFormSchema.safeParse({ ...raw(), parties: [{ ref: `tenant:${lab}`, role: "customer", signature: "signed" }] });
    expect(one.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["parties", "agreements.twoParties"]);
    const twice = AgreementFormSchema.safeParse({
      ...raw(),
      parties: [
        { ref: `tenant:${lab}`, role: "customer", signature: "signed" },
        { ref: `tenant:${lab}`, role: "provider", signature: "signed" },
      ],
      dataLocation: "Mars",
    });
    const issues = twice.error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toContainEqual(["parties.1.ref", "agreements.partyTwice"]);
    expect(issues).toContainEqual(["dataLocation", "agreements.locationInvalid"]);
  });

  it("records a three-party agreement, then an amendment as a new version, keeping the first as signed", async () => {
    const created = await inOrg((tx) => createAgreement(tx, { organizationId: orgId, actor: systemActor, form: form() }));
    if (!created.ok) throw new Error("not created");
    const amended = await inOrg((tx) =>
      amendAgreement(tx, {
        organizationId: orgId,
        actor: systemActor,
        agreementId: created.value.id,
        form: form({ capacityMw: "8", note: "Capacity raised to 8 MW" }),
      }),
    );
    expect(amended?.ok).toBe(true);
    const found = await inOrg((tx) => getAgreement(tx, { organizationId: orgId, agreementId: created.value.id }));
    expect(found?.agreement.currentVersion).toBe(2);
    expect(found?.versions.map((v) => [v.version, (v.content as { clauses: { capacity: { mw: number } } }).clauses.capacity.mw])).toEqual([
      [2, 8],
      [1, 6],
    ]);
    const actions = await database.db.select().from(auditLog).where(eq(auditLog.entityId, created.value.id)).orderBy(auditLog.seq);
    expect(actions.map((a) => a.action)).toEqual(["agreement.create", "agreement.amend"]);
    await expect(inOrg((tx) => tx.update(agreementVersions).set({ note: "rewritten" }))).rejects.toThrow();
  });

  it("shows a tenant member only the agreements its tenant signed", async () => {
    const other = await createTenant(database.db, orgId);
    await inOrg((tx) =>
      createAgreement(tx, {
        organizationId: orgId,
        actor: systemActor,
        form: form({
          title: "Other",
          parties: [
            { ref: `organization:${orgId}`, role: "provider", signature: "signed" },
            { ref: `tenant:${other.id}`, role: "customer", signature: "signed" },
          ],
        }),
      }),
    );
    const forLab = await inOrg((tx) => listAgreements(tx, { organizationId: orgId }), lab);
    expect(forLab.map((r) => r.agreement.title)).toEqual(["GPU capacity"]);
    const forOther = await inOrg((tx) => listAgreements(tx, { organizationId: orgId }), other.id);
    expect(forOther.map((r) => r.agreement.title)).toEqual(["Other"]);
  });

  it("keeps documents with the version they were attached to, visible to the tenants of the agreement only", async () => {
    const [agreement] = (await inOrg((tx) => listAgreements(tx, { organizationId: orgId }))).filter(
      (r) => r.agreement.title === "GPU capacity",
    );
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    const doc = await inOrg((tx) =>
      addAgreementDocument(tx, {
        organizationId: orgId,
        actor: systemActor,
        agreementId: agreement!.agreement.id,
        kind: "signed",
        title: "Signed v2",
        upload: { bytes: pdf, fileName: "v2.pdf", contentType: "application/pdf" },
      }),
    );
    expect(doc).toMatchObject({ version: 2, kind: "signed" });
    const asLab = await inOrg((tx) => agreementDocument(tx, { organizationId: orgId, documentId: doc!.id }), lab);
    expect(asLab?.file.content.toString()).toBe(pdf.toString());
    const outsider = await createTenant(database.db, orgId);
    expect(await inOrg((tx) => agreementDocument(tx, { organizationId: orgId, documentId: doc!.id }), outsider.id)).toBeNull();
  });

  it("derives the residency profile from the data-location clauses, with the EEA as default", async () => {
    const profile = await inOrg((tx) => residencyProfile(tx, { organizationId: orgId, tenantId: lab }));
    expect(profile.entries).toEqual([expect.objectContaining({ source: "agreement", allowed: ["EU"], version: 2 })]);
    expect(profile.allowedCountries).toContain("FR");
    expect(profile.allowedCountries).not.toContain("NO");
    const lonely = await createTenant(database.db, orgId);
    const fallback = await inOrg((tx) => residencyProfile(tx, { organizationId: orgId, tenantId: lonely.id }));
    expect(fallback.entries).toEqual([{ allowed: ["EEA"], source: "default" }]);
    expect(fallback.allowedCountries).toContain("NO");
    expect(intersectLocations([["EEA"], ["FR", "DE", "US"]])).toEqual(["DE", "FR"]);
    const entry = await inOrg((tx) =>
      addResidencyEntry(tx, {
        organizationId: orgId,
        actor: systemActor,
        tenantId: lab,
        allowed: ["CH"],
        justification: "Written instruction of the tenant, 2026-03-02",
      }),
    );
    const withManual = await inOrg((tx) => residencyProfile(tx, { organizationId: orgId, tenantId: lab }));
    expect(withManual.allowedCountries).toContain("CH");
    expect(withManual.entries.at(-1)).toMatchObject({ source: "manual", justification: "Written instruction of the tenant, 2026-03-02" });
    const seenByTenant = await inOrg((tx) => residencyProfile(tx, { organizationId: orgId, tenantId: lab }), lab);
    expect(seenByTenant.allowedCountries).toContain("CH");
    await inOrg((tx) => removeResidencyEntry(tx, { organizationId: orgId, actor: systemActor, tenantId: lab, entryId: entry!.id }));
    expect((await inOrg((tx) => residencyProfile(tx, { organizationId: orgId, tenantId: lab }))).allowedCountries).not.toContain("CH");
  });

  it("rolls an auto-renewed term forward and computes the notice deadline", () => {
    const terms = {
      effectiveDate: "2025-01-01",
      termMonths: 36,
      autoRenew: true,
      renewalTermMonths: 12,
      noticeDays: 180,
      governingLaw: "FR",
      value: null,
      currency: null,
    };
    expect(termDates(terms, "2026-11-25")).toEqual({ endsOn: "2028-01-01", noticeBy: "2027-07-05" });
    expect(termDates(terms, "2028-02-01")).toEqual({ endsOn: "2029-01-01", noticeBy: "2028-07-05" });
    expect(termDates({ ...terms, termMonths: null }, "2026-01-01")).toEqual({ endsOn: null, noticeBy: null });
  });
});
