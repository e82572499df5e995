import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { pageTitle } from "../i18n/meta";
import { renewalDue } from "../permits/permit-schema";
import { attentionOf, listPermits, siteChoices } from "../permits/permits.server";
import { EmptyState, PageHeader } from "../ui/layout";
import { RegisterExportLinks } from "../reports/reports-ui";
import * as clock from "../config/clock";
import { PERMIT_ATTENTION_LABEL, PERMIT_STATUS_LABEL, PERMIT_TYPE_LABEL } from "../i18n/labels";

const Query = z.object({ site: z.uuid().optional().catch(undefined), archived: z.enum(["1"]).optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Permit");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = clock.today();
  const organizationId = auth.organization.id;
  const { rows, sites } = await scoped(context, auth, async (tx) => ({
    rows: await listPermits(tx, { organizationId, siteId: query.site, includeArchived: query.archived === "1" }),
    sites: await siteChoices(tx, { organizationId }),
  }));
  const bySite = new Map<string, { siteId: string; siteName: string; permits: unknown[] }>();
  const permits = rows.map(({ permit, siteName }) => ({
    ...permit,
    siteName,
    renewalDue: renewalDue(permit.type, permit.expiresOn),
    attention: attentionOf(permit, today),
  }));
  for (const p of permits) {
    const group = bySite.get(p.siteId) ?? { siteId: p.siteId, siteName: p.siteName, permits: [] };
    group.permits.push(p);
    bySite.set(p.siteId, group);
  }
  return {
    query,
    sites,
    groups: [...bySite.values()] as { siteId: string; siteName: string; permits: typeof permits }[],
    attention: permits.filter((p) => p.attention).length,
    canCreate: auth.ability.can("create", "Permit"),
    canExport: auth.ability.can("export", "Report"),
  };
}

export default function PermitsPage() {
  const { t } = useTranslation();
  const { query, sites, groups, attention, canCreate, canExport } = useLoaderData<typeof loader>();
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
      {attention > 0 ? (
        <p className="alert alert-error" role="status">
          {t("permits.attention", { count: attention })}
        </p>
      ) : null}
      <Form method="get" className="filters">
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
          <input type="checkbox" name="archived" value="1" defaultChecked={query.archived === "1"} /> {t("permits.showArchived")}
        </label>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
      </Form>
      {groups.length === 0 ? (
        <EmptyState title={t("permits.emptyTitle")} body={t("permits.emptyBody")} />
      ) : (
        groups.map((group) => (
          <section key={group.siteId} aria-labelledby={`site-${group.siteId}`}>
            <h2 id={`site-${group.siteId}`}>{group.siteName}</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("permits.type")}</th>
                  <th scope="col">{t("permits.reference")}</th>
                  <th scope="col">{t("permits.status")}</th>
                  <th scope="col">{t("permits.expiresOn")}</th>
                  <th scope="col">{t("permits.renewalDue")}</th>
                </tr>
              </thead>
              <tbody>
                {group.permits.map((p) => (
                  <tr key={p.id} className={p.archivedAt ? "muted" : undefined}>
                    <td>
                      <Link to={`/permits/${p.id}`}>{t(PERMIT_TYPE_LABEL[p.type])}</Link>
                    </td>
                    <td>
                      {p.reference} <span className="muted">· {p.authority}</span>
                    </td>
                    <td>{p.archivedAt ? t("permits.archived") : t(PERMIT_STATUS_LABEL[p.status])}</td>
                    <td>{p.expiresOn ?? t("permits.noExpiry")}</td>
                    <td>
                      {p.renewalDue ?? "—"}
                      {p.attention ? (
                        <span className={`badge attention-${p.attention}`}> {t(PERMIT_ATTENTION_LABEL[p.attention])}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.permits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
