import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { auditEntityTypes, listAudit } from "../audit/audit.server";
import { changedFields } from "../audit/diff";
import { ActorName, AuditCode, auditCodeText } from "../audit/audit-code";
import { AUDIT_ENTITY_LABEL } from "../audit/labels";
import { filtersOf, parseAuditQuery } from "../audit/filters";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination } from "../ui/pagination";
import { SortableHeader } from "../ui/sortable-header";
import { sortValue } from "../ui/sort";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "AuditLog");
  const filters = parseAuditQuery(new URL(request.url));
  const organizationId = auth.organization.id;
  const { entries, total, entityTypes } = await scoped(context, auth, async (tx) => ({
    ...(await listAudit(tx, {
      organizationId,
      page: filters.page,
      pageSize: PAGE_SIZE,
      filters: filtersOf(filters),
      sort: filters.sort,
    })),
    entityTypes: await auditEntityTypes(tx, organizationId),
  }));
  return { entries, total, entityTypes, filters, canExport: auth.ability.can("export", "AuditLog") };
}

function ChangeTable({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const changes = changedFields(before, after);
  if (changes.length === 0) return <p className="muted">{t("audit.noFieldChange")}</p>;
  return (
    <table className="diff-table">
      <thead>
        <tr>
          <th scope="col">{t("audit.field")}</th>
          <th scope="col">{t("audit.before")}</th>
          <th scope="col">{t("audit.after")}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          // The fields and values as the entry stores them: the record itself, shown as code.
          <tr key={c.field}>
            <th scope="row">
              <code>{c.field}</code>
            </th>
            <td>{c.before === null ? <span className="muted">—</span> : <code className="wrap">{c.before}</code>}</td>
            <td>{c.after === null ? <span className="muted">—</span> : <code className="wrap">{c.after}</code>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function AuditLogPage() {
  const { t } = useTranslation();
  const { entries, total, entityTypes, filters, canExport } = useLoaderData<typeof loader>();
  const location = useLocation();
  const exportLink = canExport ? (
    <a href={`/audit.csv${location.search}`} className="button" download>
      {t("audit.export")}
    </a>
  ) : undefined;
  return (
    <>
      <PageHeader title={t("audit.title")} description={t("audit.description")} actions={exportLink} />
      <FilterForm aria-label={t("audit.filters")}>
        <input type="hidden" name="sort" value={sortValue(filters.sort)} />
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
                {auditCodeText(t, AUDIT_ENTITY_LABEL, type)}
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
      </FilterForm>
      {entries.length === 0 ? (
        <EmptyState title={t("audit.emptyTitle")} body={t("audit.emptyBody")} />
      ) : (
        <>
          <table className="table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <SortableHeader column="seq" label="#" sort={filters.sort} firstDirection="desc" />
                <SortableHeader column="when" label={t("audit.when")} sort={filters.sort} firstDirection="desc" />
                <SortableHeader column="actor" label={t("audit.actor")} sort={filters.sort} />
                <SortableHeader column="action" label={t("audit.action")} sort={filters.sort} />
                <SortableHeader column="entity" label={t("audit.entity")} sort={filters.sort} />
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
                  <td>
                    <ActorName label={entry.actorLabel} />
                  </td>
                  <td>
                    <AuditCode code={entry.action} of="action" />
                  </td>
                  <td>
                    <AuditCode code={entry.entityType} of="entity" /> <code className="muted">{entry.entityId.slice(0, 8)}</code>
                  </td>
                  <td>
                    <details>
                      <summary>{t("audit.showChange")}</summary>
                      <ChangeTable before={entry.before} after={entry.after} />
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
