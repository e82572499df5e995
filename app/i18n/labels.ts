import type { AgreementType } from "../../db/schema/agreements";
import type { ReviewKind } from "../../db/schema/audits";
import type { findingEvents, findingExceptions, FindingStatus, RunStatus } from "../../db/schema/findings";
import type { Role } from "../../db/schema/identity";
import type { AssetKind } from "../../db/schema/inventory";
import type { CLOUD_PROVIDERS, TRANSFER_MECHANISMS } from "../inventory/kinds";
import type { PermitStatus, PermitType } from "../../db/schema/permits";
import type { ReportKind, ReportStatus } from "../../db/schema/reports";
import type { AgreementContent } from "../agreements/content";
import type { ResultStatus } from "../policy-engine/evaluate";
import type { ResourceKind, Severity } from "../policy-engine/policy-schema";
import type { ReportFramework } from "../reports/report-frameworks";
import { translator, type Locale } from "./i18n";
import type { MessageKey } from "./keys";

// The label of every value of every enumeration a reader sees, written out so that the compiler checks each value has
// a key (and each key exists), and the unused-key test sees every key in use. A code is never shown in a sentence.

type FindingEventKind = (typeof findingEvents.$inferSelect)["kind"];
type ExceptionEndReason = NonNullable<(typeof findingExceptions.$inferSelect)["endReason"]>;
type SubProcessing = NonNullable<AgreementContent["clauses"]["subProcessing"]>;
type AuditStatus = "open" | "closed";
type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];
type CloudProvider = (typeof CLOUD_PROVIDERS)[number];

export const SEVERITY_LABEL = {
  critical: "findings.severities.critical",
  high: "findings.severities.high",
  medium: "findings.severities.medium",
  low: "findings.severities.low",
} as const satisfies Record<Severity, MessageKey>;

export const FINDING_STATUS_LABEL = {
  live: "findings.statuses.live",
  open: "findings.statuses.open",
  accepted: "findings.statuses.accepted",
  resolved: "findings.statuses.resolved",
} as const satisfies Record<FindingStatus | "live", MessageKey>;

export const RESULT_STATUS_LABEL = {
  pass: "policies.statuses.pass",
  fail: "policies.statuses.fail",
  error: "policies.statuses.error",
  not_applicable: "policies.statuses.not_applicable",
} as const satisfies Record<ResultStatus, MessageKey>;

export const RUN_STATUS_LABEL = {
  queued: "runs.statuses.queued",
  completed: "runs.statuses.completed",
  failed: "runs.statuses.failed",
} as const satisfies Record<RunStatus, MessageKey>;

export const RESOURCE_KIND_LABEL = {
  site: "findings.kinds.site",
  hall: "findings.kinds.hall",
  rack: "findings.kinds.rack",
  device: "findings.kinds.device",
  storage_volume: "findings.kinds.storage_volume",
  dataset: "findings.kinds.dataset",
  backup: "findings.kinds.backup",
  cloud_resource: "findings.kinds.cloud_resource",
  data_transfer: "findings.kinds.data_transfer",
  power_feed: "findings.kinds.power_feed",
  tenant: "findings.kinds.tenant",
  permit: "findings.kinds.permit",
  agreement: "findings.kinds.agreement",
} as const satisfies Record<ResourceKind, MessageKey>;

export const ASSET_KIND_LABEL = {
  site: "kinds.site",
  hall: "kinds.hall",
  rack: "kinds.rack",
  device: "kinds.device",
  storage_volume: "kinds.storage_volume",
  dataset: "kinds.dataset",
  backup: "kinds.backup",
  cloud_resource: "kinds.cloud_resource",
  data_transfer: "kinds.data_transfer",
  power_feed: "kinds.power_feed",
} as const satisfies Record<AssetKind, MessageKey>;

