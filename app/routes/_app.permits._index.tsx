import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { renewalDue } from "../permits/permit-schema";
import {
  attentionOf,
  daysUntil,
  listPermits,
  PERMIT_DEFAULT_SORT,
  PERMIT_SORTS,
  permitState,
  siteChoices,
  type PermitState,
} from "../permits/permits.server";
import { EmptyState, PageHeader } from "../ui/layout";
import { RegisterExportLinks } from "../reports/reports-ui";
import { SortableHeader } from "../ui/sortable-header";
import { SortParam, sortValue } from "../ui/sort";
import * as clock from "../config/clock";
import { PERMIT_STATE_LABEL, PERMIT_TYPE_LABEL } from "../i18n/labels";

const blank = (v: unknown) => (v === "" ? undefined : v);
const Query = z.object({
  site: z.uuid().optional().catch(undefined),
  archived: z.enum(["1"]).optional().catch(undefined),
  q: z.preprocess(blank, z.string().trim().max(200).optional()).catch(undefined),
  // Only the permits the red banner counts: expired or inside their renewal window.
  attention: z.enum(["1"]).optional().catch(undefined),
  sort: SortParam(PERMIT_SORTS, PERMIT_DEFAULT_SORT),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Permit");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = clock.today();
  const organizationId = auth.organization.id;
  const { rows, sites } = await scoped(context, auth, async (tx) => ({
    rows: await listPermits(tx, {
      organizationId,
      siteId: query.site,
      includeArchived: query.archived === "1",
      q: query.q,
      sort: query.sort,
    }),
    sites: await siteChoices(tx, { organizationId }),
  }));
  const permits = rows.map(({ permit, siteName }) => ({
    ...permit,
    siteName,
    renewalDue: renewalDue(permit.type, permit.expiresOn),
    attention: permit.archivedAt ? null : attentionOf(permit, today),
    state: permitState(permit, today),
    daysLeft: daysUntil(permit.expiresOn, today),
  }));
  // The banner counts what needs acting on in the register as filtered, whatever the attention filter shows.
  const flagged = permits.filter((p) => p.attention);
  return {
    query,
    sites,
    permits: query.attention === "1" ? flagged : permits,
    attention: { count: flagged.length, only: flagged.length === 1 ? flagged[0]!.id : null },
    canCreate: auth.ability.can("create", "Permit"),
    canExport: auth.ability.can("export", "Report"),
  };
}

const STATE_TONE: Record<PermitState, string> = {
  expired: "attention-expired",
  renewal_due: "status-partial",
  granted: "status-implemented",
  applied: "status-partial",
  suspended: "attention-expired",
  withdrawn: "",
  archived: "",
};

/** "in 42 days", "expires today", "expired 3 days ago": the time left before the expiry, in words. */
function DaysLeft({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null) return <span className="muted">{t("permits.noExpiry")}</span>;
  if (days === 0) return <>{t("permits.list.expiresToday")}</>;
  if (days > 0) return <>{t("permits.list.daysLeft", { count: days })}</>;
  return <>{t("permits.list.expiredAgo", { count: -days })}</>;
}

export default function PermitsPage() {
  const { t } = useTranslation();
  const { query, sites, permits, attention, canCreate, canExport } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.site || query.q || query.attention);
  const flaggedParams = new URLSearchParams();
  if (query.site) flaggedParams.set("site", query.site);
  if (query.archived) flaggedParams.set("archived", query.archived);
  if (query.q) flaggedParams.set("q", query.q);
  flaggedParams.set("attention", "1");
  flaggedParams.set("sort", "expires");
  return (
    <>
      <PageHeader
        title={t("nav.permits")}
        description={t("sections.permits.description")}
        actions={
          <>
            {canExport ? <RegisterExportLinks registers={["permits"]} /> : null}
            {canCreate ? (
              <Link to="/permits/new" className="button primary">
                {t("permits.new")}
              </Link>
            ) : null}
          </>
        }
      />
      {attention.count > 0 ? (
        <p className="alert alert-error" role="status">
          <Link to={attention.only ? `/permits/${attention.only}` : `/permits?${flaggedParams.toString()}`}>
            {t("permits.attention", { count: attention.count })}
          </Link>
        </p>
      ) : null}
      <FilterForm aria-label={t("permits.list.filters")}>
        <input type="hidden" name="sort" value={sortValue(query.sort)} />
        <div className="field">
          <label htmlFor="permit-q">{t("permits.list.search")}</label>
          <input id="permit-q" type="search" name="q" defaultValue={query.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="permit-site">{t("permits.site")}</label>
          <select id="permit-site" name="site" defaultValue={query.site ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <label className="inline-check">
          <input type="checkbox" name="attention" value="1" defaultChecked={query.attention === "1"} /> {t("permits.list.onlyAttention")}
        </label>
        <label className="inline-check">
          <input type="checkbox" name="archived" value="1" defaultChecked={query.archived === "1"} /> {t("permits.showArchived")}
        </label>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
        {filtered ? <Link to="/permits">{t("inventory.reset")}</Link> : null}
      </FilterForm>
      {permits.length === 0 ? (
        filtered ? (
          <EmptyState title={t("permits.list.noMatch")} body={t("inventory.noMatchBody")} />
        ) : (
          <EmptyState title={t("permits.emptyTitle")} body={t("permits.emptyBody")} />
        )
      ) : (
        <>
          <p className="muted" role="status">
            {t("permits.list.count", { count: permits.length })}
          </p>
          <table className="table">
            <caption className="visually-hidden">{t("nav.permits")}</caption>
            <thead>
              <tr>
                <SortableHeader column="site" label={t("permits.site")} sort={query.sort} />
                <SortableHeader column="type" label={t("permits.type")} sort={query.sort} />
                <SortableHeader column="reference" label={t("permits.reference")} sort={query.sort} />
                <SortableHeader column="authority" label={t("permits.authority")} sort={query.sort} />
                <SortableHeader column="status" label={t("permits.status")} sort={query.sort} />
                <SortableHeader column="expires" label={t("permits.expiresOn")} sort={query.sort} />
                <th scope="col">{t("permits.list.timeLeft")}</th>
                <th scope="col">{t("permits.renewalDue")}</th>
              </tr>
            </thead>
            <tbody>
              {permits.map((p) => (
                <tr key={p.id} className={p.archivedAt ? "muted" : undefined}>
                  <td>{p.siteName}</td>
                  <td>
                    <Link to={`/permits/${p.id}`}>{t(PERMIT_TYPE_LABEL[p.type])}</Link>
                  </td>
                  <td>{p.reference}</td>
                  <td>{p.authority}</td>
                  <td>
                    <span className={`badge ${STATE_TONE[p.state]}`}>{t(PERMIT_STATE_LABEL[p.state])}</span>
                  </td>
                  <td>{p.expiresOn ?? "—"}</td>
                  <td className={p.attention === "expired" ? "overdue" : undefined}>
                    <DaysLeft days={p.daysLeft} />
                  </td>
                  <td className={p.attention === "renewal_due" ? "overdue" : undefined}>{p.renewalDue ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.permits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
