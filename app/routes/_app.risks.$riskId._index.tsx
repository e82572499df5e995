import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { users } from "../../db/schema";
import { notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import * as clock from "../config/clock";
import { findRequirement, frameworkShortName, localText } from "../controls/catalogue.server";
import { CONTROL_STATUS_LABEL, LANGUAGE_LABEL, RISK_SCOPE_TYPE_LABEL, RISK_TREATMENT_LABEL } from "../i18n/labels";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { acceptanceInForce } from "../risks/accept-risk.server";
import { HeatMap, RiskScore } from "../risks/heat-map";
import { degradedControls } from "../risks/review";
import { getRisk, heatMap, scopeNames } from "../risks/risks.server";
import { scaleOf } from "../risks/save-risk.server";
import { controlStatuses } from "../risks/treating-controls.server";
import { DateTime } from "../ui/format";
import { PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";

/** One risk: its context, ratings on the register's heat maps, treating controls as they stand today, scope, acceptance. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Risk");
  const riskId = requireUuidParam(params.riskId);
  const organizationId = auth.organization.id;
  const lang = await detectLocale(request);
  return scoped(context, auth, async (tx) => {
    const found = await getRisk(tx, { organizationId, riskId });
    if (!found) throw notFound();
    const { risk } = found;
    const now = await controlStatuses(tx, { organizationId, controls: found.controls, today: clock.today() });
    const [acceptedBy] = risk.acceptedByUserId
      ? await tx.select({ name: users.name }).from(users).where(eq(users.id, risk.acceptedByUserId))
      : [];
    return {
      canEdit: !risk.archivedAt && auth.ability.can("update", "Risk"),
      // The owner of a retained risk accepts it (again, to extend an acceptance); others are not offered the action.
      canAccept: !risk.archivedAt && risk.treatment === "retain" && risk.ownerUserId === auth.user.id && auth.ability.can("update", "Risk"),
      risk,
      ownerName: found.ownerName,
      acceptedByName: acceptedBy?.name ?? null,
      acceptanceInForce: acceptanceInForce(risk, clock.today()),
      scale: await scaleOf(tx, { organizationId }),
      heat: await heatMap(tx, { organizationId }),
      scope: await scopeNames(tx, { organizationId, scope: found.scope }),
      degraded: degradedControls(risk.assessedControls, now),
      controls: found.controls.map((c) => {
        const key = `${c.frameworkId}:${c.requirementId}`;
        const requirement = findRequirement(c.frameworkId, c.requirementId)?.requirement;
        return {
          key,
          href: `/controls/${c.frameworkId}/${c.requirementId}`,
          label: `${frameworkShortName(c.frameworkId, lang)} ${c.requirementId}${requirement ? ` — ${localText(requirement.title, lang)}` : ""}`,
          now: now.get(key) ?? null,
          then: risk.assessedControls[key] ?? null,
        };
      }),
    };
  });
}

export default function RiskPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const level = useLevelName();
  const { risk, scale } = data;
  return (
    <>
      <PageHeader
        title={`${risk.reference} — ${risk.title}`}
        actions={
          <>
            <Link to="/risks" className="button">
              {t("nav.risks")}
            </Link>
            {data.canAccept ? (
              <Link to={`/risks/${risk.id}/accept`} className="button">
                {t("risks.accept.action")}
              </Link>
            ) : null}
            {data.canEdit ? (
              <>
                <Link to={`/risks/${risk.id}/archive`} className="button">
                  {t("risks.archive.action")}
                </Link>
                <Link to={`/risks/${risk.id}/edit`} className="button primary">
                  {t("risks.form.edit")}
                </Link>
              </>
            ) : null}
          </>
        }
      />
      {risk.archivedAt ? (
        <p className="alert alert-info" role="status">
          {t("risks.page.archivedOn")} <DateTime value={risk.archivedAt} />. {t("risks.page.archivedBody")}
        </p>
      ) : null}
      {data.degraded.length > 0 && !risk.archivedAt ? (
        <div className="alert alert-error" role="status">
          <p>
            <strong>{t("risks.page.reviewTitle")}</strong> {t("risks.page.reviewBody", { count: data.degraded.length })}
          </p>
          <ul>
            {data.degraded.map((d) => (
              <li key={d.control}>
                {t("risks.page.degraded", {
                  control: data.controls.find((c) => c.key === d.control)?.label ?? d.control,
                  then: t(CONTROL_STATUS_LABEL[d.then]),
                  now: t(CONTROL_STATUS_LABEL[d.now]),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section aria-labelledby="risk-assessment">
        <h2 id="risk-assessment">{t("risks.page.assessment")}</h2>
        <dl className="details">
          <dt>{t("risks.register.inherent")}</dt>
          <dd>
            <RiskScore likelihood={risk.inherentLikelihood} impact={risk.inherentImpact} scale={scale} />{" "}
            {t("risks.page.rating", {
              likelihood: level(scale.likelihood, risk.inherentLikelihood),
              impact: level(scale.impact, risk.inherentImpact),
            })}
          </dd>
          <dt>{t("risks.register.residual")}</dt>
          <dd>
            <RiskScore likelihood={risk.residualLikelihood} impact={risk.residualImpact} scale={scale} />{" "}
            {t("risks.page.rating", {
              likelihood: level(scale.likelihood, risk.residualLikelihood),
              impact: level(scale.impact, risk.residualImpact),
            })}
          </dd>
          <dt>{t("risks.register.treatment")}</dt>
          <dd>{t(RISK_TREATMENT_LABEL[risk.treatment])}</dd>
          <dt>{t("risks.register.owner")}</dt>
          <dd>{data.ownerName ?? t("risks.register.noOwner")}</dd>
          <dt>{t("risks.page.assessedAt")}</dt>
          <dd>
            <DateTime value={risk.assessedAt} />
          </dd>
          <dt>{t("risks.register.nextReview")}</dt>
          <dd>{risk.nextReviewOn ?? "—"}</dd>
        </dl>
        <div className="heat-map-pair">
          <HeatMap
            caption={t("risks.heatMap.inherent")}
            scale={scale}
            cells={data.heat.inherent}
            marked={{ likelihood: risk.inherentLikelihood, impact: risk.inherentImpact }}
          />
          <HeatMap
            caption={t("risks.heatMap.residual")}
            scale={scale}
            cells={data.heat.residual}
            marked={{ likelihood: risk.residualLikelihood, impact: risk.residualImpact }}
          />
        </div>
      </section>
      <TreatingControls controls={data.controls} />
      <section aria-labelledby="risk-context">
        <h2 id="risk-context">{t("risks.page.context")}</h2>
        <dl className="details">
          <dt>{t("risks.page.description")}</dt>
          <dd>{risk.description || "—"}</dd>
          <dt>{t("risks.page.riskSource")}</dt>
          <dd>{risk.riskSource || "—"}</dd>
          <dt>{t("risks.page.threat")}</dt>
          <dd>{risk.threat || "—"}</dd>
          <dt>{t("risks.page.vulnerability")}</dt>
          <dd>{risk.vulnerability || "—"}</dd>
          <dt>{t("risks.page.language")}</dt>
          <dd>{t(LANGUAGE_LABEL[risk.language])}</dd>
        </dl>
      </section>
      <section aria-labelledby="risk-scope">
        <h2 id="risk-scope">{t("risks.page.scope")}</h2>
        {data.scope.length === 0 ? (
          <p className="muted">{t("risks.page.noScope")}</p>
        ) : (
          <ul>
            {data.scope.map((s) => (
              <li key={`${s.type}:${s.id}`}>
                <span className="badge">{t(RISK_SCOPE_TYPE_LABEL[s.type])}</span> <Link to={s.href}>{s.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="risk-acceptance">
        <h2 id="risk-acceptance">{t("risks.page.acceptance")}</h2>
        {risk.acceptedAt && data.acceptanceInForce ? (
          <dl className="details">
            <dt>{t("risks.page.acceptedByLabel")}</dt>
            <dd>{data.acceptedByName ?? "—"}</dd>
            <dt>{t("risks.page.acceptedOn")}</dt>
            <dd>
              <DateTime value={risk.acceptedAt} />
            </dd>
            <dt>{t("risks.page.acceptedUntil")}</dt>
            <dd>{risk.acceptanceExpiresOn}</dd>
            <dt>{t("risks.page.acceptanceNote")}</dt>
            <dd>{risk.acceptanceNote || "—"}</dd>
          </dl>
        ) : (
          <p className="muted">{t("risks.page.notAccepted")}</p>
        )}
      </section>
    </>
  );
}

/** A level by its label on the organisation's scale, in the reader's language. */
function useLevelName() {
  const { i18n } = useTranslation();
  const lang = i18n.language === "fr" ? "fr" : "en";
  return (levels: { en: string; fr: string }[], at: number) => levels[at - 1]?.[lang] ?? String(at);
}

function TreatingControls({ controls }: { controls: ReturnType<typeof useLoaderData<typeof loader>>["controls"] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="risk-controls">
      <h2 id="risk-controls">{t("risks.page.controls")}</h2>
      <p className="field-hint">{t("risks.page.controlsHint")}</p>
      {controls.length === 0 ? (
        <p className="muted">{t("risks.page.noControls")}</p>
      ) : (
        <table className="table stacked-table">
          <thead>
            <tr>
              <th scope="col">{t("risks.page.control")}</th>
              <th scope="col">{t("risks.page.statusNow")}</th>
              <th scope="col">{t("risks.page.statusThen")}</th>
            </tr>
          </thead>
          <tbody>
            {controls.map((c) => (
              <tr key={c.key}>
                <td>
                  <Link to={c.href}>{c.label}</Link>
                </td>
                <td data-label={t("risks.page.statusNow")}>
                  {c.now ? <span className={`badge status-${c.now}`}>{t(CONTROL_STATUS_LABEL[c.now])}</span> : "—"}
                </td>
                <td data-label={t("risks.page.statusThen")}>{c.then ? t(CONTROL_STATUS_LABEL[c.then]) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.risks");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
