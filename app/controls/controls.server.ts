import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
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
import { storeFile } from "../files/file-store.server";
import type { Actor } from "../auth/auth.server";
import { catalogue, findRequirement, requirementKey, type Framework } from "./catalogue.server";
import type { ControlInput, EvidenceInput } from "./control-schema";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };
export type EffectiveStatus = ControlStatus | "evidence_expired";

export type EvidenceSummary = { current: number; expired: number };

const DEFAULT_RECORD = {
  applicable: true,
  justification: "",
  status: "not_started" as ControlStatus,
  ownerUserId: null as string | null,
  reviewIntervalMonths: 12,
  nextReviewOn: null as string | null,
};

/** The newest version of each evidence lineage. */
function currentVersions(rows: ControlEvidence[]): ControlEvidence[] {
  const newest = new Map<string, ControlEvidence>();
  for (const row of rows) {
    const seen = newest.get(row.lineageId);
    if (!seen || seen.version < row.version) newest.set(row.lineageId, row);
  }
  return [...newest.values()];
}

function summarise(rows: ControlEvidence[], today: string): EvidenceSummary {
  const current = currentVersions(rows);
  return { current: current.length, expired: current.filter((e) => e.expiresOn !== null && e.expiresOn < today).length };
}

/** Implemented on paper is not implemented when the evidence that proves it has expired. */
export function effectiveStatus(record: { applicable: boolean; status: ControlStatus }, evidence: EvidenceSummary): EffectiveStatus {
  if (!record.applicable) return "not_applicable";
  if (record.status === "implemented" && evidence.expired > 0) return "evidence_expired";
  return record.status;
}

async function evidenceByRequirement(tx: Tx, organizationId: string) {
  const rows = await tx.select().from(controlEvidence).where(eq(controlEvidence.organizationId, organizationId));
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
  record: typeof DEFAULT_RECORD & { ownerName: string | null };
  evidence: EvidenceSummary;
  status: EffectiveStatus;
  reviewOverdue: boolean;
};

export async function statementOfApplicability(
  tx: Tx,
  params: OrgParams & { frameworkId: string; today: string },
): Promise<{ framework: Framework; rows: SoaRow[] } | null> {
  const framework = catalogue().frameworks.find((f) => f.id === params.frameworkId);
  if (!framework) return null;
  const records = await tx
    .select({ record: controlRecords, ownerName: users.name })
    .from(controlRecords)
    .leftJoin(users, eq(users.id, controlRecords.ownerUserId))
    .where(and(eq(controlRecords.organizationId, params.organizationId), eq(controlRecords.frameworkId, framework.id)));
  const byRequirement = new Map(records.map((r) => [r.record.requirementId, r]));
  const evidence = await evidenceByRequirement(tx, params.organizationId);
  const rows = framework.requirements.map((requirement) => {
    const stored = byRequirement.get(requirement.id);
    const record = { ...DEFAULT_RECORD, ...(stored ? pick(stored.record) : {}), ownerName: stored?.ownerName ?? null };
    const summary = summarise(evidenceFor(requirementKey(framework.id, requirement.id), evidence), params.today);
    return {
      requirementId: requirement.id,
      theme: requirement.theme,
      title: requirement.title,
      record,
      evidence: summary,
      status: effectiveStatus(record, summary),
      reviewOverdue: record.applicable && record.nextReviewOn !== null && record.nextReviewOn < params.today,
    };
  });
  return { framework, rows };
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

/** Implemented share per theme, counting applicable requirements only. */
export function progressByTheme(framework: Framework, rows: SoaRow[]) {
  return framework.themes.map((theme) => {
    const applicable = rows.filter((r) => r.theme === theme.id && r.status !== "not_applicable");
    const implemented = applicable.filter((r) => r.status === "implemented").length;
    return { theme: theme.id, name: theme.name, applicable: applicable.length, implemented };
  });
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
    const summary = summarise(byKey.get(k) ?? [], params.today);
    return {
      frameworkId: frameworkId!,
      requirementId,
      title: findRequirement(frameworkId!, requirementId)?.requirement.title ?? { en: k },
      evidence: summary,
    };
  });
  const record = { ...DEFAULT_RECORD, ...(stored ? pick(stored) : {}) };
  const summary = summarise(evidenceFor(key, byKey), params.today);
  return {
    ...found,
    record,
    evidence: own,
    current: new Set(currentVersions(own).map((e) => e.id)),
    linked,
    summary,
    status: effectiveStatus(record, summary),
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

/** Adds evidence (a new lineage, or the next version of one); a file's bytes are stored once per SHA-256. */
export async function addEvidence(
  tx: Tx,
  params: OrgParams & { actor: Actor; frameworkId: string; requirementId: string; input: EvidenceInput; upload?: EvidenceUpload },
): Promise<ControlEvidence | null> {
  const { organizationId, input } = params;
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
