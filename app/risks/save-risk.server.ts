import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { agreements, assets, memberships, riskControls, risks, riskScales, riskScope, tenants, type Risk } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import * as clock from "../config/clock";
import { findRequirement } from "../controls/catalogue.server";
import type { FieldErrors, Outcome } from "../tenants/tenants.server";
import { LIBRARY_FRAMEWORK, riskLibrary } from "./library.server";
import { referenceNumber } from "./risks.server";
import type { RiskInput } from "./risk-schema";
import { DEFAULT_SCALE, fitsScale, score, type RiskScale } from "./scale";
import { controlStatuses } from "./treating-controls.server";

type OrgParams = { organizationId: string };
export type ControlRef = { frameworkId: string; requirementId: string };

export async function scaleOf(tx: Tx, params: OrgParams): Promise<RiskScale> {
  const [stored] = await tx.select().from(riskScales).where(eq(riskScales.organizationId, params.organizationId));
  return stored?.scale ?? DEFAULT_SCALE;
}

/** "A.7.11" names ISO/IEC 27001:2022's control; "framework:requirement" any other framework's. Null when unknown. */
export function controlRefOf(ref: string): ControlRef | null {
  const colon = ref.indexOf(":");
  const [frameworkId, requirementId] = colon < 0 ? [LIBRARY_FRAMEWORK, ref] : [ref.slice(0, colon), ref.slice(colon + 1)];
  return frameworkId && requirementId && findRequirement(frameworkId, requirementId) ? { frameworkId, requirementId } : null;
}

function addError(errors: FieldErrors, field: string, key: string) {
  (errors[field] ??= []).push(key);
}

function checkLevels(input: RiskInput, scale: RiskScale, errors: FieldErrors) {
  const ratings = {
    inherent: { likelihood: input.inherentLikelihood, impact: input.inherentImpact },
    residual: { likelihood: input.residualLikelihood, impact: input.residualImpact },
  };
  for (const [stage, rating] of Object.entries(ratings)) {
    if (!fitsScale({ likelihood: rating.likelihood, impact: 1 }, scale)) addError(errors, `${stage}Likelihood`, "risks.levelOffScale");
    if (!fitsScale({ likelihood: 1, impact: rating.impact }, scale)) addError(errors, `${stage}Impact`, "risks.levelOffScale");
  }
  // Named on the residual level raised above its inherent one: a higher product has at least one.
  if (score(ratings.residual) > score(ratings.inherent))
    for (const axis of ["Likelihood", "Impact"] as const)
      if (input[`residual${axis}`] > input[`inherent${axis}`]) addError(errors, `residual${axis}`, "risks.residualAboveInherent");
}

/** The ids of `ids` that are not this organisation's live rows of `type`. */
async function foreignTargets(tx: Tx, organizationId: string, type: RiskInput["scope"][number]["type"], ids: string[]) {
  if (ids.length === 0) return [];
  const found =
    type === "asset"
      ? await tx
          .select({ id: assets.id })
          .from(assets)
          .where(and(eq(assets.organizationId, organizationId), inArray(assets.id, ids), isNull(assets.deletedAt)))
      : type === "tenant"
        ? await tx
            .select({ id: tenants.id })
            .from(tenants)
            .where(and(eq(tenants.organizationId, organizationId), inArray(tenants.id, ids)))
        : await tx
            .select({ id: agreements.id })
            .from(agreements)
            .where(and(eq(agreements.organizationId, organizationId), inArray(agreements.id, ids), isNull(agreements.archivedAt)));
  const known = new Set(found.map((f) => f.id));
  return ids.filter((id) => !known.has(id));
}

