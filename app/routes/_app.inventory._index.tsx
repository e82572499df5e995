import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { countryName } from "../i18n/countries";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { BrowseQuery, endOfDay } from "../inventory/browse-query";
import { ASSET_KINDS } from "../inventory/kinds";
import { filterChoices, listAssets, pageAssetsAsOf } from "../inventory/queries.server";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination } from "../ui/pagination";
import { SortableHeader } from "../ui/sortable-header";
import { sortValue } from "../ui/sort";
import { ASSET_KIND_LABEL } from "../i18n/labels";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Inventory");
  const query = BrowseQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const organizationId = auth.organization.id;
  const filters = { kind: query.kind, tenantId: query.tenant, siteId: query.site, country: query.country, q: query.q };
  const canImport = auth.ability.can("create", "Inventory");
  return scoped(context, auth, async (tx) => {
    const choices = await filterChoices(tx, { organizationId });
    if (query.asOf) {
      const past = await pageAssetsAsOf(tx, { organizationId, asOf: endOfDay(query.asOf), filters, page: query.page, pageSize: PAGE_SIZE });
      return { query, choices, past, current: null, canImport };
    }
    const current = await listAssets(tx, {
      organizationId,
      filters,
      sort: query.sort,
      page: query.page,
      pageSize: PAGE_SIZE,
    });
    return { query, choices, past: null, current, canImport };
  });
}

function Filters() {
  const { t, i18n } = useTranslation();
  const { query, choices } = useLoaderData<typeof loader>();
  return (
    <FilterForm aria-label={t("inventory.filters")}>
      <input type="hidden" name="sort" value={sortValue(query.sort)} />
      <div className="field">
        <label htmlFor="inv-q">{t("inventory.search")}</label>
        <input id="inv-q" type="search" name="q" defaultValue={query.q ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="inv-kind">{t("inventory.kind")}</label>
        <select id="inv-kind" name="kind" defaultValue={query.kind ?? ""}>
          <option value="">{t("inventory.any")}</option>
          {ASSET_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(ASSET_KIND_LABEL[k])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inv-tenant">{t("inventory.tenant")}</label>
        <select id="inv-tenant" name="tenant" defaultValue={query.tenant ?? ""}>
          <option value="">{t("inventory.any")}</option>
          {choices.tenants.map((c) => (
            <option key={c.id} value={c.id}>
              {c.legalName}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inv-site">{t("inventory.site")}</label>
        <select id="inv-site" name="site" defaultValue={query.site ?? ""}>
          <option value="">{t("inventory.any")}</option>
          {choices.sites.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inv-country">{t("inventory.country")}</label>
        <select id="inv-country" name="country" defaultValue={query.country ?? ""}>
          <option value="">{t("inventory.any")}</option>
          {choices.countries.map((c) => (
            <option key={c} value={c}>
              {countryName(c, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inv-asof">{t("inventory.asOf")}</label>
        <input id="inv-asof" type="date" name="asOf" defaultValue={query.asOf ?? ""} />
      </div>
      <button type="submit" className="button">
        {t("audit.apply")}
      </button>
      <Link to="/inventory">{t("inventory.reset")}</Link>
    </FilterForm>
  );
}

export default function InventoryPage() {
  const { t, i18n } = useTranslation();
  const { query, current, past, canImport } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.kind || query.tenant || query.site || query.country || query.q);
  return (
    <>
      <PageHeader
        title={t("nav.inventory")}
        description={t("sections.inventory.description")}
        actions={
          canImport ? (
            <Link to="/inventory/import" className="button">
              {t("inventory.import.action")}
            </Link>
          ) : undefined
        }
      />
      <Filters />
      {past ? (
        <>
          <p className="alert alert-info" role="status">
            {t("inventory.pastNotice", { date: query.asOf })}
          </p>
          {past.rows.length === 0 ? (
            <EmptyState title={t("inventory.emptyPastTitle")} body={t("inventory.emptyPastBody")} />
          ) : (
            <>
              <table className="table">
                <caption className="visually-hidden">{t("nav.inventory")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("inventory.name")}</th>
                    <th scope="col">{t("inventory.kind")}</th>
                    <th scope="col">{t("inventory.tenant")}</th>
                    <th scope="col">{t("inventory.ownCountry")}</th>
                    <th scope="col">{t("inventory.version")}</th>
                  </tr>
                </thead>
                <tbody>
                  {past.rows.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/inventory/${a.id}?asOf=${query.asOf}`}>{a.name}</Link>
                      </td>
                      <td>{t(ASSET_KIND_LABEL[a.kind])}</td>
                      <td>{a.tenantName ?? "—"}</td>
                      <td>{a.country ? countryName(a.country, i18n.language) : "—"}</td>
                      <td>
                        v{a.version} · <DateTime value={a.validFrom} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pagination page={query.page} total={past.total} />
            </>
          )}
        </>
      ) : current && current.assets.length === 0 ? (
        <EmptyState
          title={filtered ? t("inventory.noMatchTitle") : t("inventory.emptyTitle")}
          body={filtered ? t("inventory.noMatchBody") : t("inventory.emptyBody")}
        />
      ) : current ? (
        <>
          <table className="table">
            <caption className="visually-hidden">{t("nav.inventory")}</caption>
            <thead>
              <tr>
                <SortableHeader column="name" label={t("inventory.name")} sort={query.sort} />
                <SortableHeader column="kind" label={t("inventory.kind")} sort={query.sort} />
                <th scope="col">{t("inventory.tenant")}</th>
                <SortableHeader column="country" label={t("inventory.country")} sort={query.sort} />
                <th scope="col">{t("inventory.source")}</th>
                <SortableHeader column="updated" label={t("inventory.updated")} sort={query.sort} firstDirection="desc" />
              </tr>
            </thead>
            <tbody>
              {current.assets.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/inventory/${a.id}`}>{a.name}</Link>
                  </td>
                  <td>{t(ASSET_KIND_LABEL[a.kind])}</td>
                  <td>{a.tenantName ?? "—"}</td>
                  <td>{a.effectiveCountry ? countryName(a.effectiveCountry, i18n.language) : "—"}</td>
                  <td>
                    <code>{a.source}</code>
                  </td>
                  <td>
                    <DateTime value={a.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={query.page} total={current.total} totalCapped={current.totalCapped} />
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.inventory");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