export const FINDING_EVENT_LABEL = {
  opened: "findings.events.opened",
  resolved: "findings.events.resolved",
  exception_requested: "findings.events.exception_requested",
  exception_refused: "findings.events.exception_refused",
  exception_withdrawn: "findings.events.exception_withdrawn",
  exception_granted: "findings.events.exception_granted",
  exception_revoked: "findings.events.exception_revoked",
  exception_expired: "findings.events.exception_expired",
  severity_changed: "findings.events.severity_changed",
} as const satisfies Record<FindingEventKind, MessageKey>;

export const PERMIT_TYPE_LABEL = {
  icpe: "permits.types.icpe",
  building: "permits.types.building",
  occupancy: "permits.types.occupancy",
  grid_connection: "permits.types.grid_connection",
  water_withdrawal: "permits.types.water_withdrawal",
  generator_fuel: "permits.types.generator_fuel",
  noise: "permits.types.noise",
} as const satisfies Record<PermitType, MessageKey>;

export const PERMIT_STATUS_LABEL = {
  applied: "permits.statuses.applied",
  granted: "permits.statuses.granted",
  suspended: "permits.statuses.suspended",
  expired: "permits.statuses.expired",
  withdrawn: "permits.statuses.withdrawn",
} as const satisfies Record<PermitStatus, MessageKey>;

export const AGREEMENT_TYPE_LABEL = {
  msa: "agreements.types.msa",
  colocation: "agreements.types.colocation",
  gpu_capacity: "agreements.types.gpu_capacity",
  licence: "agreements.types.licence",
  nda: "agreements.types.nda",
  dpa: "agreements.types.dpa",
  scc: "agreements.types.scc",
  partnership: "agreements.types.partnership",
  financing: "agreements.types.financing",
} as const satisfies Record<AgreementType, MessageKey>;

export const SUB_PROCESSING_LABEL = {
  allowed: "agreements.subProcessing.allowed",
  with_consent: "agreements.subProcessing.with_consent",
  forbidden: "agreements.subProcessing.forbidden",
} as const satisfies Record<SubProcessing, MessageKey>;

export const ROLE_LABEL = {
  admin: "roles.admin",
  compliance_officer: "roles.compliance_officer",
  legal: "roles.legal",
  auditor: "roles.auditor",
  tenant_member: "roles.tenant_member",
} as const satisfies Record<Role, MessageKey>;

export const REPORT_KIND_LABEL = {
  audit_report: "reports.audit.kinds.audit_report",
  evidence_pack: "reports.audit.kinds.evidence_pack",
} as const satisfies Record<ReportKind, MessageKey>;

export const REPORT_STATUS_LABEL = {
  queued: "reports.audit.statuses.queued",
  running: "reports.audit.statuses.running",
  completed: "reports.audit.statuses.completed",
  failed: "reports.audit.statuses.failed",
} as const satisfies Record<ReportStatus, MessageKey>;

export const REPORT_FRAMEWORK_LABEL = {
  "iso27001-2022": "reports.audit.frameworks.iso27001-2022",
  "gdpr-residency": "reports.audit.frameworks.gdpr-residency",
  permits: "reports.audit.frameworks.permits",
  agreements: "reports.audit.frameworks.agreements",
  energy: "reports.audit.frameworks.energy",
} as const satisfies Record<ReportFramework, MessageKey>;

export const REPORT_EVENT_LABEL = {
  opened: "reports.audit.events.opened",
  resolved: "reports.audit.events.resolved",
  exception_requested: "reports.audit.events.exception_requested",
  exception_refused: "reports.audit.events.exception_refused",
  exception_withdrawn: "reports.audit.events.exception_withdrawn",
  exception_granted: "reports.audit.events.exception_granted",
  exception_revoked: "reports.audit.events.exception_revoked",
  exception_expired: "reports.audit.events.exception_expired",
  severity_changed: "reports.audit.events.severity_changed",
} as const satisfies Record<FindingEventKind, MessageKey>;

