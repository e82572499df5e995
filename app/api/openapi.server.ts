import { z } from "zod";
import { API_SCOPES } from "../../db/schema/inventory";
import { IngestRequest } from "../inventory/ingest-schema";
import { IssueAttestationBody } from "../reports/attestation-input";
import { AgreementApiInput, PermitApiInput } from "./registers.server";
import { RiskApiInput, RiskApiPatch } from "./risks-api.server";
import { RISK_BANDS } from "../risks/scale";
import { RISK_SCOPE_TYPES, RISK_TREATMENTS } from "../risks/risk-schema";
import { VerificationSchema } from "./verify-api.server";
import { CONTROL_STATUSES } from "../../db/schema/controls";
import { ATTENTION_REASONS, EFFECTIVE_STATUSES } from "../controls/effective-status";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const CODE = "Stable identifier of the error, the same in every language: programs test this";
const MESSAGE =
  "For people: in the language of the request's Accept-Language (English or French; English without it). Its wording may change";

const ErrorBody = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: CODE },
        message: { type: "string", description: MESSAGE },
        details: {
          type: "array",
          description: "Validation errors: one entry per field, with the index of the item in a batch (ingestion) when it has one",
          items: {
            type: "object",
            required: ["path", "message"],
            properties: {
              index: { type: "integer" },
              path: { type: "string", description: "The field, e.g. terms.currency or assets[3].attributes.gpu_count" },
              message: { type: "string", description: MESSAGE },
            },
          },
        },
      },
    },
  },
};

const MassDeleteBody = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "would_delete", "live"],
      properties: {
        code: { type: "string", enum: ["mass_delete_unconfirmed"], description: CODE },
        message: { type: "string", description: MESSAGE },
        would_delete: { type: "integer", description: "Live assets of the source that the snapshot would mark as deleted" },
        live: { type: "integer", description: "Live assets of the source before the snapshot" },
      },
    },
  },
};

const json = (ref: string) => ({ content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const errors = {
  "401": { description: "No or invalid API token", ...json("Error") },
  "403": { description: "The token lacks the scope", ...json("Error") },
};
const list = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object", properties: { data: { type: "array", items: {} } } } } },
});
const scoped = (scope: string) => [{ bearer: [scope] }];
const pathParam = (name: string, format?: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string", ...(format ? { format } : {}) },
});
const assetId = pathParam("assetId", "uuid");
const asOf = {
  name: "as_of",
  in: "query",
  schema: { type: "string", format: "date-time" },
  description: "Read the inventory as it was at this instant",
};

/** One requirement of the Statement of Applicability (app/controls/control-api.server.ts). */
const Control = {
  type: "object",
  required: ["requirement", "status", "effective_status", "reasons", "automated", "evidence"],
  properties: {
    framework: { type: "string", description: "Single-requirement responses only" },
    requirement: { type: "string" },
    theme: { type: "string" },
    title: { type: "string" },
    applicable: { type: "boolean" },
    justification: { type: "string" },
    status: { type: "string", enum: [...CONTROL_STATUSES], description: "What the organisation declared" },
    effective_status: {
      type: "string",
      enum: [...EFFECTIVE_STATUSES],
      description:
        "What Attest makes of the declaration: a declared 'implemented' is 'needs_attention' while an automated check of a policy citing it fails, evidence has expired, nothing proves it (no current evidence and no passing check) or its review is overdue. Other declared statuses are kept as declared.",
    },
    reasons: {
      type: "array",
      description: "Why it needs attention, in the rule's order (also given for partial and not started controls)",
      items: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", enum: [...ATTENTION_REASONS] },
          count: { type: "integer", description: "automated_checks_failing: failing results; evidence_expired: expired evidence items" },
          since: { type: "string", format: "date", description: "review_overdue: the review date that passed" },
          message: { type: "string", description: "The reason in English" },
        },
      },
    },
    automated: {
      type: "object",
      required: ["passing", "failing"],
      description: "Latest automated check results of the policies citing the requirement (a result in error counts as failing)",
      properties: { passing: { type: "integer" }, failing: { type: "integer" } },
    },
    owner: { type: ["string", "null"] },
    review_interval_months: { type: "integer" },
    next_review_on: { type: ["string", "null"], format: "date" },
    review_overdue: { type: "boolean" },
    evidence: {
      type: "object",
      description: "Evidence in effect today: current (valid today) and expired (validity ended)",
      properties: { current: { type: "integer" }, expired: { type: "integer" } },
    },
    risks: {
      type: "array",
      description:
        "The risks of the register this control treats (ISO/IEC 27001 clause 6.1.3 d), by reference. Given to tokens with risks:read only",
      items: {
        type: "object",
        required: ["id", "reference", "title"],
        properties: { id: { type: "string", format: "uuid" }, reference: { type: "string" }, title: { type: "string" } },
      },
    },
  },
};

