import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { catalogue, localText } from "../controls/catalogue.server";
import { ownerChoices, progressByTheme, statementOfApplicability } from "../controls/controls.server";
import { controlPath, SoaQuery } from "../controls/soa-query";
import { sortSoaRows } from "../controls/soa-sort";
import { SortableHeader } from "../ui/sortable-header";
import { EFFECTIVE_STATUSES } from "../controls/effective-status";
import { AttentionReasons } from "../controls/status-ui";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { EmptyState, PageHeader } from "../ui/layout";
import { useNumbers } from "../ui/format";
import { detectLocale } from "../i18n/locale.server";
import * as clock from "../config/clock";
import { AUTOMATED_STATE_LABEL, CONTROL_STATUS_LABEL } from "../i18n/labels";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Control");
  const url = new URL(request.url);
  const query = SoaQuery.parse(Object.fromEntries(url.searchParams));
  const locale = await detectLocale(request);
  const today = clock.today();
  const organizationId = auth.organization.id;
  const result = await scoped(context, auth, async (tx) => ({
    soa: await statementOfApplicability(tx, { organizationId, frameworkId: query.framework, today }),
    owners: await ownerChoices(tx, { organizationId }),
  }));
  if (!result.soa) throw new Response("Unknown framework", { status: 404 });
  const { framework, rows } = result.soa;
  const words = query.q?.toLocaleLowerCase();
  const matches = (r: (typeof rows)[number]) =>
    !words || [r.requirementId, r.title.en, r.title.fr ?? ""].some((text) => text.toLocaleLowerCase().includes(words));
  const filtered = rows.filter(
    (r) =>
      matches(r) &&
      (!query.theme || r.theme === query.theme) &&
      (!query.status || r.status === query.status) &&
      (!query.owner || r.record.ownerUserId === query.owner) &&
      (query.attention !== "overdue" || r.reviewOverdue) &&
      (query.attention !== "expired" || r.evidence.expired > 0),
  );
  return {
    query,
    frameworks: catalogue().frameworks.map((f) => ({ id: f.id, name: localText(f.name, locale) })),
    framework: {
      id: framework.id,
      name: localText(framework.name, locale),
      themes: framework.themes.map((t) => ({ id: t.id, name: localText(t.name, locale) })),
    },
    progress: progressByTheme(framework, rows).map((p) => ({ ...p, name: localText(p.name, locale) })),
    rows: sortSoaRows(filtered, query.sort).map((r) => ({ ...r, title: localText(r.title, locale) })),
    counts: {
      total: rows.length,
      attention: rows.filter((r) => r.status === "needs_attention").length,
      overdue: rows.filter((r) => r.reviewOverdue).length,
      expired: rows.filter((r) => r.evidence.expired > 0).length,
    },
    owners: result.owners,
    canExport: auth.ability.can("export", "Control"),
  };
}

