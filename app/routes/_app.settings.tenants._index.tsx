import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { countryName } from "../i18n/countries";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { listTenants } from "../tenants/tenants.server";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination } from "../ui/pagination";
import { PageParam } from "../ui/params";

const ListSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: PageParam,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Tenant");
  const query = ListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await scoped(context, auth, (tx) =>
    listTenants(tx, { organizationId: auth.organization.id, q: query.q || undefined, page: query.page, pageSize: PAGE_SIZE }),
  );
  return { ...result, query, canCreate: auth.ability.can("create", "Tenant") };
}

export default function TenantsPage() {
  const { t, i18n } = useTranslation();
  const { tenants, total, query, canCreate } = useLoaderData<typeof loader>();
  const newButton = canCreate ? (
    <Link to="/settings/tenants/new" className="button primary">
      {t("tenants.new")}
    </Link>
  ) : undefined;
  return (
    <>
      <PageHeader title={t("tenants.title")} description={t("tenants.description")} actions={newButton} />
      <FilterForm role="search">
        <div className="field">
          <label htmlFor="tenant-search">{t("tenants.search")}</label>
          <input id="tenant-search" type="search" name="q" defaultValue={query.q ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("common.search")}
        </button>
      </FilterForm>
      {tenants.length === 0 ? (
        <EmptyState
          title={query.q ? t("tenants.noMatchTitle") : t("tenants.emptyTitle")}
          body={query.q ? t("tenants.noMatchBody") : t("tenants.emptyBody")}
          action={query.q ? undefined : newButton}
        />
      ) : (
        <>
          <table className="table">
            <caption className="visually-hidden">{t("tenants.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("tenants.fields.legalName")}</th>
                <th scope="col">{t("tenants.fields.country")}</th>
                <th scope="col">{t("tenants.fields.registrationNumber")}</th>
                <th scope="col">{t("tenants.fields.contacts")}</th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((tenant) => (
                <tr key={tenant.id}>
                  <td>
                    <Link to={`/settings/tenants/${tenant.id}`}>{tenant.legalName}</Link>
                  </td>
                  <td>{countryName(tenant.country, i18n.language)}</td>
                  <td>{tenant.registrationNumber}</td>
                  <td>{tenant.contacts[0]?.email ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={query.page} total={total} />
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenants.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