const level = { type: "integer", minimum: 1, maximum: 5, description: "1-based position on the organisation's scale (3 to 5 levels)" };
const rating = (axis: string) => ({
  type: "object",
  required: ["inherent", "residual"],
  description: `The ${axis} level before treatment (inherent) and after it (residual)`,
  properties: { inherent: level, residual: level },
});
const isoInstant = { type: "string", format: "date-time" };
const isoDay = { type: ["string", "null"], format: "date" };

/** One risk of the register (app/api/risks-api.server.ts). */
const Risk = {
  type: "object",
  required: ["id", "reference", "title", "likelihood", "impact", "inherent_score", "residual_score", "treatment", "controls", "owner"],
  properties: {
    id: { type: "string", format: "uuid" },
    reference: { type: "string", description: "R-001, R-002, … per organisation" },
    library_id: { type: ["string", "null"], description: "The risk of Attest's data-centre library it started from" },
    language: { type: "string", enum: ["en", "fr"], description: "The language its words are written in" },
    title: { type: "string" },
    description: { type: "string" },
    risk_source: { type: "string" },
    threat: { type: "string" },
    vulnerability: { type: "string" },
    owner: {
      type: ["object", "null"],
      properties: { id: { type: "string", format: "uuid" }, name: { type: ["string", "null"] } },
    },
    likelihood: rating("likelihood"),
    impact: rating("impact"),
    inherent_score: { type: "integer", description: "Inherent likelihood × impact" },
    residual_score: { type: "integer", description: "Residual likelihood × impact" },
    inherent_band: { type: "string", enum: [...RISK_BANDS], description: "The score's band, as a share of the scale's highest score" },
    residual_band: { type: "string", enum: [...RISK_BANDS] },
    treatment: { type: "string", enum: [...RISK_TREATMENTS], description: "ISO/IEC 27005: modify, retain, avoid or share" },
    controls: {
      type: "array",
      description: "The controls that treat it, with their effective status today and when the residual score was assessed",
      items: {
        type: "object",
        properties: {
          framework: { type: "string" },
          requirement: { type: "string" },
          effective_status: { type: ["string", "null"], enum: [...EFFECTIVE_STATUSES, null] },
          assessed_status: { type: ["string", "null"], enum: [...EFFECTIVE_STATUSES, null] },
        },
      },
    },
    scope: {
      type: "array",
      items: {
        type: "object",
        properties: {
          type: { type: "string", enum: [...RISK_SCOPE_TYPES] },
          id: { type: "string", format: "uuid" },
          name: { type: ["string", "null"] },
        },
      },
    },
    assessed_at: isoInstant,
    up_for_review: {
      type: "boolean",
      description: "A treating control stands lower today than when the residual score was assessed (see degraded_controls)",
    },
    degraded_controls: {
      type: "array",
      items: {
        type: "object",
        properties: { control: { type: "string" }, assessed: { type: "string" }, now: { type: "string" } },
      },
    },
    acceptance: {
      type: ["object", "null"],
      description: "The owner's acceptance of the residual risk (recorded in Attest by the owner, not through the API)",
      properties: {
        accepted_by_user_id: { type: "string", format: "uuid" },
        accepted_at: isoInstant,
        expires_on: { type: "string", format: "date" },
        note: { type: ["string", "null"] },
        in_force: { type: "boolean", description: "Recorded and not past expires_on today" },
      },
    },
    next_review_on: isoDay,
    archived_at: { type: ["string", "null"], format: "date-time" },
    created_at: isoInstant,
    updated_at: isoInstant,
  },
};
const oneRisk = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object", properties: { data: { $ref: "#/components/schemas/Risk" } } } } },
});
const riskId = pathParam("riskId", "uuid");

