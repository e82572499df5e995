import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import * as clock from "../config/clock";
import { RISK_TREATMENT_LABEL } from "../i18n/labels";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { acceptanceInForce } from "../risks/accept-risk.server";
import { HeatMaps, RiskScore } from "../risks/heat-map";
import { RISK_TREATMENTS } from "../risks/risk-schema";
import { heatMap, listRisks, RISK_DEFAULT_SORT, RISK_SORTS } from "../risks/risks.server";
import { scaleOf } from "../risks/save-risk.server";
import { risksForReview } from "../risks/treating-controls.server";
import { RegisterExportLinks } from "../reports/reports-ui";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination, pageCount } from "../ui/pagination";
import { pageFrom } from "../ui/params";
import { SortableHeader } from "../ui/sortable-header";
import { SortParam, sortValue } from "../ui/sort";

const blank = (v: unknown) => (v === "" ? undefined : v);
const Query = z.object({
  q: z.preprocess(blank, z.string().trim().max(200).optional()).catch(undefined),
  treatment: z.preprocess(blank, z.enum(RISK_TREATMENTS).optional()).catch(undefined),
  sort: SortParam(RISK_SORTS, RISK_DEFAULT_SORT),
});

/** The risk register: one page of live risks, sorted and searched on the server, with the register's heat maps. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Risk");
  const url = new URL(request.url);
  const query = Query.parse(Object.fromEntries(url.searchParams));
  const organizationId = auth.organization.id;
  return scoped(context, auth, async (tx) => {
    const filters = { q: query.q, treatment: query.treatment };
    const pageOf = (page: number) => listRisks(tx, { organizationId, filters, sort: query.sort, page, pageSize: PAGE_SIZE });
    const requested = pageFrom(url);
    const first = await pageOf(requested);
    // A page past the end (the register shrank since the link was made) shows the last page.
    const page = Math.min(requested, pageCount(first.total));
    const { rows, total } = page === requested ? first : await pageOf(page);
    const review = await risksForReview(tx, { organizationId, risks: rows.map((r) => r.risk), today: clock.today() });
    return {
      canCreate: auth.ability.can("create", "Risk"),
      canExport: auth.ability.can("export", "Risk"),
      query,
      page,
      total,
      scale: await scaleOf(tx, { organizationId }),
      heat: await heatMap(tx, { organizationId }),
      risks: rows.map(({ risk, ownerName }) => ({
        id: risk.id,
        reference: risk.reference,
        title: risk.title,
        ownerName,
        inherent: { likelihood: risk.inherentLikelihood, impact: risk.inherentImpact },
        residual: { likelihood: risk.residualLikelihood, impact: risk.residualImpact },
        treatment: risk.treatment,
        accepted: acceptanceInForce(risk, clock.today()),
        nextReviewOn: risk.nextReviewOn,
        needsReview: review.has(risk.id),
      })),
    };
  });
}

export default function RiskRegisterPage() {
  const { t } = useTranslation();
  const { canCreate, canExport, query, page, total, scale, heat, risks } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.treatment);
  const registerEmpty = total === 0 && !filtered;
  return (
    <>
      <PageHeader
        title={t("nav.risks")}
        description={t("sections.risks.description")}
        actions={
          <>
            {canExport && !registerEmpty ? <RegisterExportLinks registers={["risks"]} /> : null}
            {canCreate ? (
              <Link to="/risks/new" className="button primary">
                {t("risks.form.add")}
              </Link>
            ) : null}
          </>
        }
      />
      {registerEmpty ? (
        <EmptyState title={t("risks.register.emptyTitle")} body={t("risks.register.emptyBody")} />
      ) : (
        <>
          <HeatMaps scale={scale} heat={heat} />
          <FilterForm aria-label={t("risks.register.filters")}>
            <input type="hidden" name="sort" value={sortValue(query.sort)} />
            <div className="field">
              <label htmlFor="risk-q">{t("risks.register.search")}</label>
              <input id="risk-q" type="search" name="q" defaultValue={query.q ?? ""} aria-describedby="risk-q-hint" />
              <p id="risk-q-hint" className="field-hint">
                {t("risks.register.searchHint")}
              </p>
            </div>
            <div className="field">
              <label htmlFor="risk-treatment">{t("risks.register.treatment")}</label>
              <select id="risk-treatment" name="treatment" defaultValue={query.treatment ?? ""}>
                <option value="">{t("inventory.any")}</option>
                {RISK_TREATMENTS.map((value) => (
                  <option key={value} value={value}>
                    {t(RISK_TREATMENT_LABEL[value])}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              {t("audit.apply")}
            </button>
            {filtered ? <Link to="/risks">{t("inventory.reset")}</Link> : null}
          </FilterForm>
          {risks.length === 0 ? (
            <EmptyState title={t("risks.register.noMatch")} body={t("inventory.noMatchBody")} />
          ) : (
            <RiskTable risks={risks} scale={scale} sort={query.sort} page={page} total={total} />
          )}
        </>
      )}
    </>
  );
}

type Register = ReturnType<typeof useLoaderData<typeof loader>>;

function RiskTable({
  risks,
  scale,
  sort,
  page,
  total,
}: Pick<Register, "risks" | "scale" | "page" | "total"> & { sort: Register["query"]["sort"] }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="muted" role="status">
        {t("risks.register.count", { count: total })}
      </p>
      <table className="table stacked-table">
        <caption className="visually-hidden">{t("nav.risks")}</caption>
        <thead>
          <tr>
            <SortableHeader column="reference" label={t("risks.register.reference")} sort={sort} />
            <SortableHeader column="title" label={t("risks.register.title")} sort={sort} />
            <SortableHeader column="owner" label={t("risks.register.owner")} sort={sort} />
            <SortableHeader column="inherent" label={t("risks.register.inherent")} sort={sort} />
            <SortableHeader column="residual" label={t("risks.register.residual")} sort={sort} />
            <SortableHeader column="treatment" label={t("risks.register.treatment")} sort={sort} />
            <SortableHeader column="next_review" label={t("risks.register.nextReview")} sort={sort} />
          </tr>
        </thead>
        <tbody>
          {risks.map((r) => (
            <tr key={r.id}>
              <td data-label={t("risks.register.reference")}>{r.reference}</td>
              <td data-label={t("risks.register.title")}>
                <Link to={`/risks/${r.id}`}>{r.title}</Link>
                {r.needsReview ? <span className="badge status-needs_attention">{t("risks.register.needsReview")}</span> : null}
              </td>
              <td data-label={t("risks.register.owner")}>{r.ownerName ?? <span className="muted">{t("risks.register.noOwner")}</span>}</td>
              <td data-label={t("risks.register.inherent")}>
                <RiskScore {...r.inherent} scale={scale} />
              </td>
              <td data-label={t("risks.register.residual")}>
                <RiskScore {...r.residual} scale={scale} />
              </td>
              <td data-label={t("risks.register.treatment")}>
                {t(RISK_TREATMENT_LABEL[r.treatment])}
                {r.accepted ? <span className="badge status-implemented">{t("risks.register.accepted")}</span> : null}
              </td>
              <td data-label={t("risks.register.nextReview")}>{r.nextReviewOn ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} total={total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.risks");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
