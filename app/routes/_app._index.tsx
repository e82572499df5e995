import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organizationShown, requireAuth, scoped } from "../auth/auth.server";
import { changedEntity, dashboardSummary } from "../dashboard/dashboard.server";
import { DeadlineWindows, NextActions, Readiness, RecentChanges, SiteCards } from "../dashboard/dashboard-ui";
import { ACTION_HORIZON_DAYS, DEADLINE_WINDOW_DAYS } from "../dashboard/horizons";
import { deadlinesFor, deadlineWindows, nextActions, type ActionReader } from "../dashboard/next-actions.server";
import { siteCards } from "../dashboard/sites.server";
import { collectDeadlines, readsDeadlines } from "../deadlines/deadlines.server";
import { pageTitle } from "../i18n/meta";
import { catalogue, localText } from "../controls/catalogue.server";
import { detectLocale } from "../i18n/locale.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { posture } from "../policy-engine/findings.server";
import { latestRuns } from "../policy-engine/runs.server";
import { Posture } from "../policy-engine/posture-ui";
import { HeatMaps } from "../risks/heat-map";
import { heatMap } from "../risks/risks.server";
import { scaleOf } from "../risks/save-risk.server";
import { PageHeader } from "../ui/layout";
import { tenantPlaces, tenantPortal } from "../tenants/portal.server";
import { TenantPortal } from "../tenants/portal-ui";
import { useNumbers } from "../ui/format";
import * as clock from "../config/clock";

/** The next actions the page lists; the rest are counted. */
const ACTIONS_SHOWN = 10;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const organizationId = auth.organization.id;
  const locale = await detectLocale(request);
  const today = clock.today();
  const tenantId = auth.scope.tenantId;
  const can = (subject: Parameters<typeof auth.ability.can>[1]) => auth.ability.can("read", subject);
  const reader: ActionReader = { organizationId, ability: auth.ability, role: auth.membership.role, userId: auth.user.id, locale, today };
  const { summary, engine, work } = await scoped(context, auth, async (tx) => ({
    summary: await dashboardSummary(tx, {
      organizationId,
      includeMembers: can("Membership"),
      includeAudit: can("AuditLog"),
      includeControls: can("Control"),
      today,
      locale,
    }),
    engine: can("Finding")
      ? {
          posture: await posture(tx, { organizationId, policySet: await organizationPolicySet(tx, { organizationId }) }),
          lastRun: (await latestRuns(tx, organizationId, 5)).find((r) => r.status !== "queued") ?? null,
        }
      : null,
    // The operator's registers, sites and audits: never read for a tenant member, whose home is the tenant portal.
    work: tenantId
      ? null
      : await (async () => {
          const deadlines = readsDeadlines(auth.ability) ? deadlinesFor(reader, await collectDeadlines(tx, organizationId)) : null;
          const actions = deadlines || can("Finding") || can("Audit") ? await nextActions(tx, reader, deadlines ?? []) : null;
          return {
            actions: actions && { shown: actions.slice(0, ACTIONS_SHOWN), total: actions.length },
            windows: deadlines && deadlineWindows(deadlines),
            sites: can("Inventory") ? await siteCards(tx, { organizationId, includeFindings: can("Finding") }) : null,
            risks: can("Risk") ? { scale: await scaleOf(tx, { organizationId }), heat: await heatMap(tx, { organizationId }) } : null,
          };
        })(),
  }));
  const home = tenantId ? await scoped(context, auth, (tx) => tenantPortal(tx, { organizationId, tenantId })) : null;
  const portal = home && tenantId ? { ...home, inventory: await tenantPlaces(context.db, { organizationId, tenantId }) } : null;
  const frameworks = new Map(catalogue().frameworks.map((f) => [f.id, localText(f.name, locale)]));
  return {
    organization: organizationShown(auth),
    role: auth.membership.role,
    summary: {
      ...summary,
      recentChanges: summary.recentChanges.map((c) => ({ ...c, entity: changedEntity(c, auth.ability, locale) })),
    },
    work,
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
  const { organization, role, summary, engine, portal, work } = useLoaderData<typeof loader>();
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
      {work?.actions || work?.windows ? (
        <div className="dashboard-row">
          {work.actions ? <NextActions actions={work.actions.shown} total={work.actions.total} horizon={ACTION_HORIZON_DAYS} /> : null}
          {work.windows ? <DeadlineWindows windows={work.windows} horizon={ACTION_HORIZON_DAYS} window={DEADLINE_WINDOW_DAYS} /> : null}
        </div>
      ) : null}
      {summary.controls ? <Readiness frameworks={summary.controls} /> : null}
      {work?.risks && (work.risks.heat.inherent.length > 0 || work.risks.heat.residual.length > 0) ? (
        <HeatMaps
          scale={work.risks.scale}
          heat={work.risks.heat}
          action={
            <p>
              <Link to="/risks">{t("dashboard.openRisks")}</Link>
            </p>
          }
        />
      ) : null}
      {work?.sites ? <SiteCards sites={work.sites} /> : null}
      {engine ? <Posture posture={engine.posture} lastRun={engine.lastRun} tenantView={tenantMember} /> : null}
      {summary.recentChanges.length > 0 ? <RecentChanges changes={summary.recentChanges} /> : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
