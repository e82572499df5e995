import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, createOrganization, createTenant, systemActor, testContext } from "../../tests/factories";
import { translator } from "../i18n/i18n";
import { createApiToken } from "../auth/api-tokens.server";
import * as agreementPage from "../routes/_app.agreements.$agreementId._index";
import * as versionsApi from "../routes/api.v1.agreements.$agreementId.versions";
import { amendAgreement, createAgreement, createCounterparty, getAgreement } from "./agreements.server";
import { changeSentence } from "./compare-text";
import { compareStoredVersions } from "./compare.server";
import { AgreementFormSchema } from "./content";

let database: TestDatabase;
let orgId: string;
let tenantId: string;
let agreementId: string;

const inOrg = <T>(work: Parameters<typeof withScope<T>>[2]) => withScope(database.db, { organizationId: orgId, tenantId: null }, work);

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db, "Helios Data Centers")).id;
  tenantId = (await createTenant(database.db, orgId, "Lumen AI Research SAS")).id;
  const northwind = await inOrg((tx) =>
    createCounterparty(tx, {
      organizationId: orgId,
      actor: systemActor,
      values: { name: "Northwind GPU Cloud SAS", registrationCountry: "FR", headquartersCountry: "FR" },
    }),
  );
  const raw = {
    title: "GPU capacity",
    type: "gpu_capacity",
    effectiveDate: "2025-01-01",
    termMonths: "36",
    autoRenew: "no",
    noticeDays: "90",
    governingLaw: "FR",
    parties: [
      { ref: `organization:${orgId}`, role: "provider", signature: "signed" },
      { ref: `tenant:${tenantId}`, role: "customer", signature: "signed" },
    ],
    dataLocation: "EU",
    obligations: [{ party: "1", text: "Annual forecast of GPU demand", recurrence: "yearly", status: "open" }],
  };
  const created = await inOrg((tx) =>
    createAgreement(tx, { organizationId: orgId, actor: systemActor, form: AgreementFormSchema.parse(raw) }),
  );
  if (!created.ok) throw new Error("not created");
  agreementId = created.value.id;
  const v2 = {
    ...raw,
    noticeDays: "60",
    dataLocation: "EEA",
    parties: [...raw.parties, { ref: `counterparty:${northwind.id}`, role: "processor", signature: "pending" }],
    obligations: [{ ...raw.obligations[0]!, party: "2" }],
    note: "Northwind joins as processor",
  };
  await inOrg((tx) => amendAgreement(tx, { organizationId: orgId, actor: systemActor, agreementId, form: AgreementFormSchema.parse(v2) }));
  await inOrg((tx) =>
    amendAgreement(tx, {
      organizationId: orgId,
      actor: systemActor,
      agreementId,
      form: AgreementFormSchema.parse({ ...v2, title: "GPU capacity 2" }),
    }),
  );
});
afterAll(() => database?.destroy());

describe("comparing two stored versions of an agreement", () => {
  it("names the parties from the organisation's records, in both languages", async () => {
    const compared = await inOrg((tx) => compareStoredVersions(tx, { organizationId: orgId, agreementId, from: 1, to: 3 }));
    expect(compared?.changes.map((c) => changeSentence(translator("en"), "en", c))).toEqual([
      "Title: “GPU capacity” → “GPU capacity 2”",
      "Party added: Northwind GPU Cloud SAS (Processor, counterparty)",
      "Notice period: 90 days → 60 days",
      "Data location: “EU” → “EEA”",
      "Obligation “Annual forecast of GPU demand” — party bound: Lumen AI Research SAS → Northwind GPU Cloud SAS",
    ]);
    expect(compared?.changes.map((c) => changeSentence(translator("fr"), "fr", c))).toContain(
      "Partie ajoutée\u00a0: Northwind GPU Cloud SAS (Sous-traitant, cocontractant)",
    );
    expect(await inOrg((tx) => compareStoredVersions(tx, { organizationId: orgId, agreementId, from: 1, to: 9 }))).toBeNull();
  });

  it("is what the agreement page loads: each version against the one before, and the two chosen", async () => {
    const { user } = await createMember(database.db, orgId, "legal");
    const browser = await browserFor(database.db, user.email);
    const page = (await agreementPage.loader({
      request: browser.get(`/agreements/${agreementId}?from=3&to=1`),
      params: { agreementId },
      context: testContext(database.db),
    } as never)) as Awaited<ReturnType<typeof agreementPage.loader>>;
    expect(page.versions.map((v) => [v.version, v.changes?.map((c) => c.code) ?? null])).toEqual([
      [3, ["title"]],
      [2, ["party.added", "terms.noticeDays", "clauses.dataLocation", "obligation.party"]],
      [1, null],
    ]);
    // From the newer to the older: the same changes the other way round.
    expect(page.comparison?.changes.map((c) => changeSentence(translator("en"), "en", c))).toContain(
      "Party removed: Northwind GPU Cloud SAS (Processor, counterparty)",
    );
  });

  it("answers an amendment through the API with its changes: stable codes, and words in the request's language", async () => {
    const { secret } = await inOrg((tx) =>
      createApiToken(tx, { organizationId: orgId, actor: systemActor, name: "ci", scopes: ["agreements:write"] }),
    );
    const current = (await inOrg((tx) => getAgreement(tx, { organizationId: orgId, agreementId })))!.versions[0]!.content as {
      terms: Record<string, unknown>;
    };
    const response = await versionsApi.action({
      request: new Request(`http://localhost/api/v1/agreements/${agreementId}/versions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", "Accept-Language": "fr" },
        body: JSON.stringify({ ...current, terms: { ...current.terms, noticeDays: 30 }, note: "Préavis raccourci" }),
      }),
      params: { agreementId },
      context: testContext(database.db),
    } as never);
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { version: number; changes: unknown[] } };
    expect(data.version).toBe(4);
    expect(data.changes).toEqual([
      { code: "terms.noticeDays", section: "term", change: "changed", label: "Préavis", text: "Préavis\u00a0: 60 jours → 30 jours" },
    ]);
  });
});
