import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, lte, max } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import {
  controlEvidence,
  controlRecords,
  evidenceFiles,
  memberships,
  users,
  type ControlEvidence,
  type ControlRecord,
  type ControlStatus,
} from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { statesBefore } from "../audit/state-at.server";
import { storeFile } from "../files/file-store.server";
import type { Actor } from "../auth/auth.server";
import { catalogue, findRequirement, localText, requirementKey, type Framework } from "./catalogue.server";
import { evidenceDateIssues, type ControlInput, type EvidenceInput } from "./control-schema";
import { EFFECTIVE_STATUSES, effectiveStatus, summariseEvidence, type AttentionReason, type EffectiveStatus } from "./effective-status";
import { automatedEvidence, NO_AUTOMATED_EVIDENCE, type AutomatedEvidence } from "../policy-engine/automated-evidence.server";
import * as clock from "../config/clock";
import { risksByControl, type TreatingRisk } from "../risks/risks-by-control.server";

type OrgParams = { organizationId: string };
export type { EffectiveStatus } from "./effective-status";

export type EvidenceSummary = { current: number; expired: number };

const DEFAULT_RECORD = {
  applicable: true,
  justification: "",
  status: "not_started" as ControlStatus,
  ownerUserId: null as string | null,
  reviewIntervalMonths: 12,
  nextReviewOn: null as string | null,
};
type Record_ = typeof DEFAULT_RECORD;

/** The newest version of each evidence lineage. */
function currentVersions(rows: ControlEvidence[]): ControlEvidence[] {
  const newest = new Map<string, ControlEvidence>();
  for (const row of rows) {
    const seen = newest.get(row.lineageId);
    if (!seen || seen.version < row.version) newest.set(row.lineageId, row);
  }
  return [...newest.values()];
}

/** What the officer declared, with an excluded control declared not applicable whatever its stored status. */
export function declaredStatus(record: { applicable: boolean; status: ControlStatus }): ControlStatus {
  return record.applicable ? record.status : "not_applicable";
}

/**
 * A requirement's automated check results, as the effective status reads them: passing results, and failing ones (a
 * result in error proved nothing and counts as failing).
 */
export function automatedCounts(automated: AutomatedEvidence): { passing: number; failing: number } {
  return {
    passing: automated.policies.reduce((n, p) => n + p.pass, 0),
    failing: automated.policies.reduce((n, p) => n + p.fail + p.error, 0),
  };
}

/** A requirement's automated checks as the rule and the pages read them. */
export function automatedSummary(automated: AutomatedEvidence) {
  const { passing, failing } = automatedCounts(automated);
  return { state: automated.state, passing, failing, policies: automated.policies.length };
}

/** The effective status of one requirement: the one rule (effective-status.ts) applied to what is stored. */
function judge(record: Record_, evidence: EvidenceSummary, automated: AutomatedEvidence, today: string) {
  return effectiveStatus({
    declared: declaredStatus(record),
    automated: automatedCounts(automated),
    evidence,
    nextReviewOn: record.applicable ? record.nextReviewOn : null,
    today,
  });
}

