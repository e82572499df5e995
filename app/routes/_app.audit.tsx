import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { auditEntityTypes, listAudit } from "../audit/audit.server";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { pageTitle } from "../i18n/meta";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination } from "../ui/pagination";
import { PageParam } from "../ui/params";

const DAY_MS = 24 * 60 * 60 * 1000;
const optionalText = z.string().trim().max(200).optional().transform((v) => v || undefined).catch(undefined);
const optionalDate = z.iso.date().optional().catch(undefined);

const AuditFilterSchema = z.object({
  actor: optionalText,
  entityType: optionalText,
  entityId: optionalText,
  from: optionalDate,
  to: optionalDate,
  page: PageParam,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "AuditLog");
  const filters = AuditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const organizationId = auth.organization.id;
  const { entries, total, entityTypes } = await scoped(context, auth, async (tx) => ({
    ...(await listAudit(tx, {
      organizationId,
      page: filters.page,
      pageSize: PAGE_SIZE,
      filters: {
        actor: filters.actor,
        entityType: filters.entityType,
        entityId: filters.entityId,
        from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
        // The "to" day is included: the range ends at the next midnight (UTC).
        to: filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
      },
    })),
    entityTypes: await auditEntityTypes(tx, organizationId),
  }));
  return { entries, total, entityTypes, filters };
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditLogPage() {
  const { t } = useTranslation();
  const { entries, total, entityTypes, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <Form method="get" className="filters" aria-label={t("audit.filters")}>
        <div className="field">
          <label htmlFor="audit-actor">{t("audit.actor")}</label>
          <input id="audit-actor" name="actor" type="search" defaultValue={filters.actor ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-entity-type">{t("audit.entityType")}</label>
          <select id="audit-entity-type" name="entityType" defaultValue={filters.entityType ?? ""}>
            <option value="">{t("audit.anyEntity")}</option>
            {entityTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-id">{t("audit.entityId")}</label>
          <input id="audit-entity-id" name="entityId" defaultValue={filters.entityId ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("audit.from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("audit.to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
      </Form>
      {entries.length === 0 ? (
        <EmptyState title={t("audit.emptyTitle")} body={t("audit.emptyBody")} />
      ) : (
        <>
          <table className="table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.entity")}</th>
                <th scope="col">{t("audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>
                    <DateTime value={entry.createdAt} />
                  </td>
                  <td>{entry.actorLabel}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.entityType} <code className="muted">{entry.entityId.slice(0, 8)}</code>
                  </td>
                  <td>
                    <details>
                      <summary>{t("audit.showChange")}</summary>
                      <div className="diff">
                        <div>
                          <h3>{t("audit.before")}</h3>
                          <Json value={entry.before} />
                        </div>
                        <div>
                          <h3>{t("audit.after")}</h3>
                          <Json value={entry.after} />
                        </div>
                      </div>
                      <p className="muted small">
                        {t("audit.hash")}: <code>{entry.hash}</code>
                      </p>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={filters.page} total={total} />
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
