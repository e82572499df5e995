import { z } from "zod";
import type { Tx } from "../../db/connection.server";
import type { Risk } from "../../db/schema";
import { requirementKey } from "../controls/catalogue.server";
import { isMessageKey } from "../i18n/keys";
import type { FieldErrors } from "../tenants/tenants.server";
import { acceptanceInForce } from "../risks/accept-risk.server";
import { RiskInputSchema, RISK_TREATMENTS, type RiskInput } from "../risks/risk-schema";
import { linksByRisk, scopeNames } from "../risks/risks.server";
import { scaleOf } from "../risks/save-risk.server";
import { band, score } from "../risks/scale";
import { controlStatuses, risksForReview } from "../risks/treating-controls.server";
import type { ApiDetail } from "./api.server";

// The API's fields are the register's, in snake_case, with each level under its axis (likelihood.inherent …): the
// rules are RiskInputSchema's, so a form and a program are refused for the same reasons.
const field = RiskInputSchema.shape;
const Rating = z.object({ inherent: field.inherentLikelihood, residual: field.residualLikelihood }).strict();

export const RiskApiInput = z
  .object({
    language: field.language,
    title: field.title,
    description: field.description,
    risk_source: field.riskSource,
    threat: field.threat,
    vulnerability: field.vulnerability,
    owner_user_id: field.ownerUserId.nullable(),
    likelihood: Rating,
    impact: Rating,
    treatment: field.treatment,
    controls: field.controls,
    scope: field.scope,
    next_review_on: field.nextReviewOn.nullable(),
    library_id: field.libraryId,
  })
  .strict();
type RiskApiInput = z.infer<typeof RiskApiInput>;

/**
 * A PATCH names only what changes (no default fills in a field it leaves out: that would overwrite what the risk
 * holds); `null` clears the owner or the next review.
 */
export const RiskApiPatch = z
  .object({
    language: field.language,
    title: field.title,
    description: field.description.unwrap(),
    risk_source: field.riskSource.unwrap(),
    threat: field.threat.unwrap(),
    vulnerability: field.vulnerability.unwrap(),
    owner_user_id: field.ownerUserId.nullable(),
    likelihood: Rating.partial(),
    impact: Rating.partial(),
    treatment: field.treatment,
    controls: field.controls.unwrap(),
    scope: field.scope.unwrap(),
    next_review_on: field.nextReviewOn.nullable(),
  })
  .partial()
  .strict();
type RiskApiPatch = z.infer<typeof RiskApiPatch>;