/** Every evidence version by requirement; only those recorded by `recordedBy`, when given (a period's end). */
async function evidenceByRequirement(tx: Tx, organizationId: string, recordedBy?: Date) {
  const rows = await tx
    .select()
    .from(controlEvidence)
    .where(and(eq(controlEvidence.organizationId, organizationId), recordedBy ? lte(controlEvidence.createdAt, recordedBy) : undefined));
  const byKey = new Map<string, ControlEvidence[]>();
  for (const row of rows) {
    const key = requirementKey(row.frameworkId, row.requirementId);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return byKey;
}

/** Evidence of a requirement, including what was attached to the requirements mapped to it. */
function evidenceFor(key: string, byKey: Map<string, ControlEvidence[]>) {
  return [key, ...(catalogue().links.get(key) ?? [])].flatMap((k) => byKey.get(k) ?? []);
}

export type SoaRow = {
  requirementId: string;
  theme: string;
  title: Framework["requirements"][number]["title"];
  record: Record_ & { ownerName: string | null };
  evidence: EvidenceSummary;
  automated: ReturnType<typeof automatedSummary>;
  /** What the officer declared (not_applicable when excluded). */
  declared: ControlStatus;
  /** What Attest says: the declared status unless something contradicts "implemented" (effective-status.ts). */
  status: EffectiveStatus;
  /** Why it needs attention (also given for partial and not started controls, whose status stays as declared). */
  reasons: AttentionReason[];
  reviewOverdue: boolean;
  /** The risks it treats, as the register records them (clause 6.1.3 d): what justifies including it. */
  risks: TreatingRisk[];
};

/**
 * The Statement of Applicability of one framework on `today`, each requirement with its declared and effective
 * status. The automated checks are the latest results unless the caller passes others (e.g. a period's end).
 */
export async function statementOfApplicability(
  tx: Tx,
  params: OrgParams & {
    frameworkId: string;
    today: string;
    automated?: Map<string, AutomatedEvidence>;
    /** Read the officers' declarations and the evidence as recorded at this instant (a period's end) instead of now. */
    recordedAt?: Date;
    /** False when only the controls' statuses are wanted: the risks each treats are then not read (rows cite none). */
    citeRisks?: boolean;
  },
): Promise<{ framework: Framework; rows: SoaRow[] } | null> {
  const framework = catalogue().frameworks.find((f) => f.id === params.frameworkId);
  if (!framework) return null;
  const records = await tx
    .select({ record: controlRecords, ownerName: users.name })
    .from(controlRecords)
    .leftJoin(users, eq(users.id, controlRecords.ownerUserId))
    .where(and(eq(controlRecords.organizationId, params.organizationId), eq(controlRecords.frameworkId, framework.id)));
  const byRequirement = new Map(records.map((r) => [r.record.requirementId, r]));
  if (params.recordedAt) await declarationsAt(tx, { ...params, framework, at: params.recordedAt }, byRequirement);
  const evidence = await evidenceByRequirement(tx, params.organizationId, params.recordedAt);
  const automated = params.automated ?? (await automatedEvidence(tx, { organizationId: params.organizationId, frameworkId: framework.id }));
  const treated =
    params.citeRisks === false
      ? new Map<string, TreatingRisk[]>()
      : await risksByControl(tx, { organizationId: params.organizationId, frameworkId: framework.id, at: params.recordedAt });
  const rows = framework.requirements.map((requirement): SoaRow => {
    const stored = byRequirement.get(requirement.id);
    const record = { ...DEFAULT_RECORD, ...(stored ? pick(stored.record) : {}), ownerName: stored?.ownerName ?? null };
    const summary = summariseEvidence(evidenceFor(requirementKey(framework.id, requirement.id), evidence), params.today);
    const checks = automated.get(requirement.id) ?? NO_AUTOMATED_EVIDENCE;
    const { status, reasons } = judge(record, summary, checks, params.today);
    return {
      requirementId: requirement.id,
      theme: requirement.theme,
      title: requirement.title,
      record,
      evidence: summary,
      automated: automatedSummary(checks),
      declared: declaredStatus(record),
      status,
      reasons,
      reviewOverdue: reasons.some((r) => r.code === "review_overdue"),
      risks: treated.get(requirement.id) ?? [],
    };
  });
  return { framework, rows };
}

type StoredRecord = { record: ControlRecord; ownerName: string | null };

/** Replaces each declaration changed since `at` by the one it replaced (from the audit log); drops those made later. */
async function declarationsAt(tx: Tx, params: OrgParams & { framework: Framework; at: Date }, byRequirement: Map<string, StoredRecord>) {
  const before = await statesBefore(tx, {
    organizationId: params.organizationId,
    entityType: "control",
    actions: ["control.update"],
    at: params.at,
  });
  for (const [requirementId, stored] of byRequirement) {
    const key = requirementKey(params.framework.id, requirementId);
    if (!before.has(key)) continue;
    const then = before.get(key) as ReturnType<typeof pick> | null;
    if (then === null) byRequirement.delete(requirementId);
    else byRequirement.set(requirementId, { ...stored, record: { ...stored.record, ...then } });
  }
}

function pick(r: ControlRecord) {
  return {
    applicable: r.applicable,
    justification: r.justification,
    status: r.status,
    ownerUserId: r.ownerUserId,
    reviewIntervalMonths: r.reviewIntervalMonths,
    nextReviewOn: r.nextReviewOn,
  };
}

/** Requirements by effective status: a control needing attention is never counted as implemented. */
export function countByStatus(rows: Pick<SoaRow, "status">[]) {
  const counts = Object.fromEntries(EFFECTIVE_STATUSES.map((s) => [s, 0])) as Record<EffectiveStatus, number>;
  for (const r of rows) counts[r.status]++;
  return { ...counts, applicable: rows.length - counts.not_applicable };
}

/** Effectively implemented share per theme, counting applicable requirements only. */
export function progressByTheme(framework: Framework, rows: SoaRow[]) {
  return framework.themes.map((theme) => {
    const counts = countByStatus(rows.filter((r) => r.theme === theme.id));
    return {
      theme: theme.id,
      name: theme.name,
      applicable: counts.applicable,
      implemented: counts.implemented,
      needsAttention: counts.needs_attention,
    };
  });
}

export const DEFAULT_FRAMEWORK = "iso27001-2022";

/**
 * The dashboard's view of the Statements of Applicability: requirements by effective status for each framework the
 * organisation has assessed (ISO/IEC 27001 when none yet), so that a control needing attention is never counted as
 * implemented there either. Each framework is named in the reader's language (English by default).
 */
export async function controlsOverview(tx: Tx, params: OrgParams & { today: string; locale?: string }) {
  const assessed = await tx
    .selectDistinct({ frameworkId: controlRecords.frameworkId })
    .from(controlRecords)
    .where(eq(controlRecords.organizationId, params.organizationId));
  const ids = new Set(assessed.map((a) => a.frameworkId));
  if (ids.size === 0) ids.add(DEFAULT_FRAMEWORK);
  const overview = [];
  for (const framework of catalogue().frameworks.filter((f) => ids.has(f.id))) {
    const soa = await statementOfApplicability(tx, {
      organizationId: params.organizationId,
      frameworkId: framework.id,
      today: params.today,
    });
    if (soa) overview.push({ framework: framework.id, name: localText(framework.name, params.locale ?? "en"), ...countByStatus(soa.rows) });
  }
  return overview;
}

export async function controlDetail(tx: Tx, params: OrgParams & { frameworkId: string; requirementId: string; today: string }) {
  const found = findRequirement(params.frameworkId, params.requirementId);
  if (!found) return null;
  const [stored] = await tx
    .select()
    .from(controlRecords)
    .where(
      and(
        eq(controlRecords.organizationId, params.organizationId),
        eq(controlRecords.frameworkId, params.frameworkId),
        eq(controlRecords.requirementId, params.requirementId),
      ),
    );
  const byKey = await evidenceByRequirement(tx, params.organizationId);
  const key = requirementKey(params.frameworkId, params.requirementId);
  const own = (byKey.get(key) ?? []).sort((a, b) => (a.lineageId === b.lineageId ? b.version - a.version : a.title.localeCompare(b.title)));
  const linkedKeys = catalogue().links.get(key) ?? [];
  const linked = linkedKeys.map((k) => {
    const [frameworkId, ...rest] = k.split(":");
    const requirementId = rest.join(":");
    const summary = summariseEvidence(byKey.get(k) ?? [], params.today);
    return {
      frameworkId: frameworkId!,
      requirementId,
      title: findRequirement(frameworkId!, requirementId)?.requirement.title ?? { en: k },
      evidence: summary,
    };
  });
  const record = { ...DEFAULT_RECORD, ...(stored ? pick(stored) : {}) };
  const summary = summariseEvidence(evidenceFor(key, byKey), params.today);
  const automated =
    (await automatedEvidence(tx, { organizationId: params.organizationId, frameworkId: params.frameworkId })).get(params.requirementId) ??
    NO_AUTOMATED_EVIDENCE;
  const { status, reasons } = judge(record, summary, automated, params.today);
  return {
    ...found,
    record,
    evidence: own,
    current: new Set(currentVersions(own).map((e) => e.id)),
    linked,
    summary,
    automated,
    declared: declaredStatus(record),
    status,
    reasons,
  };
}

/** Who may own a control: the organisation's administrators and compliance officers. */
export async function ownerChoices(tx: Tx, params: OrgParams) {
  return tx
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, params.organizationId), inArray(memberships.role, ["admin", "compliance_officer"])))
    .orderBy(asc(users.name));
}