async function checkReferences(tx: Tx, organizationId: string, input: RiskInput, errors: FieldErrors) {
  input.controls.forEach((ref, index) => {
    if (!controlRefOf(ref)) addError(errors, `controls.${index}`, "risks.unknownControl");
  });
  if (input.treatment === "modify" && input.controls.length === 0) addError(errors, "controls", "risks.controlsRequired");
  if (input.libraryId && !riskLibrary().some((r) => r.id === input.libraryId)) addError(errors, "libraryId", "risks.unknownLibraryRisk");
  for (const type of ["asset", "tenant", "agreement"] as const) {
    const foreign = new Set(
      await foreignTargets(
        tx,
        organizationId,
        type,
        input.scope.filter((s) => s.type === type).map((s) => s.id),
      ),
    );
    input.scope.forEach((s, index) => {
      if (s.type === type && foreign.has(s.id)) addError(errors, `scope.${index}`, "risks.scopeNotFound");
    });
  }
  if (input.ownerUserId) {
    const [owner] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, input.ownerUserId)));
    if (!owner || owner.role === "tenant_member") addError(errors, "ownerUserId", "risks.ownerNotMember");
  }
}

/** Everything a risk's input must satisfy beyond its shape: the organisation's scale, its controls, assets and people. */
export async function riskInputErrors(tx: Tx, params: OrgParams & { input: RiskInput }): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  checkLevels(params.input, await scaleOf(tx, params), errors);
  await checkReferences(tx, params.organizationId, params.input, errors);
  return errors;
}

/** Saving a risk assesses its residual score against its treating controls as they stand today. */
async function assessment(tx: Tx, organizationId: string, input: RiskInput) {
  const controls = input.controls.map((ref) => controlRefOf(ref)!);
  const statuses = await controlStatuses(tx, { organizationId, controls, today: clock.today() });
  return { assessedAt: clock.now(), assessedControls: Object.fromEntries(statuses) };
}

function columnsOf(input: RiskInput) {
  return {
    language: input.language,
    title: input.title,
    description: input.description,
    riskSource: input.riskSource,
    threat: input.threat,
    vulnerability: input.vulnerability,
    ownerUserId: input.ownerUserId ?? null,
    inherentLikelihood: input.inherentLikelihood,
    inherentImpact: input.inherentImpact,
    residualLikelihood: input.residualLikelihood,
    residualImpact: input.residualImpact,
    treatment: input.treatment,
    nextReviewOn: input.nextReviewOn ?? null,
  };
}

async function nextReference(tx: Tx, organizationId: string) {
  // Serialise the numbering of one organisation's risks; the unique index on (organization_id, reference) backs it up.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`risks:${organizationId}`}, 0))`);
  const [row] = await tx
    .select({ last: sql<number>`coalesce(max(${referenceNumber}), 0)` })
    .from(risks)
    .where(eq(risks.organizationId, organizationId));
  return `R-${String(Number(row?.last ?? 0) + 1).padStart(3, "0")}`;
}

async function replaceLinks(tx: Tx, organizationId: string, riskId: string, input: RiskInput) {
  await tx.delete(riskControls).where(eq(riskControls.riskId, riskId));
  await tx.delete(riskScope).where(eq(riskScope.riskId, riskId));
  const controls = [
    ...new Map(input.controls.map((ref) => controlRefOf(ref)!).map((c) => [`${c.frameworkId}:${c.requirementId}`, c])).values(),
  ];
  if (controls.length > 0) await tx.insert(riskControls).values(controls.map((c) => ({ organizationId, riskId, ...c })));
  const scope = [...new Map(input.scope.map((s) => [`${s.type}:${s.id}`, s])).values()];
  if (scope.length > 0) await tx.insert(riskScope).values(scope.map((s) => ({ organizationId, riskId, type: s.type, targetId: s.id })));
  return {
    controls: controls.map((c) => `${c.frameworkId}:${c.requirementId}`).sort(),
    scope: scope.map((s) => `${s.type}:${s.id}`).sort(),
  };
}