export const RiskApiQuery = z
  .object({
    treatment: z.enum(RISK_TREATMENTS).optional(),
    control: z.string().max(120).optional(),
    cursor: z
      .string()
      .regex(/^R-\d{1,9}$/, { error: "api.errors.invalidCursor" })
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export function riskInputFromApi(v: RiskApiInput): RiskInput {
  return {
    language: v.language,
    title: v.title,
    description: v.description,
    riskSource: v.risk_source,
    threat: v.threat,
    vulnerability: v.vulnerability,
    ownerUserId: v.owner_user_id ?? undefined,
    inherentLikelihood: v.likelihood.inherent,
    inherentImpact: v.impact.inherent,
    residualLikelihood: v.likelihood.residual,
    residualImpact: v.impact.residual,
    treatment: v.treatment,
    controls: v.controls,
    scope: v.scope,
    nextReviewOn: v.next_review_on ?? undefined,
    libraryId: v.library_id,
  };
}

type StoredLinks = { controls: { frameworkId: string; requirementId: string }[]; scope: { type: string; targetId: string }[] };

/** The body a PATCH is laid over: the risk as it stands, in the API's shape (so that the result is checked whole). */
export function patchedBody(risk: Risk, links: StoredLinks, patch: RiskApiPatch): unknown {
  return {
    language: risk.language,
    title: risk.title,
    description: risk.description,
    risk_source: risk.riskSource,
    threat: risk.threat,
    vulnerability: risk.vulnerability,
    owner_user_id: risk.ownerUserId,
    treatment: risk.treatment,
    controls: links.controls.map((c) => requirementKey(c.frameworkId, c.requirementId)),
    scope: links.scope.map((s) => ({ type: s.type, id: s.targetId })),
    next_review_on: risk.nextReviewOn,
    ...patch,
    likelihood: { inherent: risk.inherentLikelihood, residual: risk.residualLikelihood, ...patch.likelihood },
    impact: { inherent: risk.inherentImpact, residual: risk.residualImpact, ...patch.impact },
    ...(risk.libraryId === null ? {} : { library_id: risk.libraryId }),
  };
}

const API_FIELD: Record<string, string> = {
  inherentLikelihood: "likelihood.inherent",
  residualLikelihood: "likelihood.residual",
  inherentImpact: "impact.inherent",
  residualImpact: "impact.residual",
  riskSource: "risk_source",
  ownerUserId: "owner_user_id",
  nextReviewOn: "next_review_on",
  libraryId: "library_id",
};

/** The register's field errors ("inherentLikelihood", "scope.2") as the API names the fields. */
export function riskErrorDetails(errors: FieldErrors): ApiDetail[] {
  return Object.entries(errors).flatMap(([path, keys]) => {
    const [head = path, ...rest] = path.split(".");
    const apiPath = [API_FIELD[head] ?? head, ...rest].join(".");
    return keys.map((key) => ({ path: apiPath, message: isMessageKey(key) ? key : ("validation.invalid" as const) }));
  });
}

/** Risks as the API gives them: levels and scores on the organisation's scale, controls as they stand today, scope by name. */
export async function risksJson(
  tx: Tx,
  params: { organizationId: string; rows: { risk: Risk; ownerName: string | null }[]; today: string },
) {
  const { organizationId, today } = params;
  const risks = params.rows.map((r) => r.risk);
  const scale = await scaleOf(tx, params);
  const links = await linksByRisk(
    tx,
    risks.map((r) => r.id),
  );
  const allLinks = [...links.values()];
  const statuses = await controlStatuses(tx, { organizationId, controls: allLinks.flatMap((l) => l.controls), today });
  const review = await risksForReview(tx, { organizationId, risks, today });
  const names = new Map(
    (await scopeNames(tx, { organizationId, scope: allLinks.flatMap((l) => l.scope) })).map((s) => [`${s.type}:${s.id}`, s.name]),
  );
  return params.rows.map(({ risk, ownerName }) => {
    const { controls, scope } = links.get(risk.id)!;
    const inherent = score({ likelihood: risk.inherentLikelihood, impact: risk.inherentImpact });
    const residual = score({ likelihood: risk.residualLikelihood, impact: risk.residualImpact });
    return {
      id: risk.id,
      reference: risk.reference,
      library_id: risk.libraryId,
      language: risk.language,
      title: risk.title,
      description: risk.description,
      risk_source: risk.riskSource,
      threat: risk.threat,
      vulnerability: risk.vulnerability,
      owner: risk.ownerUserId ? { id: risk.ownerUserId, name: ownerName } : null,
      likelihood: { inherent: risk.inherentLikelihood, residual: risk.residualLikelihood },
      impact: { inherent: risk.inherentImpact, residual: risk.residualImpact },
      inherent_score: inherent,
      residual_score: residual,
      inherent_band: band(inherent, scale),
      residual_band: band(residual, scale),
      treatment: risk.treatment,
      controls: controls
        .map((c) => {
          const key = requirementKey(c.frameworkId, c.requirementId);
          return {
            framework: c.frameworkId,
            requirement: c.requirementId,
            effective_status: statuses.get(key) ?? null,
            assessed_status: risk.assessedControls[key] ?? null,
          };
        })
        .sort((a, b) => requirementKey(a.framework, a.requirement).localeCompare(requirementKey(b.framework, b.requirement))),
      scope: scope.map((s) => ({ type: s.type, id: s.targetId, name: names.get(`${s.type}:${s.targetId}`) ?? null })),
      assessed_at: risk.assessedAt.toISOString(),
      up_for_review: review.has(risk.id),
      degraded_controls: (review.get(risk.id) ?? []).map((d) => ({ control: d.control, assessed: d.then, now: d.now })),
      acceptance: risk.acceptedAt
        ? {
            accepted_by_user_id: risk.acceptedByUserId,
            accepted_at: risk.acceptedAt.toISOString(),
            expires_on: risk.acceptanceExpiresOn,
            note: risk.acceptanceNote,
            in_force: acceptanceInForce(risk, today),
          }
        : null,
      next_review_on: risk.nextReviewOn,
      archived_at: risk.archivedAt?.toISOString() ?? null,
      created_at: risk.createdAt.toISOString(),
      updated_at: risk.updatedAt.toISOString(),
    };
  });
}
