import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { risks, users } from "../../db/schema";
import { frameworkShortName } from "../controls/catalogue.server";
import type { translator, Locale } from "../i18n/i18n";
import { RISK_BAND_LABEL, RISK_TREATMENT_LABEL } from "../i18n/labels";
import type { ExportTable } from "../reports/register-exports.server";
import { acceptanceInForce } from "./accept-risk.server";
import { linksByRisk, referenceNumber, scopeNames } from "./risks.server";
import { scaleOf } from "./save-risk.server";
import { band, score, type RiskScale } from "./scale";
import { risksForReview } from "./treating-controls.server";

const HEADER = [
  "reports.exports.risks.reference",
  "reports.exports.risks.title",
  "reports.exports.risks.owner",
  "reports.exports.risks.risk_source",
  "reports.exports.risks.threat",
  "reports.exports.risks.vulnerability",
  "reports.exports.risks.inherent_likelihood",
  "reports.exports.risks.inherent_impact",
  "reports.exports.risks.inherent_score",
  "reports.exports.risks.residual_likelihood",
  "reports.exports.risks.residual_impact",
  "reports.exports.risks.residual_score",
  "reports.exports.risks.treatment",
  "reports.exports.risks.controls",
  "reports.exports.risks.scope",
  "reports.exports.risks.accepted_until",
  "reports.exports.risks.up_for_review",
  "reports.exports.risks.next_review",
  "reports.exports.risks.assessed_at",
  "reports.exports.risks.archived",
] as const;

type T = ReturnType<typeof translator>;

/** A level as the register shows it: its number and the scale's label, in the reader's words ("4 — Major"). */
const levelText = (scale: RiskScale, axis: keyof RiskScale, level: number, locale: Locale) =>
  `${level} — ${scale[axis][level - 1]?.[locale] ?? ""}`;
const scoreText = (points: number, scale: RiskScale, t: T) =>
  t("risks.score", { score: points, band: t(RISK_BAND_LABEL[band(points, scale)]) });

/**
 * The risk register as a table in the reader's language (ISO/IEC 27001 6.1.2 and 6.1.3 as a spreadsheet): every risk,
 * archived ones marked, with its levels on the organisation's scale, treatment, controls, scope by name, acceptance in
 * force and whether a treating control has slipped since the residual risk was assessed.
 */
export async function risksTable(tx: Tx, params: { organizationId: string; today: string }, t: T, locale: Locale): Promise<ExportTable> {
  const { organizationId, today } = params;
  const rows = await tx
    .select({ risk: risks, ownerName: users.name })
    .from(risks)
    .leftJoin(users, eq(users.id, risks.ownerUserId))
    .where(eq(risks.organizationId, organizationId))
    .orderBy(asc(referenceNumber));
  const scale = await scaleOf(tx, params);
  const links = await linksByRisk(
    tx,
    rows.map((r) => r.risk.id),
  );
  const names = new Map(
    (await scopeNames(tx, { organizationId, scope: [...links.values()].flatMap((l) => l.scope) })).map((s) => [
      `${s.type}:${s.id}`,
      s.name,
    ]),
  );
  const review = await risksForReview(tx, {
    organizationId,
    risks: rows.map((r) => r.risk).filter((r) => !r.archivedAt),
    today,
  });
  const acceptors = await acceptorNames(
    tx,
    rows.flatMap((r) => r.risk.acceptedByUserId ?? []),
  );
  const yesNo = (value: boolean) => (value ? t("policies.yes") : t("policies.no"));
  return {
    sheetName: t("nav.risks"),
    header: HEADER.map((key) => t(key)),
    rows: rows.map(({ risk, ownerName }) => {
      const { controls, scope } = links.get(risk.id)!;
      const degraded = review.get(risk.id) ?? [];
      return [
        risk.reference,
        risk.title,
        ownerName ?? "",
        risk.riskSource,
        risk.threat,
        risk.vulnerability,
        levelText(scale, "likelihood", risk.inherentLikelihood, locale),
        levelText(scale, "impact", risk.inherentImpact, locale),
        scoreText(score({ likelihood: risk.inherentLikelihood, impact: risk.inherentImpact }), scale, t),
        levelText(scale, "likelihood", risk.residualLikelihood, locale),
        levelText(scale, "impact", risk.residualImpact, locale),
        scoreText(score({ likelihood: risk.residualLikelihood, impact: risk.residualImpact }), scale, t),
        t(RISK_TREATMENT_LABEL[risk.treatment]),
        controls
          .map((c) => `${frameworkShortName(c.frameworkId, locale)} ${c.requirementId}`)
          .sort()
          .join("; "),
        scope
          .map((s) => names.get(`${s.type}:${s.targetId}`) ?? "")
          .sort()
          .join("; "),
        acceptanceInForce(risk, today)
          ? t("reports.exports.risks.acceptedBy", { date: risk.acceptanceExpiresOn!, name: acceptors.get(risk.acceptedByUserId!) ?? "" })
          : "",
        degraded.length > 0 ? `${t("policies.yes")} (${degraded.map((d) => d.control.split(":")[1]).join(", ")})` : t("policies.no"),
        risk.nextReviewOn ?? "",
        risk.assessedAt.toISOString().slice(0, 10),
        yesNo(risk.archivedAt !== null),
      ];
    }),
  };
}

async function acceptorNames(tx: Tx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