export const REPORT_EXCEPTION_ENDED_LABEL = {
  revoked: "reports.audit.exceptionEnded.revoked",
  expired: "reports.audit.exceptionEnded.expired",
  resolved: "reports.audit.exceptionEnded.resolved",
} as const satisfies Record<ExceptionEndReason, MessageKey>;

export const AUDIT_STATUS_LABEL = {
  open: "audits.statuses.open",
  closed: "audits.statuses.closed",
} as const satisfies Record<AuditStatus, MessageKey>;

export const REVIEW_KIND_LABEL = {
  accepted: "audits.kinds.accepted",
  flagged: "audits.kinds.flagged",
  response: "audits.kinds.response",
} as const satisfies Record<ReviewKind, MessageKey>;
export const CONTROL_STATUS_LABEL = {
  not_started: "controls.statuses.not_started",
  partial: "controls.statuses.partial",
  implemented: "controls.statuses.implemented",
  not_applicable: "controls.statuses.not_applicable",
  needs_attention: "controls.statuses.needs_attention",
} as const satisfies Record<string, MessageKey>;

export const AUTOMATED_STATE_LABEL = {
  not_checked: "controls.automatedStates.not_checked",
  passing: "controls.automatedStates.passing",
  failing: "controls.automatedStates.failing",
} as const satisfies Record<string, MessageKey>;

export const PARTY_ROLE_LABEL = {
  provider: "agreements.roles.provider",
  customer: "agreements.roles.customer",
  licensor: "agreements.roles.licensor",
  licensee: "agreements.roles.licensee",
  processor: "agreements.roles.processor",
  controller: "agreements.roles.controller",
  guarantor: "agreements.roles.guarantor",
  investor: "agreements.roles.investor",
} as const satisfies Record<string, MessageKey>;

export const PARTY_KIND_LABEL = {
  organization: "agreements.partyKinds.organization",
  tenant: "agreements.partyKinds.tenant",
  counterparty: "agreements.partyKinds.counterparty",
} as const satisfies Record<string, MessageKey>;

export const SIGNATURE_LABEL = {
  pending: "agreements.signatures.pending",
  signed: "agreements.signatures.signed",
  declined: "agreements.signatures.declined",
} as const satisfies Record<string, MessageKey>;

export const RECURRENCE_LABEL = {
  once: "agreements.recurrences.once",
  monthly: "agreements.recurrences.monthly",
  quarterly: "agreements.recurrences.quarterly",
  yearly: "agreements.recurrences.yearly",
} as const satisfies Record<string, MessageKey>;

export const DOCUMENT_KIND_LABEL = {
  signed: "agreements.documentKinds.signed",
  annex: "agreements.documentKinds.annex",
} as const satisfies Record<string, MessageKey>;

export const DEADLINE_KIND_LABEL = {
  permit_expiry: "deadlines.kinds.permit_expiry",
  permit_renewal: "deadlines.kinds.permit_renewal",
  control_review: "deadlines.kinds.control_review",
  evidence_expiry: "deadlines.kinds.evidence_expiry",
  agreement_notice: "deadlines.kinds.agreement_notice",
  agreement_expiry: "deadlines.kinds.agreement_expiry",
  obligation_due: "deadlines.kinds.obligation_due",
} as const satisfies Record<string, MessageKey>;

/** Personal notifications (db/schema/notifications.ts PERSONAL_NOTIFICATION_KINDS): the bell, the notifications page, the e-mail. */
export const PERSONAL_NOTIFICATION_KIND_LABEL = {
  audit_flagged: "audits.notifications.kinds.audit_flagged",
  audit_answered: "audits.notifications.kinds.audit_answered",
  exception_requested: "findings.fourEyes.notifications.kinds.exception_requested",
  exception_decided: "findings.fourEyes.notifications.kinds.exception_decided",
} as const satisfies Record<string, MessageKey>;

