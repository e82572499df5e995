import type { Ids } from "./harness";

/**
 * Every route module and how to call it. `kind` says who calls it: a signed-in browser (session), an API client
 * (token), or anyone (public). A case names the resource it targets: the organisation's own, or (`other tenant`)
 * one of a tenant the tenant member does not belong to. `post` is the form or JSON sent to the action: empty or
 * invalid on purpose, so that an allowed caller gets a validation answer and nothing changes.
 */
export type RouteCase = {
  name: string;
  path: (ids: Ids) => string;
  params: (ids: Ids) => Record<string, string>;
  get: boolean;
  post: Record<string, string> | null;
  writeMethod: "POST" | "PUT" | "PATCH";
};
export type RouteEntry = { kind: "session" | "token" | "public"; cases: RouteCase[] };

const one = (
  path: (ids: Ids) => string,
  params: (ids: Ids) => Record<string, string> = () => ({}),
  options: { get?: boolean; post?: Record<string, string> | null; name?: string; writeMethod?: "POST" | "PUT" | "PATCH" } = {},
): RouteCase => ({
  writeMethod: options.writeMethod ?? "POST",
  name: options.name ?? "own",
  path,
  params,
  get: options.get ?? true,
  post: options.post === undefined ? null : options.post,
});
const EMPTY = {};
const session = (...cases: RouteCase[]): RouteEntry => ({ kind: "session", cases });
const token = (...cases: RouteCase[]): RouteEntry => ({ kind: "token", cases });
const open = (...cases: RouteCase[]): RouteEntry => ({ kind: "public", cases });

