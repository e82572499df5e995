import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, createOrganization, createTenant, testContext } from "../../tests/factories";
import { translator } from "../i18n/i18n";
import * as newAgreement from "../routes/_app.agreements.new";
import { AgreementFormSchema } from "./content";
import { errorEntries, fieldLabel } from "./form-errors";

let database: TestDatabase;
let orgId: string;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = (await createOrganization(database.db)).id;
  tenantId = (await createTenant(database.db, orgId)).id;
});
afterAll(() => database?.destroy());

/** A valid agreement as the form posts it, with `bad` fields replacing good ones. */
const posted = (bad: Record<string, string>) => ({
  title: "Colocation agreement",
  type: "colocation",
  effectiveDate: "2026-01-01",
  autoRenew: "no",
  governingLaw: "FR",
  "parties[0].ref": `organization:${orgId}`,
  "parties[0].role": "provider",
  "parties[0].signature": "signed",
  "parties[1].ref": `tenant:${tenantId}`,
  "parties[1].role": "customer",
  "parties[1].signature": "pending",
  ...bad,
});

describe("the agreement form's errors", () => {
  it("are all answered at once by the server, one per bad field, and each named in words", async () => {
    const { user } = await createMember(database.db, orgId, "legal");
    const browser = await browserFor(database.db, user.email);
    const answer = (await newAgreement.action({
      request: browser.post("/agreements/new", posted({ title: "x", effectiveDate: "31/12/2026", dataLocation: "Mars" })),
      params: {},
      context: testContext(database.db),
    } as never)) as unknown as { init: { status: number }; data: { result: { error: Record<string, string[]> } } };
    expect(answer.init.status).toBe(400);
    const errors = answer.data.result.error;
    expect(errors).toEqual({
      title: ["validation.tooShort"],
      effectiveDate: ["validation.date"],
      dataLocation: ["agreements.locationInvalid"],
    });
    const t = translator("en");
    expect(errorEntries(t, "agreement", errors).map((e) => [e.label, e.target, e.messages.length])).toEqual([
      ["Title", "agreement-title", 1],
      ["Effective date", "agreement-effectiveDate", 1],
      ["Data location: allowed countries", "agreement-dataLocation", 1],
    ]);
  });

  it("are checked across fields even when other fields are wrong (an auto-renewal without a term, a party twice)", () => {
    const parsed = AgreementFormSchema.safeParse({
      title: "x",
      type: "msa",
      effectiveDate: "2026-01-01",
      autoRenew: "yes",
      governingLaw: "FR",
      parties: [
        { ref: `tenant:${tenantId}`, role: "customer", signature: "signed" },
        { ref: `tenant:${tenantId}`, role: "provider", signature: "signed" },
      ],
    });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["title", "parties.1.ref", "termMonths"]);
  });

  it("name every field of the form, and every field of a party and of an obligation, in both languages", () => {
    for (const locale of ["en", "fr"] as const) {
      const t = translator(locale);
      const names = [
        ...Object.keys(AgreementFormSchema.shape),
        ...["ref", "role", "signatory", "signature"].map((k) => `parties[1].${k}`),
        ...["party", "text", "dueOn", "recurrence", "owner", "status"].map((k) => `obligations[0].${k}`),
      ];
      const unnamed = names.filter((name) => fieldLabel(t, name) === null);
      expect(unnamed).toEqual([]);
      expect(fieldLabel(t, "parties[1].role")).toBe(locale === "en" ? "Party 2: role" : "Partie 2 : rôle");
      expect(fieldLabel(t, "somethingElse")).toBeNull();
    }
  });
});