/** The dashboard's next actions: the registers' deadlines, and what else asks for a decision (app/dashboard/next-actions.server.ts). */
export const NEXT_ACTION_KIND_LABEL = {
  ...DEADLINE_KIND_LABEL,
  exception_expiry: "dashboard.actions.kinds.exception_expiry",
  exception_pending: "dashboard.actions.kinds.exception_pending",
  audit_flag: "dashboard.actions.kinds.audit_flag",
} as const satisfies Record<string, MessageKey>;

export const DEADLINE_THRESHOLD_LABEL = {
  "7": "deadlines.thresholds.7",
  "30": "deadlines.thresholds.30",
  "90": "deadlines.thresholds.90",
  overdue: "deadlines.thresholds.overdue",
} as const satisfies Record<string, MessageKey>;

export const PERMIT_ATTENTION_LABEL = {
  expired: "permits.attentionLabels.expired",
  renewal_due: "permits.attentionLabels.renewal_due",
} as const satisfies Record<string, MessageKey>;

/** The register's one badge per permit (permitState): archived, expired or due for renewal, else its status. */
export const PERMIT_STATE_LABEL = {
  ...PERMIT_STATUS_LABEL,
  ...PERMIT_ATTENTION_LABEL,
  archived: "permits.archived",
} as const satisfies Record<string, MessageKey>;

export const FINDING_EXCEPTION_ENDED_LABEL = {
  revoked: "findings.exceptionEnded.revoked",
  expired: "findings.exceptionEnded.expired",
  resolved: "findings.exceptionEnded.resolved",
} as const satisfies Record<string, MessageKey>;

export const FINDING_TAB_LABEL = {
  findings: "findings.tabs.findings",
  policies: "findings.tabs.policies",
  runs: "findings.tabs.runs",
} as const satisfies Record<string, MessageKey>;

export const RUN_TRIGGER_LABEL = {
  change: "runs.triggers.change",
  schedule: "runs.triggers.schedule",
  manual: "runs.triggers.manual",
  api: "runs.triggers.api",
} as const satisfies Record<string, MessageKey>;

export const RUN_SCOPE_LABEL = {
  full: "runs.scopes.full",
  incremental: "runs.scopes.incremental",
} as const satisfies Record<string, MessageKey>;

export const POLICY_PACK_LABEL = {
  custom: "policies.packs.custom",
  agreements: "policies.packs.agreements",
  energy: "policies.packs.energy",
  "gdpr-residency": "policies.packs.gdpr-residency",
  "iso27001-2022": "policies.packs.iso27001-2022",
  permits: "policies.packs.permits",
} as const satisfies Record<string, MessageKey>;

export const AUDIT_VERDICT_LABEL = {
  accepted: "audits.verdicts.accepted",
  flagged: "audits.verdicts.flagged",
  none: "audits.verdicts.none",
} as const satisfies Record<string, MessageKey>;

export const AUDIT_FILTER_LABEL = {
  all: "audits.filters.all",
  flagged: "audits.filters.flagged",
  accepted: "audits.filters.accepted",
  none: "audits.filters.none",
} as const satisfies Record<string, MessageKey>;

export const VERIFY_MISMATCH_LABEL = {
  no_signature: "reports.verify.mismatch.no_signature",
  malformed: "reports.verify.mismatch.malformed",
  unknown_key: "reports.verify.mismatch.unknown_key",
  bad_signature: "reports.verify.mismatch.bad_signature",
  altered: "reports.verify.mismatch.altered",
  other_document: "reports.verify.mismatch.other_document",
  different_bytes: "reports.verify.mismatch.different_bytes",
} as const satisfies Record<string, MessageKey>;

export const REPORT_AUTOMATED_LABEL = {
  none: "reports.audit.automated.none",
  not_checked: "reports.audit.automated.not_checked",
  passing: "reports.audit.automated.passing",
  failing: "reports.audit.automated.failing",
} as const satisfies Record<string, MessageKey>;

export const LANGUAGE_LABEL = {
  en: "language.en",
  fr: "language.fr",
} as const satisfies Record<string, MessageKey>;