export const ROUTES: Record<string, RouteEntry> = {
  "[.well-known].attest-audit-checkpoints.$slug": open(
    one(
      () => "/.well-known/attest-audit-checkpoints/helios.json",
      () => ({ slug: "helios.json" }),
    ),
  ),
  "[.well-known].attest-keys[.]json": open(one(() => "/.well-known/attest-keys.json")),
  _app: session(one(() => "/")),
  "_app._index": session(one(() => "/")),
  "_app.agreements.$agreementId._index": session(
    one(
      (i) => `/agreements/${i.agreement}`,
      (i) => ({ agreementId: i.agreement }),
      { post: EMPTY },
    ),
  ),
  "_app.agreements.$agreementId.amend": session(
    one(
      (i) => `/agreements/${i.agreement}/amend`,
      (i) => ({ agreementId: i.agreement }),
      { post: EMPTY },
    ),
  ),
  "_app.agreements.$agreementId.archive": session(
    one(
      (i) => `/agreements/${i.agreement}/archive`,
      (i) => ({ agreementId: i.agreement }),
    ),
  ),
  "_app.agreements._index": session(one(() => "/agreements")),
  "_app.agreements.obligations": session(one(() => "/agreements/obligations")),
  "_app.agreements.counterparties": session(
    one(
      () => "/agreements/counterparties",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.agreements.new": session(
    one(
      () => "/agreements/new",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.audit": session(one(() => "/audit")),
  "_app.audits.$auditId": session(
    one(
      (i) => `/audits/${i.audit}`,
      (i) => ({ auditId: i.audit }),
      { post: EMPTY },
    ),
  ),
  "_app.audits._index": session(
    one(
      () => "/audits",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.controls.$frameworkId.$requirementId": session(
    one(
      () => "/controls/iso27001-2022/A.5.1",
      () => ({ frameworkId: "iso27001-2022", requirementId: "A.5.1" }),
      { post: EMPTY },
    ),
  ),
  "_app.controls._index": session(one(() => "/controls")),
  "_app.findings.$findingId": session(
    one(
      (i) => `/findings/${i.lumenFinding}`,
      (i) => ({ findingId: i.lumenFinding }),
      { post: EMPTY },
    ),
    one(
      (i) => `/findings/${i.genoviaFinding}`,
      (i) => ({ findingId: i.genoviaFinding }),
      { name: "other tenant" },
    ),
  ),
  "_app.findings._index": session(
    one(
      () => "/findings",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.inventory.$assetId": session(
    one(
      (i) => `/inventory/${i.asset}`,
      (i) => ({ assetId: i.asset }),
    ),
  ),
  "_app.inventory._index": session(one(() => "/inventory")),
  "_app.inventory.import": session(
    one(
      () => "/inventory/import",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.notifications": session(
    one(
      () => "/notifications",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.permits.$permitId._index": session(
    one(
      (i) => `/permits/${i.permit}`,
      (i) => ({ permitId: i.permit }),
    ),
  ),
  "_app.permits.$permitId.archive": session(
    one(
      (i) => `/permits/${i.permit}/archive`,
      (i) => ({ permitId: i.permit }),
    ),
  ),
  "_app.permits.$permitId.edit": session(
    one(
      (i) => `/permits/${i.permit}/edit`,
      (i) => ({ permitId: i.permit }),
      { post: EMPTY },
    ),
  ),
  "_app.permits._index": session(one(() => "/permits")),
  "_app.risks.$riskId._index": session(
    one(
      (i) => `/risks/${i.risk}`,
      (i) => ({ riskId: i.risk }),
    ),
  ),
  "_app.risks.$riskId.accept": session(
    one(
      (i) => `/risks/${i.risk}/accept`,
      (i) => ({ riskId: i.risk }),
      { post: EMPTY },
    ),
  ),
  // GET only, like a permit's: archiving the harness's risk would change what the other cases see.
  "_app.risks.$riskId.archive": session(
    one(
      (i) => `/risks/${i.risk}/archive`,
      (i) => ({ riskId: i.risk }),
    ),
  ),
  "_app.risks.$riskId.edit": session(
    one(
      (i) => `/risks/${i.risk}/edit`,
      (i) => ({ riskId: i.risk }),
      { post: EMPTY },
    ),
  ),
  "_app.risks.new": session(
    one(
      () => "/risks/new",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.risks._index": session(one(() => "/risks")),
  "_app.permits.new": session(
    one(
      () => "/permits/new",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.policies.$policyId": session(
    one(
      () => "/policies/iso27001.a8-24.storage-encrypted-at-rest",
      () => ({ policyId: "iso27001.a8-24.storage-encrypted-at-rest" }),
      { post: EMPTY },
    ),
  ),
  "_app.policies._index": session(one(() => "/policies")),
  "_app.policies.custom.$policyId": session(
    one(
      () => "/policies/custom/00000000-0000-4000-8000-000000000000",
      () => ({ policyId: "00000000-0000-4000-8000-000000000000" }),
    ),
  ),
  "_app.policies.custom.new": session(
    one(
      () => "/policies/custom/new",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.policies.runs": session(
    one(
      () => "/policies/runs",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.reports._index": session(
    one(
      () => "/reports",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.reports.attestations.$attestationId.revoke": session(
    one(
      (i) => `/reports/attestations/${i.attestation}/revoke`,
      (i) => ({ attestationId: i.attestation }),
      { post: EMPTY },
    ),
  ),
  "_app.settings._index": session(
    one(
      () => "/settings",
      () => ({}),
      { post: { intent: "nothing" } },
    ),
  ),
  "_app.settings.invitations.$invitationId.revoke": session(
    one(
      (i) => `/settings/invitations/${i.invitation}/revoke`,
      (i) => ({ invitationId: i.invitation }),
    ),
  ),
  "_app.settings.members.$membershipId._index": session(
    one(
      (i) => `/settings/members/${i.membership}`,
      (i) => ({ membershipId: i.membership }),
      { post: EMPTY },
    ),
  ),
  "_app.settings.members.$membershipId.remove": session(
    one(
      (i) => `/settings/members/${i.membership}/remove`,
      (i) => ({ membershipId: i.membership }),
    ),
  ),
  "_app.settings.members._index": session(one(() => "/settings/members")),
  "_app.settings.members.invite": session(
    one(
      () => "/settings/members/invite",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.settings.notifications": session(
    one(
      () => "/settings/notifications",
      () => ({}),
      { post: { intent: "nothing" } },
    ),
  ),
  "_app.settings.signing-keys": session(one(() => "/settings/signing-keys")),
  "_app.settings.tenants.$tenantId._index": session(
    one(
      (i) => `/settings/tenants/${i.lumen}`,
      (i) => ({ tenantId: i.lumen }),
      { post: EMPTY },
    ),
    one(
      (i) => `/settings/tenants/${i.genovia}`,
      (i) => ({ tenantId: i.genovia }),
      { name: "other tenant" },
    ),
  ),
  "_app.settings.tenants.$tenantId.delete": session(
    one(
      (i) => `/settings/tenants/${i.lumen}/delete`,
      (i) => ({ tenantId: i.lumen }),
    ),
  ),
  "_app.settings.tenants.$tenantId.edit": session(
    one(
      (i) => `/settings/tenants/${i.lumen}/edit`,
      (i) => ({ tenantId: i.lumen }),
      { post: EMPTY },
    ),
  ),
  "_app.settings.tenants._index": session(one(() => "/settings/tenants")),
  "_app.settings.tenants.new": session(
    one(
      () => "/settings/tenants/new",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.settings.tokens.$tokenId.revoke": session(
    one(
      (i) => `/settings/tokens/${i.apiToken}/revoke`,
      (i) => ({ tokenId: i.apiToken }),
    ),
  ),
  "_app.settings.risk-scale": session(
    one(
      () => "/settings/risk-scale",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "_app.settings.tokens._index": session(
    one(
      () => "/settings/tokens",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  "agreements.documents.$documentId": session(
    one(
      () => "/agreements/documents/00000000-0000-4000-8000-000000000000",
      () => ({ documentId: "00000000-0000-4000-8000-000000000000" }),
    ),
  ),
  "api.v1.agreements.$agreementId.versions": token(
    one(
      (i) => `/api/v1/agreements/${i.agreement}/versions`,
      (i) => ({ agreementId: i.agreement }),
      { get: false, post: { title: "" } },
    ),
  ),
  "api.v1.agreements": token(
    one(
      () => "/api/v1/agreements",
      () => ({}),
      { post: { title: "" } },
    ),
  ),
  "api.v1.attestations.$attestationId.pdf": token(
    one(
      (i) => `/api/v1/attestations/${i.attestation}/pdf`,
      (i) => ({ attestationId: i.attestation }),
    ),
  ),
  "api.v1.controls.$frameworkId.$requirementId": token(
    one(
      () => "/api/v1/controls/iso27001-2022/A.5.1",
      () => ({ frameworkId: "iso27001-2022", requirementId: "A.5.1" }),
      { post: { status: "bogus" }, writeMethod: "PUT" },
    ),
  ),
  "api.v1.controls": token(one(() => "/api/v1/controls")),
  "api.v1.findings.$findingId": token(
    one(
      (i) => `/api/v1/findings/${i.lumenFinding}`,
      (i) => ({ findingId: i.lumenFinding }),
    ),
  ),
  "api.v1.findings": token(one(() => "/api/v1/findings")),
  "api.v1.inventory.$assetId.history": token(
    one(
      (i) => `/api/v1/inventory/${i.asset}/history`,
      (i) => ({ assetId: i.asset }),
    ),
  ),
  "api.v1.inventory.$assetId": token(
    one(
      (i) => `/api/v1/inventory/${i.asset}`,
      (i) => ({ assetId: i.asset }),
    ),
  ),
  "api.v1.inventory": token(
    one(
      () => "/api/v1/inventory",
      () => ({}),
      { post: { source: "" } },
    ),
  ),
  "api.v1.obligations": token(one(() => "/api/v1/obligations")),
  "api.v1.openapi[.]json": open(one(() => "/api/v1/openapi.json")),
  "api.v1.permits": token(
    one(
      () => "/api/v1/permits",
      () => ({}),
      { post: { reference: "" } },
    ),
  ),
  "api.v1.risks.$riskId": token(
    one(
      (i) => `/api/v1/risks/${i.risk}`,
      (i) => ({ riskId: i.risk }),
      { post: { title: "" }, writeMethod: "PATCH" },
    ),
  ),
  "api.v1.risks": token(
    one(
      () => "/api/v1/risks",
      () => ({}),
      { post: { title: "" } },
    ),
  ),
  "api.v1.runs.$runId": token(
    one(
      (i) => `/api/v1/runs/${i.run}`,
      (i) => ({ runId: i.run }),
    ),
  ),
  "api.v1.runs": token(
    one(
      () => "/api/v1/runs",
      () => ({}),
      { get: false, post: EMPTY },
    ),
  ),
  "api.v1.tenants.$tenantSlug.attestations": token(
    one(
      () => "/api/v1/tenants/lumen-ai/attestations",
      () => ({ tenantSlug: "lumen-ai" }),
      { post: { language: "de" } },
    ),
  ),
  "api.v1.verify": open(
    one(
      () => "/api/v1/verify",
      () => ({}),
      { get: false, post: EMPTY },
    ),
  ),
  "api.v1.verify.$code": open(
    one(
      (i) => `/api/v1/verify/${i.attestationCode}`,
      (i) => ({ code: i.attestationCode }),
    ),
  ),
  "audit[.]csv": session(one(() => "/audit.csv")),
  "calendar.$token": open(
    one(
      () => "/calendar/not-a-real-feed.ics",
      () => ({ token: "not-a-real-feed.ics" }),
    ),
  ),
  "controls.evidence.$evidenceId": session(
    one(
      () => "/controls/evidence/00000000-0000-4000-8000-000000000000",
      () => ({ evidenceId: "00000000-0000-4000-8000-000000000000" }),
    ),
  ),
  "controls.export[.]csv": session(one(() => "/controls/export.csv")),
  "controls.export[.]xlsx": session(one(() => "/controls/export.xlsx")),
  "findings.export[.]csv": session(one(() => "/findings/export.csv")),
  "findings.export[.]xlsx": session(one(() => "/findings/export.xlsx")),
  "inventory.import.template.$kind": session(
    one(
      () => "/inventory/import/template/rack",
      () => ({ kind: "rack" }),
    ),
  ),
  "invite.$token": open(
    one(
      (i) => `/invite/${i.inviteToken}`,
      (i) => ({ token: i.inviteToken }),
    ),
  ),
  login: open(
    one(
      () => "/login",
      () => ({}),
      { post: EMPTY },
    ),
  ),
  logout: session(
    one(
      () => "/logout",
      () => ({}),
      { get: true },
    ),
  ),
  "permits.documents.$documentId": session(
    one(
      () => "/permits/documents/00000000-0000-4000-8000-000000000000",
      () => ({ documentId: "00000000-0000-4000-8000-000000000000" }),
    ),
  ),
  "policies.custom.check": session(
    one(
      () => "/policies/custom/check",
      () => ({}),
      { get: false, post: { source: "" } },
    ),
  ),
  "registers.export.$file": session(
    one(
      () => "/registers/export/permits.csv",
      () => ({ file: "permits.csv" }),
    ),
  ),
  "reports.$reportId.file": session(
    one(
      () => "/reports/00000000-0000-4000-8000-000000000000/file",
      () => ({ reportId: "00000000-0000-4000-8000-000000000000" }),
    ),
  ),
  "reports.attestations.$attestationId[.]pdf": session(
    one(
      (i) => `/reports/attestations/${i.attestation}.pdf`,
      (i) => ({ attestationId: i.attestation }),
    ),
    one(
      (i) => `/reports/attestations/${i.genoviaAttestation}.pdf`,
      (i) => ({ attestationId: i.genoviaAttestation }),
      { name: "other tenant" },
    ),
  ),
  "set-language": session(
    one(
      () => "/set-language",
      () => ({}),
      { get: false, post: { locale: "xx" } },
    ),
  ),
  "switch-organization": session(
    one(
      () => "/switch-organization",
      () => ({}),
      { get: false, post: { organizationId: "not-a-uuid" } },
    ),
  ),
  "verify.$code": open(
    one(
      (i) => `/verify/${i.attestationCode}`,
      (i) => ({ code: i.attestationCode }),
    ),
  ),
  "verify._index": open(one(() => "/verify")),
};