export default function ControlsPage() {
  const { t } = useTranslation();
  const n = useNumbers();
  const { query, frameworks, framework, progress, rows, counts, owners, canExport } = useLoaderData<typeof loader>();
  const exportQuery = `framework=${encodeURIComponent(framework.id)}`;
  return (
    <>
      <PageHeader
        title={t("controls.title")}
        description={t("controls.description")}
        actions={
          canExport ? (
            <>
              <a className="button" href={`/controls/export.csv?${exportQuery}`} download>
                {t("controls.exportCsv")}
              </a>
              <a className="button" href={`/controls/export.xlsx?${exportQuery}`} download>
                {t("controls.exportXlsx")}
              </a>
            </>
          ) : undefined
        }
      />
      <nav aria-label={t("controls.frameworks")} className="tabs">
        {frameworks.map((f) => (
          <Link key={f.id} to={`?framework=${encodeURIComponent(f.id)}`} aria-current={f.id === framework.id ? "page" : undefined}>
            {f.name}
          </Link>
        ))}
      </nav>
      <section aria-labelledby="progress" className="cards">
        <h2 id="progress" className="visually-hidden">
          {t("controls.progress")}
        </h2>
        {progress.map((p) => (
          <div key={p.theme} className="card">
            <strong>{p.name}</strong>
            <meter
              min={0}
              max={Math.max(p.applicable, 1)}
              value={p.implemented}
              aria-label={t("controls.implementedOf", { implemented: p.implemented, applicable: p.applicable })}
            />
            <span>{t("controls.implementedOf", { implemented: p.implemented, applicable: p.applicable })}</span>
            {p.needsAttention ? <span className="attention-text">{t("controls.needAttention", { count: p.needsAttention })}</span> : null}
          </div>
        ))}
        <Link
          to={`?framework=${encodeURIComponent(framework.id)}&status=needs_attention`}
          className={`card ${counts.attention ? "attention" : ""}`}
        >
          <span className="card-figure">{n.number(counts.attention)}</span>
          <span>{t("controls.needsAttentionCard")}</span>
        </Link>
        <Link
          to={`?framework=${encodeURIComponent(framework.id)}&attention=overdue`}
          className={`card ${counts.overdue ? "attention" : ""}`}
        >
          <span className="card-figure">{n.number(counts.overdue)}</span>
          <span>{t("controls.overdueReviews")}</span>
        </Link>
        <Link
          to={`?framework=${encodeURIComponent(framework.id)}&attention=expired`}
          className={`card ${counts.expired ? "attention" : ""}`}
        >
          <span className="card-figure">{n.number(counts.expired)}</span>
          <span>{t("controls.expiredEvidence")}</span>
        </Link>
      </section>
      <FilterForm aria-label={t("controls.filters")}>
        <input type="hidden" name="framework" value={framework.id} />
        <div className="field">
          <label htmlFor="soa-q">{t("controls.search")}</label>
          <input id="soa-q" type="search" name="q" defaultValue={query.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="soa-theme">{t("controls.theme")}</label>
          <select id="soa-theme" name="theme" defaultValue={query.theme ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {framework.themes.map((th) => (
              <option key={th.id} value={th.id}>
                {th.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="soa-status">{t("controls.status")}</label>
          <select id="soa-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {EFFECTIVE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(CONTROL_STATUS_LABEL[s])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="soa-owner">{t("controls.owner")}</label>
          <select id="soa-owner" name="owner" defaultValue={query.owner ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
      </FilterForm>
      {rows.length === 0 ? (
        <EmptyState title={t("controls.noMatchTitle")} body={t("inventory.noMatchBody")} />
      ) : (
        <table className="table soa-table stacked-table">
          <caption className="visually-hidden">{t("controls.title")}</caption>
          <thead>
            <tr>
              <SortableHeader column="requirement" label={t("controls.requirement")} sort={query.sort} />
              <SortableHeader column="status" label={t("controls.status")} sort={query.sort} />
              <SortableHeader column="owner" label={t("controls.owner")} sort={query.sort} />
              <SortableHeader column="next_review" label={t("controls.nextReview")} sort={query.sort} />
              <SortableHeader column="evidence" label={t("controls.evidence")} sort={query.sort} firstDirection="desc" />
              <th scope="col">{t("controls.automated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.requirementId}>
                <td data-label={t("controls.requirement")}>
                  <Link to={controlPath(framework.id, r.requirementId)}>
                    <strong>{r.requirementId}</strong> {r.title}
                  </Link>
                </td>
                <td data-label={t("controls.status")} className="status-cell">
                  <span className={`badge status-${r.status}`}>{t(CONTROL_STATUS_LABEL[r.status])}</span>
                  {r.status !== r.declared ? (
                    <span className="status-declared">{t("controls.declaredAs", { status: t(CONTROL_STATUS_LABEL[r.declared]) })}</span>
                  ) : null}
                  <AttentionReasons reasons={r.reasons} />
                </td>
                <td data-label={t("controls.owner")}>{r.record.ownerName ?? "—"}</td>
                <td data-label={t("controls.nextReview")} className={r.reviewOverdue ? "overdue" : undefined}>
                  {r.record.nextReviewOn ?? "—"}
                  {r.reviewOverdue ? ` (${t("controls.overdue")})` : ""}
                </td>
                <td data-label={t("controls.evidence")}>
                  {n.number(r.evidence.current)}
                  {r.evidence.expired ? ` · ${t("controls.expiredCount", { count: r.evidence.expired })}` : ""}
                </td>
                <td data-label={t("controls.automated")}>
                  {r.automated.state === "none" ? (
                    <span className="muted">—</span>
                  ) : (
                    <span className={`badge automated-${r.automated.state}`}>
                      {t(AUTOMATED_STATE_LABEL[r.automated.state], { count: r.automated.failing })}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "controls.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
