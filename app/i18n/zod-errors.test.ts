import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PermitApiInput, AgreementApiInput } from "../api/registers.server";
import { ListQuery } from "../api/inventory-query.server";
import { CounterpartyFormSchema } from "../agreements/counterparty-schema";
import { ImportFieldsSchema, ConfirmPayloadSchema } from "../inventory/import-form";
import { IngestRequest } from "../inventory/ingest-schema";
import { ATTRIBUTE_SCHEMAS } from "../inventory/kinds";
import { InvitationFormSchema } from "../members/member-schema";
import { PermitFormSchema } from "../permits/permit-schema";
import { IssueAttestationBody } from "../reports/attestation-input";
import { TenantFormSchema } from "../tenants/tenant-schema";
import { translator } from "./i18n";
import { isMessageKey, messageText } from "./keys";
import { issueMessage, zodIssueKey } from "./zod-errors";

const fr = translator("fr");
const en = translator("en");

/** Every issue of a failed parse: its message (which must be one of our keys) and its text in French. */
function issuesOf(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  expect(parsed.success, JSON.stringify(input)).toBe(false);
  return parsed.error!.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
    fr: messageText(fr, issueMessage(issue)),
    en: messageText(en, issueMessage(issue)),
  }));
}

// Typical bad inputs: missing fields, wrong types, out-of-range numbers and lengths, bad formats, unknown options and
// fields, in the schemas of the forms, the CSV and NetBox imports (through the ingestion) and the API bodies.
const CASES: [string, z.ZodType, unknown][] = [
  ["tenant form, empty", TenantFormSchema, {}],
  ["tenant form, bad values", TenantFormSchema, { legalName: "A", slug: "-x-", country: "ZZ", registrationNumber: "", contacts: [] }],
  ["permit form", PermitFormSchema, { siteId: "x", type: "nope", authority: "", issuedOn: "2026-13-01", maxPowerMw: "abc" }],
  ["invitation form", InvitationFormSchema, { email: "not-an-email", role: "emperor" }],
  ["counterparty form", CounterpartyFormSchema, { name: 3, registrationCountry: "" }],
  ["import fields", ImportFieldsSchema, { kind: "spaceship", source: "Bad Source!", mode: "sometimes" }],
  ["import confirmation", ConfirmPayloadSchema, { kind: "rack", source: "csv", mode: "upsert", csv: "", fingerprint: "x" }],
  ["ingestion, wrong types", IngestRequest, { source: "", mode: "merge", assets: "many", confirm_mass_delete: "yes" }],
  [
    "ingestion, bad asset",
    IngestRequest,
    {
      source: "dcim",
      mode: "upsert",
      assets: [
        { kind: "spaceship", external_id: "x", name: "X" },
        { kind: "site", external_id: "", name: 5, country: "XX", tags: [""], extra: 1, attributes: { cctv: "peut-être", tier: "V" } },
        { kind: "backup", external_id: "b", name: "B", attributes: { last_success_at: "yesterday", location: { cloud_region: "AWS" } } },
        { kind: "device", external_id: "d", name: "D", attributes: { gpu_count: 1.5, power_draw_kw: -1 } },
        { kind: "dataset", external_id: "ds", name: "DS", attributes: { data_categories: [] } },
      ],
      power_readings: [{ asset: "s", measured_at: "2026-01-01", kw: "ten" }],
    },
  ],
  [
    "site attributes",
    ATTRIBUTE_SCHEMAS.site,
    { coordinates: { lat: 91, lon: "east" }, contracted_capacity_mw: 0, access_control: ["moat"] },
  ],
  [
    "permit API",
    PermitApiInput,
    { site_id: 1, type: "icpe", authority: "x".repeat(201), reference: "", status: "granted", conditions: { x: 1 } },
  ],
  [
    "agreement API",
    AgreementApiInput,
    { title: "AB", type: "msa", terms: { effectiveDate: "soon", governingLaw: "XX", currency: "euro" }, parties: [], extra: true },
  ],
  ["inventory query", ListQuery, { kind: "x", country: "fr", limit: "0", as_of: "today", colour: "blue" }],
  ["attestation API", IssueAttestationBody, { language: "de", as_of: "2999-01-01T00:00:00Z" }],
];