/** A risk's controls and scope as its audit entries record them ("framework:requirement", "type:id"), sorted. */
export async function linksOf(tx: Tx, riskId: string) {
  const controls = await tx.select().from(riskControls).where(eq(riskControls.riskId, riskId));
  const scope = await tx.select().from(riskScope).where(eq(riskScope.riskId, riskId));
  return {
    controls: controls.map((c) => `${c.frameworkId}:${c.requirementId}`).sort(),
    scope: scope.map((s) => `${s.type}:${s.targetId}`).sort(),
  };
}

export async function createRisk(tx: Tx, params: OrgParams & { actor: Actor; input: RiskInput }): Promise<Outcome<Risk>> {
  const errors = await riskInputErrors(tx, params);
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  const [risk] = await tx
    .insert(risks)
    .values({
      organizationId: params.organizationId,
      reference: await nextReference(tx, params.organizationId),
      libraryId: params.input.libraryId ?? null,
      ...columnsOf(params.input),
      ...(await assessment(tx, params.organizationId, params.input)),
    })
    .returning();
  if (!risk) throw new Error("Risk was not created");
  const links = await replaceLinks(tx, params.organizationId, risk.id, params.input);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "risk.create",
    entityType: "risk",
    entityId: risk.id,
    after: { ...risk, ...links },
  });
  return { ok: true, value: risk };
}

/** A risk of the register, not archived, locked for the transaction that changes it; null when not found. */
export async function lockLiveRisk(tx: Tx, params: OrgParams & { riskId: string }): Promise<Risk | null> {
  const [risk] = await tx
    .select()
    .from(risks)
    .where(and(eq(risks.organizationId, params.organizationId), eq(risks.id, params.riskId), isNull(risks.archivedAt)))
    .for("update");
  return risk ?? null;
}

const NO_ACCEPTANCE = { acceptedByUserId: null, acceptedAt: null, acceptanceExpiresOn: null, acceptanceNote: null };

/** An acceptance was of one residual risk under one treatment: changing either ends it. */
function acceptanceLapses(before: Risk, input: RiskInput) {
  return (
    before.acceptedAt !== null &&
    (before.treatment !== input.treatment ||
      before.residualLikelihood !== input.residualLikelihood ||
      before.residualImpact !== input.residualImpact)
  );
}

export async function updateRisk(
  tx: Tx,
  params: OrgParams & { actor: Actor; riskId: string; input: RiskInput },
): Promise<Outcome<Risk> | null> {
  const before = await lockLiveRisk(tx, params);
  if (!before) return null;
  const errors = await riskInputErrors(tx, params);
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  const linksBefore = await linksOf(tx, before.id);
  const [after] = await tx
    .update(risks)
    .set({
      ...columnsOf(params.input),
      ...(await assessment(tx, params.organizationId, params.input)),
      ...(acceptanceLapses(before, params.input) ? NO_ACCEPTANCE : {}),
      updatedAt: clock.now(),
    })
    .where(eq(risks.id, before.id))
    .returning();
  if (!after) throw new Error("Risk was not updated");
  const links = await replaceLinks(tx, params.organizationId, after.id, params.input);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "risk.update",
    entityType: "risk",
    entityId: after.id,
    before: { ...before, ...linksBefore },
    after: { ...after, ...links },
  });
  return { ok: true, value: after };
}

/**
 * Archives a risk (risks are never deleted: the SoA of a past instant still cites it, decision 014); one transaction
 * with its audit entry. Null when not found or already archived.
 */
export async function archiveRisk(tx: Tx, params: OrgParams & { actor: Actor; riskId: string }): Promise<Risk | null> {
  const before = await lockLiveRisk(tx, params);
  if (!before) return null;
  const [after] = await tx
    .update(risks)
    .set({ archivedAt: clock.now(), updatedAt: clock.now() })
    .where(eq(risks.id, before.id))
    .returning();
  if (!after) throw new Error("Risk was not archived");
  const links = await linksOf(tx, before.id);
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "risk.archive",
    entityType: "risk",
    entityId: before.id,
    before: { ...before, ...links },
    after: { ...after, ...links },
  });
  return after;
}
