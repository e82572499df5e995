import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth, scoped } from "../auth/auth.server";
import { dashboardSummary } from "../dashboard/dashboard.server";
import { pageTitle } from "../i18n/meta";
import { catalogue, localText } from "../controls/catalogue.server";
import { detectLocale } from "../i18n/locale.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { posture } from "../policy-engine/findings.server";
import { latestRuns } from "../policy-engine/runs.server";
import { Posture } from "../policy-engine/posture-ui";
import { PageHeader } from "../ui/layout";
import { tenantPlaces, tenantPortal } from "../tenants/portal.server";
import { TenantPortal } from "../tenants/portal-ui";
import { DateTime, useNumbers } from "../ui/format";
import { ControlsOverview } from "../controls/status-ui";
import { ActorName, AuditCode } from "../audit/audit-code";
import * as clock from "../config/clock";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const organizationId = auth.organization.id;
  const locale = await detectLocale(request);
  const { summary, engine } = await scoped(context, auth, async (tx) => ({
    summary: await dashboardSummary(tx, {
      organizationId,
      includeMembers: auth.ability.can("read", "Membership"),
      includeAudit: auth.ability.can("read", "AuditLog"),
      includeControls: auth.ability.can("read", "Control"),
      today: clock.today(),
      locale,
    }),
    engine: auth.ability.can("read", "Finding")
      ? {
          posture: await posture(tx, { organizationId, policySet: await organizationPolicySet(tx, { organizationId }) }),
          lastRun: (await latestRuns(tx, organizationId, 5)).find((r) => r.status !== "queued") ?? null,
        }
      : null,
  }));
  const tenantId = auth.scope.tenantId;
  const home = tenantId ? await scoped(context, auth, (tx) => tenantPortal(tx, { organizationId, tenantId })) : null;
  const portal = home && tenantId ? { ...home, inventory: await tenantPlaces(context.db, { organizationId, tenantId }) } : null;
  const frameworks = new Map(catalogue().frameworks.map((f) => [f.id, localText(f.name, locale)]));
  return {
    organization: auth.organization,
    role: auth.membership.role,
    summary,
    portal,
    engine: engine && {
      ...engine,
      posture: {
        ...engine.posture,
        byFramework: engine.posture.byFramework.map((f) => ({ ...f, name: frameworks.get(f.framework) ?? f.framework })),
      },
    },
  };
}

export default function Dashboard() {
  const { t } = useTranslation();
  const n = useNumbers();
  const { organization, role, summary, engine, portal } = useLoaderData<typeof loader>();
  const tenantMember = role === "tenant_member";
  if (portal) {
    return (
      <>
        <PageHeader
          title={t("reports.portal.title")}
          description={t("reports.portal.description", { tenant: portal.tenant.legalName, organization: organization.name })}
        />
        {engine ? <Posture posture={engine.posture} lastRun={engine.lastRun} tenantView /> : null}
        <TenantPortal portal={portal} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t("dashboard.title")} description={t("dashboard.welcome", { organization: organization.name })} />
      <div className="cards">
        <Link to="/settings/tenants" className="card">
          <span className="card-figure">{n.number(summary.tenants)}</span>
          <span>{tenantMember ? t("dashboard.yourTenant") : t("dashboard.tenants")}</span>
        </Link>
        {summary.members !== null ? (
          <Link to="/settings/members" className="card">
            <span className="card-figure">{n.number(summary.members)}</span>
            <span>{t("dashboard.members")}</span>
          </Link>
        ) : null}
      </div>
      {summary.controls ? <ControlsOverview overview={summary.controls} /> : null}
      {engine ? <Posture posture={engine.posture} lastRun={engine.lastRun} tenantView={tenantMember} /> : null}
      {summary.recentChanges.length > 0 ? (
        <section aria-labelledby="recent-changes">
          <h2 id="recent-changes">{t("dashboard.recentChanges")}</h2>
          <ul className="plain-list">
            {summary.recentChanges.map((c) => (
              <li key={c.seq}>
                <DateTime value={c.createdAt} /> · <ActorName label={c.actorLabel} /> · <AuditCode code={c.action} of="action" />
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