export async function updateControl(
  tx: Tx,
  params: OrgParams & { actor: Actor; frameworkId: string; requirementId: string; input: ControlInput },
) {
  const { organizationId, frameworkId, requirementId, input } = params;
  const [before] = await tx
    .select()
    .from(controlRecords)
    .where(
      and(
        eq(controlRecords.organizationId, organizationId),
        eq(controlRecords.frameworkId, frameworkId),
        eq(controlRecords.requirementId, requirementId),
      ),
    );
  const values = {
    applicable: input.applicable === "yes",
    justification: input.justification ?? "",
    status: input.applicable === "no" ? ("not_applicable" as const) : input.status,
    ownerUserId: input.ownerUserId ?? null,
    reviewIntervalMonths: input.reviewIntervalMonths,
    nextReviewOn: input.nextReviewOn ?? null,
    updatedAt: clock.now(),
  };
  const [after] = await tx
    .insert(controlRecords)
    .values({ organizationId, frameworkId, requirementId, ...values })
    .onConflictDoUpdate({ target: [controlRecords.organizationId, controlRecords.frameworkId, controlRecords.requirementId], set: values })
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor: params.actor,
    action: "control.update",
    entityType: "control",
    entityId: requirementKey(frameworkId, requirementId),
    before: before ? pick(before) : null,
    after: after ? pick(after) : null,
  });
}

