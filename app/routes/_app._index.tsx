import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth, scoped } from "../auth/auth.server";
import { dashboardSummary } from "../dashboard/dashboard.server";
import { pageTitle } from "../i18n/meta";
import { PageHeader } from "../ui/layout";
import { DateTime } from "../ui/format";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const summary = await scoped(context, auth, (tx) =>
    dashboardSummary(tx, {
      organizationId: auth.organization.id,
      includeMembers: auth.ability.can("read", "Membership"),
      includeAudit: auth.ability.can("read", "AuditLog"),
    }),
  );
  return { organization: auth.organization, role: auth.membership.role, summary };
}

export default function Dashboard() {
  const { t } = useTranslation();
  const { organization, role, summary } = useLoaderData<typeof loader>();
  const tenantMember = role === "tenant_member";
  return (
    <>
      <PageHeader title={t("dashboard.title")} description={t("dashboard.welcome", { organization: organization.name })} />
      <div className="cards">
        <Link to="/settings/tenants" className="card">
          <span className="card-figure">{summary.tenants}</span>
          <span>{tenantMember ? t("dashboard.yourTenant") : t("dashboard.tenants")}</span>
        </Link>
        {summary.members !== null ? (
          <Link to="/settings/members" className="card">
            <span className="card-figure">{summary.members}</span>
            <span>{t("dashboard.members")}</span>
          </Link>
        ) : null}
      </div>
      {summary.recentChanges.length > 0 ? (
        <section aria-labelledby="recent-changes">
          <h2 id="recent-changes">{t("dashboard.recentChanges")}</h2>
          <ul className="plain-list">
            {summary.recentChanges.map((c) => (
              <li key={c.seq}>
                <DateTime value={c.createdAt} /> · {c.actorLabel} · <code>{c.action}</code>
              </li>
            ))}
          </ul>
          <Link to="/audit">{t("dashboard.fullAuditLog")}</Link>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