/** The OpenAPI 3.1 description of /api/v1, with request schemas generated from the zod schemas the API uses. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Attest API",
      version: "1.0.0",
      description:
        "Inventory ingestion, registers and policy findings of an Attest organisation. Authenticate with an API token: Authorization: Bearer att_…\n\n" +
        "Errors answer `{ error: { code, message, details? } }`. `code` is stable and the same in every language: test it in programs. " +
        "`message`, and the `message` of each detail, are for people, in the language of the request's `Accept-Language` header " +
        "(English or French; English without the header), with `Content-Language` saying which; their wording may change.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: `Scopes: ${API_SCOPES.join(", ")}` } },
      schemas: {
        IngestRequest: schema(IngestRequest),
        PermitInput: schema(PermitApiInput),
        AgreementInput: schema(AgreementApiInput),
        Error: ErrorBody,
        MassDeleteUnconfirmed: MassDeleteBody,
        Verification: VerificationSchema,
        Control,
        Risk,
        RiskInput: schema(RiskApiInput),
        RiskPatch: schema(RiskApiPatch),
      },
    },
    paths: {
      "/inventory": {
        get: {
          summary: "List assets (cursor pagination)",
          security: scoped("inventory:read"),
          parameters: [
            ...["kind", "tenant", "site", "country", "q", "cursor"].map((name) => ({ name, in: "query", schema: { type: "string" } })),
            { name: "changed_since", in: "query", schema: { type: "string", format: "date-time" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
            asOf,
          ],
          responses: {
            "200": list("A page of assets and next_cursor"),
            "400": { description: "Invalid query", ...json("Error") },
            ...errors,
          },
        },
        post: {
          summary: "Ingest assets, all or nothing",
          security: scoped("inventory:write"),
          requestBody: { required: true, ...json("IngestRequest") },
          responses: {
            "200": { description: "Counts created / updated / unchanged / deleted and the ingest id" },
            "409": {
              description:
                "mass_delete_unconfirmed: a snapshot that would delete all of its source's live assets, or more than 20 % of them (from 10 live assets on), without confirm_mass_delete; nothing written",
              ...json("MassDeleteUnconfirmed"),
            },
            "413": { description: "More than 50,000 assets or 64 MB", ...json("Error") },
            "415": { description: "Not JSON", ...json("Error") },
            "422": { description: "Errors by index and field; nothing written", ...json("Error") },
            ...errors,
          },
        },
      },
      "/inventory/{assetId}": {
        get: {
          summary: "One asset",
          security: scoped("inventory:read"),
          parameters: [assetId, asOf],
          responses: { "200": { description: "The asset" }, "404": { description: "No such asset", ...json("Error") }, ...errors },
        },
      },
      "/inventory/{assetId}/history": {
        get: {
          summary: "Every version of an asset",
          security: scoped("inventory:read"),
          parameters: [assetId, asOf],
          responses: { "200": list("Versions, newest first"), "404": { description: "No such asset", ...json("Error") }, ...errors },
        },
      },
      "/permits": {
        get: { summary: "The permit register", security: scoped("permits:read"), responses: { "200": list("Permits"), ...errors } },
        post: {
          summary: "Record a permit",
          security: scoped("permits:write"),
          requestBody: { required: true, ...json("PermitInput") },
          responses: {
            "201": { description: "The permit" },
            "422": { description: "Errors by field; nothing written", ...json("Error") },
            ...errors,
          },
        },
      },
      "/agreements": {
        get: {
          summary: "Current version of every agreement",
          security: scoped("agreements:read"),
          responses: { "200": list("Agreements"), ...errors },
        },
        post: {
          summary: "Record an agreement",
          security: scoped("agreements:write"),
          requestBody: { required: true, ...json("AgreementInput") },
          responses: {
            "201": { description: "The agreement, version 1" },
            "422": { description: "Errors by field; nothing written", ...json("Error") },
            ...errors,
          },
        },
      },
      "/agreements/{agreementId}/versions": {
        post: {
          summary: "Amend an agreement (a new version)",
          security: scoped("agreements:write"),
          parameters: [pathParam("agreementId", "uuid")],
          requestBody: { required: true, ...json("AgreementInput") },
          responses: {
            "201": {
              description:
                "The agreement at its new version, with `changes`: what the amendment changed from the version before, in the request's language (Accept-Language)",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      data: {
                        type: "object",
                        properties: {
                          changes: {
                            type: "array",
                            items: {
                              type: "object",
                              required: ["code", "section", "change", "label", "text"],
                              properties: {
                                code: { type: "string", description: "Stable: terms.noticeDays, party.added, clause.dataLocation…" },
                                section: {
                                  type: "string",
                                  description: "The part of the agreement it is in (parties, terms, clauses, obligations…)",
                                },
                                change: { type: "string", enum: ["added", "removed", "changed"] },
                                label: { type: "string", description: "What changed, in words" },
                                text: { type: "string", description: "The whole change as a sentence: before → after" },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            "404": { description: "No such agreement", ...json("Error") },
            "422": { description: "Errors by field", ...json("Error") },
            ...errors,
          },
        },
      },
      "/obligations": {
        get: {
          summary: "Obligations of the current agreements",
          security: scoped("agreements:read"),
          responses: { "200": list("Obligations"), ...errors },
        },
      },
      "/controls/{frameworkId}/{requirementId}": {
        get: {
          summary: "One requirement: declared and effective status, reasons, automated checks and evidence",
          security: scoped("controls:read"),
          parameters: [pathParam("frameworkId"), pathParam("requirementId")],
          responses: {
            "200": {
              description: "The requirement",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { $ref: "#/components/schemas/Control" } } },
                },
              },
            },
            "404": { description: "No such requirement", ...json("Error") },
            ...errors,
          },
        },
        put: {
          summary: "Set the assessment of one requirement",
          security: scoped("controls:write"),
          parameters: [pathParam("frameworkId"), pathParam("requirementId")],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
          responses: {
            "200": {
              description: "The assessment as written, with the effective status Attest derives from it",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { $ref: "#/components/schemas/Control" } } },
                },
              },
            },
            "404": { description: "No such requirement", ...json("Error") },
            "422": { description: "Errors by field", ...json("Error") },
            ...errors,
          },
        },
      },
      "/risks": {
        get: {
          summary: "The risk register in reference order (cursor pagination)",
          security: scoped("risks:read"),
          parameters: [
            { name: "treatment", in: "query", schema: { type: "string", enum: [...RISK_TREATMENTS] } },
            {
              name: "control",
              in: "query",
              description: "The risks a control treats: an ISO/IEC 27001:2022 control (A.7.11) or framework:requirement",
              schema: { type: "string" },
            },
            { name: "cursor", in: "query", description: "next_cursor of the previous page", schema: { type: "string" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: {
            "200": {
              description: "A page of risks and next_cursor (null on the last page)",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      data: { type: "array", items: { $ref: "#/components/schemas/Risk" } },
                      next_cursor: { type: ["string", "null"] },
                    },
                  },
                },
              },
            },
            "400": { description: "Invalid query or unknown control", ...json("Error") },
            ...errors,
          },
        },
        post: {
          summary: "Record a risk",
          description:
            "Levels must exist on the organisation's scale, the residual score may not exceed the inherent one, a modify treatment names its controls, and the scope and owner belong to the organisation.",
          security: scoped("risks:write"),
          requestBody: { required: true, ...json("RiskInput") },
          responses: {
            "201": oneRisk("The risk, with its reference"),
            "422": { description: "Errors by field; nothing written", ...json("Error") },
            ...errors,
          },
        },
      },
      "/risks/{riskId}": {
        get: {
          summary: "One risk",
          security: scoped("risks:read"),
          parameters: [riskId],
          responses: { "200": oneRisk("The risk"), "404": { description: "No such risk", ...json("Error") }, ...errors },
        },
        patch: {
          summary: "Change a risk",
          description:
            "Only the fields sent change; the result is checked as a whole. Changing the treatment or a residual level ends the owner's acceptance.",
          security: scoped("risks:write"),
          parameters: [riskId],
          requestBody: { required: true, ...json("RiskPatch") },
          responses: {
            "200": oneRisk("The risk as changed"),
            "404": { description: "No such risk (or archived)", ...json("Error") },
            "422": { description: "Errors by field; nothing written", ...json("Error") },
            ...errors,
          },
        },
      },
      "/findings": {
        get: {
          summary: "Findings of the policy engine (cursor pagination, newest first)",
          security: scoped("findings:read"),
          parameters: [
            { name: "status", in: "query", schema: { type: "string", enum: ["live", "open", "accepted", "resolved"], default: "live" } },
            { name: "severity", in: "query", schema: { type: "string", enum: ["critical", "high", "medium", "low"] } },
            ...["tenant", "policy", "framework", "cursor"].map((name) => ({ name, in: "query", schema: { type: "string" } })),
            {
              name: "site",
              in: "query",
              description: "A site's id: the findings on the site, on everything in it and on its permits",
              schema: { type: "string", format: "uuid" },
            },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: {
            "200": list("A page of findings and next_cursor"),
            "400": { description: "Invalid query", ...json("Error") },
            ...errors,
          },
        },
      },
      "/findings/{findingId}": {
        get: {
          summary: "One finding with its history and exceptions",
          security: scoped("findings:read"),
          parameters: [pathParam("findingId", "uuid")],
          responses: { "200": { description: "The finding" }, "404": { description: "No such finding", ...json("Error") }, ...errors },
        },
      },
      "/runs": {
        post: {
          summary: "Queue a full evaluation run",
          security: scoped("runs:write"),
          responses: { "202": { description: "The queued run (or the one already queued)" }, ...errors },
        },
      },
      "/runs/{runId}": {
        get: {
          summary: "One evaluation run",
          security: scoped("findings:read"),
          parameters: [pathParam("runId", "uuid")],
          responses: {
            "200": { description: "The run: status, counts, policy set hash, inventory version" },
            "404": { description: "No such run", ...json("Error") },
            ...errors,
          },
        },
      },
      "/tenants/{tenantSlug}/attestations": {
        post: {
          summary: "Issue a signed residency attestation for a tenant",
          security: scoped("reports:write"),
          parameters: [pathParam("tenantSlug")],
          requestBody: {
            required: true,
            content: { "application/json": { schema: z.toJSONSchema(IssueAttestationBody, { target: "openapi-3.0" }) } },
          },
          responses: {
            "201": { description: "The attestation: id, verification code, pdf_url, verify_url, sha256" },
            "404": { description: "No such tenant", ...json("Error") },
            "409": { description: "Cannot attest (no completed run, or as_of earlier than the latest results)", ...json("Error") },
            "422": { description: "Errors by field", ...json("Error") },
            ...errors,
          },
        },
        get: {
          summary: "A tenant's attestations, newest first",
          security: scoped("reports:read"),
          parameters: [pathParam("tenantSlug")],
          responses: { "200": list("Attestations"), "404": { description: "No such tenant", ...json("Error") }, ...errors },
        },
      },
      "/attestations/{attestationId}/pdf": {
        get: {
          summary: "Download a signed attestation (application/pdf; header X-Content-SHA256)",
          security: scoped("reports:read"),
          parameters: [pathParam("attestationId", "uuid")],
          responses: {
            "200": { description: "The PDF as issued" },
            "404": { description: "No such attestation", ...json("Error") },
            ...errors,
          },
        },
      },
      "/verify": {
        post: {
          summary: "Public check of a PDF against the register (no token): the verification page's verdict as JSON",
          description:
            "Send the PDF in the multipart field file and, optionally, the verification code in code; without a code, the code the file's signature names is checked. The verdict combines both: genuine only when the file is, byte for byte, the document issued under the code and that document is not revoked. Answered 200 whatever the verdict; the file is not stored. Like the page, it needs no account and is not rate-limited; the body may not exceed 21 MB.",
          security: [],
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file"],
                  properties: {
                    file: { type: "string", format: "binary", description: "The PDF, at most 20 MB" },
                    code: { type: "string", description: "The verification code, such as ATT-7K2M-9QXD-4RTB" },
                  },
                },
              },
            },
          },
          responses: {
            "200": {
              description: "The verdict and its facts",
              content: {
                "application/json": {
                  schema: { type: "object", required: ["data"], properties: { data: { $ref: "#/components/schemas/Verification" } } },
                },
              },
            },
            "400": { description: "The body is not a readable multipart form", ...json("Error") },
            "413": { description: "The body exceeds 21 MB", ...json("Error") },
            "415": { description: "Not multipart/form-data", ...json("Error") },
            "422": { description: "No PDF in the field file (or an empty or too large one)", ...json("Error") },
          },
        },
      },
      "/verify/{code}": {
        get: {
          summary: "Public verification of a document by its code (no token)",
          security: [],
          parameters: [pathParam("code")],
          responses: {
            "200": { description: "status valid or revoked, issuer, tenant, dates, key id, SHA-256" },
            "404": { description: "Unknown code", ...json("Error") },
          },
        },
      },
      "/controls": {
        get: {
          summary: "Statement of Applicability of a framework",
          security: scoped("controls:read"),
          parameters: [{ name: "framework", in: "query", schema: { type: "string", default: "iso27001-2022" } }],
          responses: {
            "200": {
              description: "Requirements with their declared and effective status",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      framework: {
                        type: "object",
                        properties: { id: { type: "string" }, name: { type: "string" }, version: { type: "string" } },
                      },
                      data: { type: "array", items: { $ref: "#/components/schemas/Control" } },
                    },
                  },
                },
              },
            },
            "404": { description: "Unknown framework", ...json("Error") },
            ...errors,
          },
        },
      },
    },
  };
}
