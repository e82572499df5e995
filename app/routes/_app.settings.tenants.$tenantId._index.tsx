import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { subject } from "../auth/ability";
import { requireAuth, scoped } from "../auth/auth.server";
import { countryName } from "../i18n/countries";
import { pageTitle } from "../i18n/meta";
import { residencyProfile } from "../agreements/agreements.server";
import { requireTenant } from "../tenants/load-tenant.server";
import { DateTime } from "../ui/format";
import { PageHeader } from "../ui/layout";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { tenant, residency } = await scoped(context, auth, async (tx) => {
    const found = await requireTenant(tx, auth, params.tenantId, "read");
    return { tenant: found, residency: await residencyProfile(tx, { organizationId: auth.organization.id, tenantId: found.id }) };
  });
  return {
    tenant,
    residency,
    canUpdate: auth.ability.can("update", subject("Tenant", tenant)),
    canDelete: auth.ability.can("delete", subject("Tenant", tenant)),
    canReadAudit: auth.ability.can("read", "AuditLog"),
  };
}

export default function TenantPage() {
  const { t, i18n } = useTranslation();
  const { tenant, residency, canUpdate, canDelete, canReadAudit } = useLoaderData<typeof loader>();
  const actions = (
    <>
      {canUpdate ? (
        <Link to="edit" className="button">
          {t("common.edit")}
        </Link>
      ) : null}
      {canDelete ? (
        <Link to="delete" className="button danger">
          {t("common.delete")}
        </Link>
      ) : null}
    </>
  );
  return (
    <>
      <PageHeader title={tenant.legalName} actions={actions} />
      <dl className="details">
        <dt>{t("tenants.fields.slug")}</dt>
        <dd>
          <code>{tenant.slug}</code>
        </dd>
        <dt>{t("tenants.fields.country")}</dt>
        <dd>{countryName(tenant.country, i18n.language)}</dd>
        <dt>{t("tenants.fields.registrationNumber")}</dt>
        <dd>{tenant.registrationNumber}</dd>
        <dt>{t("tenants.fields.updatedAt")}</dt>
        <dd>
          <DateTime value={tenant.updatedAt} />
        </dd>
      </dl>
      <h2>{t("tenants.fields.contacts")}</h2>
      <ul className="plain-list">
        {tenant.contacts.map((c) => (
          <li key={c.email}>
            {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
            {c.role ? ` · ${c.role}` : ""}
          </li>
        ))}
      </ul>
      <section aria-labelledby="residency">
        <h2 id="residency">{t("agreements.residency")}</h2>
        <p className="muted">{t("agreements.residencyBody")}</p>
        <p>
          <strong>{t("agreements.residencyAllowed")}:</strong> {residency.allowedCountries.map((c) => countryName(c, i18n.language)).join(", ") || "—"}
        </p>
        <ul className="plain-list">
          {residency.entries.map((e, i) =>
            e.source === "default" ? (
              <li key={i}>{t("agreements.residencyDefault")}</li>
            ) : (
              <li key={i}>
                {e.allowed.join(", ")} — <Link to={`/agreements/${e.agreementId}`}>{t("agreements.residencyFrom", { title: e.title, version: e.version })}</Link>
              </li>
            ),
          )}
        </ul>
      </section>
      {canReadAudit ? (
        <p>
          <Link to={`/audit?entityType=tenant&entityId=${tenant.id}`}>{t("tenants.history")}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/settings/tenants">{t("tenants.backToList")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenants.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