export type EvidenceUpload = { bytes: Buffer; fileName: string; contentType: string };

/** Evidence refused by its date rules (a field and an i18n key), whoever the caller. */
export class EvidenceRefused extends Error {
  constructor(
    readonly field: "evidenceDate" | "expiresOn",
    readonly key: string,
  ) {
    super(`evidence refused: ${field} (${key})`);
  }
}

/**
 * Adds evidence (a new lineage, or the next version of one); a file's bytes are stored once per SHA-256. Refused
 * (EvidenceRefused) when dated after today or valid until a day not after its date.
 */
export async function addEvidence(
  tx: Tx,
  params: OrgParams & { actor: Actor; frameworkId: string; requirementId: string; input: EvidenceInput; upload?: EvidenceUpload },
): Promise<ControlEvidence | null> {
  const { organizationId, input } = params;
  // The form checks the same rules; this is the guard for every other caller (seed, scripts, a future API).
  const [issue] = evidenceDateIssues(input, clock.today());
  if (issue) throw new EvidenceRefused(issue.path, issue.message);
  let version = 1;
  let lineageId: string = randomUUID();
  if (input.lineageId) {
    const [latest] = await tx
      .select({ version: max(controlEvidence.version) })
      .from(controlEvidence)
      .where(
        and(
          eq(controlEvidence.organizationId, organizationId),
          eq(controlEvidence.lineageId, input.lineageId),
          eq(controlEvidence.frameworkId, params.frameworkId),
          eq(controlEvidence.requirementId, params.requirementId),
        ),
      );
    if (!latest?.version) return null;
    lineageId = input.lineageId;
    version = latest.version + 1;
  }
  const sha256 =
    input.kind === "file" && params.upload
      ? await storeFile(tx, { organizationId, bytes: params.upload.bytes, contentType: params.upload.contentType })
      : null;
  const [evidence] = await tx
    .insert(controlEvidence)
    .values({
      organizationId,
      frameworkId: params.frameworkId,
      requirementId: params.requirementId,
      lineageId,
      version,
      kind: input.kind,
      title: input.title,
      url: input.kind === "link" ? (input.url ?? null) : null,
      fileSha256: sha256,
      fileName: params.upload?.fileName ?? null,
      evidenceDate: input.evidenceDate,
      expiresOn: input.expiresOn ?? null,
      authorUserId: params.actor.userId,
      authorLabel: params.actor.label,
    })
    .returning();
  if (!evidence) throw new Error("Evidence was not recorded");
  await recordAudit(tx, {
    organizationId,
    actor: params.actor,
    action: version === 1 ? "evidence.add" : "evidence.renew",
    entityType: "control",
    entityId: requirementKey(params.frameworkId, params.requirementId),
    after: evidence,
  });
  return evidence;
}

export async function evidenceDownload(tx: Tx, params: OrgParams & { evidenceId: string }) {
  const [row] = await tx
    .select({ evidence: controlEvidence, file: evidenceFiles })
    .from(controlEvidence)
    .innerJoin(
      evidenceFiles,
      and(eq(evidenceFiles.organizationId, controlEvidence.organizationId), eq(evidenceFiles.sha256, controlEvidence.fileSha256)),
    )
    .where(and(eq(controlEvidence.organizationId, params.organizationId), eq(controlEvidence.id, params.evidenceId)))
    .orderBy(desc(controlEvidence.version));
  return row ?? null;
}