describe("zod's issues in our words", () => {
  it.each(CASES)("%s: every issue's message is one of our keys, with a French text", (_label, schema, input) => {
    const issues = issuesOf(schema, input);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(isMessageKey(issue.message), `${issue.path}: ${issue.message}`).toBe(true);
      // Never the generic sentence for these: each problem has its own words.
      expect(issue.fr).not.toBe(fr("validation.invalid"));
      expect(issue.fr).not.toMatch(/{{|Invalid|expected|received/);
      expect(issue.en).not.toMatch(/{{/);
    }
  });

  it("says what is wrong: required, the type expected, the limit, the format, a choice among codes it does not list", () => {
    const texts = (schema: z.ZodType, input: unknown) => issuesOf(schema, input).map((i) => i.fr);
    expect(texts(z.object({ a: z.string() }), {})).toEqual(["Ce champ est obligatoire."]);
    expect(texts(z.number(), "")).toEqual(["Ce champ est obligatoire."]);
    expect(texts(z.boolean(), "peut-être")).toEqual(["Indiquez vrai ou faux."]);
    expect(texts(z.number(), "abc")).toEqual(["Saisissez un nombre."]);
    expect(texts(z.int(), 1.5)).toEqual(["Saisissez un nombre entier."]);
    expect(texts(z.iso.date(), "2026-02-30")).toEqual(["Saisissez une date valide."]);
    expect(texts(z.iso.datetime({ offset: true }), "hier")).toEqual([
      "Saisissez une date et une heure avec leur fuseau horaire, par exemple 2026-03-01T14:30:00Z.",
    ]);
    expect(texts(z.string().min(3), "ab")).toEqual(["Au moins 3 caractères."]);
    expect(texts(z.string().min(1), "")).toEqual(["Ce champ est obligatoire."]);
    expect(texts(z.string().max(1), "ab")).toEqual(["Au plus 1 caractère."]);
    expect(texts(z.number().min(1).max(60), 61)).toEqual(["Saisissez un nombre inférieur ou égal à 60."]);
    expect(texts(z.number().positive(), 0)).toEqual(["Saisissez un nombre strictement supérieur à 0."]);
    expect(texts(z.array(z.string()).min(2), ["a"])).toEqual(["Indiquez au moins 2 éléments."]);
    expect(texts(z.email(), "x")).toEqual(["Saisissez une adresse e-mail valide."]);
    expect(texts(z.uuid(), "x")).toEqual(["Cet identifiant n’est pas valide."]);
    expect(texts(z.enum(["secret_a", "secret_b"]), "c")).toEqual(["Choisissez l’une des valeurs autorisées."]);
    expect(texts(z.object({}).strict(), { colour: 1, size: 2 })).toEqual(["Ces champs ne sont pas attendus ici : colour, size."]);
    expect(texts(z.number().multipleOf(5), 3)).toEqual(["Saisissez un multiple de 5."]);
    expect(issuesOf(z.string().min(3), "ab").map((i) => i.en)).toEqual(["At least 3 characters."]);
  });

  it("keeps a schema's own key, and gives a key to a refinement written without one", () => {
    expect(issuesOf(z.email({ error: "validation.email" }).max(5, { error: "validation.tooLong" }), "abcdef@x.io")[0]?.message).toBe(
      "validation.tooLong",
    );
    expect(
      issuesOf(
        z.string().refine(() => false),
        "x",
      )[0]?.message,
    ).toBe("validation.invalid");
    expect(zodIssueKey({ code: "invalid_type", expected: "string", input: undefined })).toBe("validation.required");
  });

  it("shows a key that names a limit without its value as the plain sentence (a form library carries the key alone)", () => {
    expect(messageText(fr, "validation.minLength")).toBe(fr("validation.tooShort"));
    expect(messageText(fr, "validation.maxNumber")).toBe(fr("validation.tooLarge"));
    expect(messageText(fr, { key: "validation.minLength", values: { minimum: 2, count: 2 } })).toBe("Au moins 2 caractères.");
  });
});