export const TRANSFER_MECHANISM_LABEL = {
  adequacy: "inventory.mechanisms.adequacy",
  scc: "inventory.mechanisms.scc",
  bcr: "inventory.mechanisms.bcr",
  derogation: "inventory.mechanisms.derogation",
} as const satisfies Record<TransferMechanism, MessageKey>;

export const ENTRY_CONTROL_LABEL = {
  biometric: "inventory.entryControls.biometric",
  badge: "inventory.entryControls.badge",
  guard: "inventory.entryControls.guard",
} as const satisfies Record<string, MessageKey>;

export const CLOUD_PROVIDER_LABEL = {
  aws: "inventory.providers.aws",
  azure: "inventory.providers.azure",
  gcp: "inventory.providers.gcp",
  ovhcloud: "inventory.providers.ovhcloud",
  scaleway: "inventory.providers.scaleway",
  other: "inventory.providers.other",
} as const satisfies Record<CloudProvider, MessageKey>;

/** What a policy reference calls its framework (a catalogue id of policies/frameworks) in a table cell. */
export const FRAMEWORK_SHORT_LABEL = {
  "iso27001-2022": "controls.frameworkShort.iso27001-2022",
  gdpr: "controls.frameworkShort.gdpr",
  "eu-eed": "controls.frameworkShort.eu-eed",
  "secnumcloud-3.2": "controls.frameworkShort.secnumcloud-3.2",
} as const satisfies Record<string, MessageKey>;

export const OBLIGATION_STATUS_LABEL = {
  open: "agreements.open",
  done: "agreements.done",
} as const satisfies Record<AgreementContent["obligations"][number]["status"], MessageKey>;

export const EVIDENCE_KIND_LABEL = {
  file: "controls.kindFile",
  link: "controls.kindLink",
} as const satisfies Record<string, MessageKey>;

/**
 * Attest's own actors, by the label the audit log and the findings' history store for them (English, as recorded:
 * the record is never rewritten); a person's label is their e-mail and is shown as it is.
 */
export const SYSTEM_ACTOR_LABEL = {
  "policy engine": "audit.actors.policyEngine",
  "report builder": "audit.actors.reportBuilder",
  "audit checkpoints": "audit.actors.checkpoints",
  "command line (npm run token)": "audit.actors.tokenCli",
  "NetBox import (command line)": "audit.actors.netboxCli",
  "system (demo seed)": "audit.actors.demoSeed",
} as const satisfies Record<string, MessageKey>;

/** A stored actor label in the reader's words: Attest's own actors by their label, a person as recorded. */
export function actorName(label: string, locale: Locale): string {
  return Object.hasOwn(SYSTEM_ACTOR_LABEL, label)
    ? translator(locale)(SYSTEM_ACTOR_LABEL[label as keyof typeof SYSTEM_ACTOR_LABEL])
    : label;
}

/**
 * The label of a value that reached us as a plain string (a raw SQL row, a JSON column). A value the enumeration does
 * not know is a data fault; it is shown as "unknown value", never as its code.
 */
export function labelOf<M extends Record<string, MessageKey>>(labels: M, value: string): MessageKey {
  return Object.hasOwn(labels, value) ? labels[value]! : "common.unknownValue";
}

/** ISO/IEC 27005's four risk treatment options. */
export const RISK_TREATMENT_LABEL = {
  modify: "risks.treatments.modify",
  retain: "risks.treatments.retain",
  avoid: "risks.treatments.avoid",
  share: "risks.treatments.share",
} as const satisfies Record<string, MessageKey>;

export const RISK_BAND_LABEL = {
  low: "risks.bands.low",
  medium: "risks.bands.medium",
  high: "risks.bands.high",
  critical: "risks.bands.critical",
} as const satisfies Record<string, MessageKey>;

export const RISK_SCOPE_TYPE_LABEL = {
  asset: "risks.scopeTypes.asset",
  tenant: "risks.scopeTypes.tenant",
  agreement: "risks.scopeTypes.agreement",
} as const satisfies Record<string, MessageKey>;
