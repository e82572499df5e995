import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { DEFAULT_OBLIGATION_SORT, listObligations, OBLIGATION_SORTS } from "../agreements/obligations-list.server";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import * as clock from "../config/clock";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { OBLIGATION_STATUS_LABEL, PARTY_KIND_LABEL, RECURRENCE_LABEL } from "../i18n/labels";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination, pageCount } from "../ui/pagination";
import { pageFrom } from "../ui/params";
import { SortableHeader } from "../ui/sortable-header";
import { SortParam, sortValue } from "../ui/sort";

const STATUSES = ["open", "done"] as const;
const blank = (v: unknown) => (v === "" ? undefined : v);
const Query = z.object({
  q: z.preprocess(blank, z.string().trim().max(200).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(STATUSES).optional()).catch(undefined),
  overdue: z.enum(["1"]).optional().catch(undefined),
  sort: SortParam(OBLIGATION_SORTS, DEFAULT_OBLIGATION_SORT),
});

/** The obligations register: every obligation of the current agreements, searched, filtered and sorted as a whole. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Agreement");
  const url = new URL(request.url);
  const query = Query.parse(Object.fromEntries(url.searchParams));
  const organizationId = auth.organization.id;
  // Row-level security limits a tenant member to its own tenant's agreements, as on the agreements list.
  const all = await scoped(context, auth, (tx) =>
    listObligations(tx, {
      organizationId,
      today: clock.today(),
      filters: { q: query.q, status: query.status, overdue: query.overdue === "1" },
      sort: query.sort,
    }),
  );
  const page = Math.min(pageFrom(url), pageCount(all.length));
  return {
    query,
    page,
    total: all.length,
    obligations: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
  };
}

export default function ObligationsRegisterPage() {
  const { t } = useTranslation();
  const { query, page, total, obligations } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.status || query.overdue);
  return (
    <>
      <PageHeader
        title={t("agreements.obligationRegister.title")}
        description={t("agreements.obligationRegister.description")}
        actions={
          <Link to="/agreements" className="button">
            {t("nav.agreements")}
          </Link>
        }
      />
      <FilterForm aria-label={t("agreements.obligationRegister.filters")}>
        <input type="hidden" name="sort" value={sortValue(query.sort)} />
        <div className="field">
          <label htmlFor="obl-q">{t("agreements.obligationRegister.search")}</label>
          <input id="obl-q" type="search" name="q" defaultValue={query.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="obl-status">{t("agreements.obligationRegister.status")}</label>
          <select id="obl-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(OBLIGATION_STATUS_LABEL[s])}
              </option>
            ))}
          </select>
        </div>
        <label className="inline-check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === "1"} />{" "}
          {t("agreements.obligationRegister.overdueOnly")}
        </label>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
      </FilterForm>
      {total === 0 ? (
        <EmptyState
          title={filtered ? t("agreements.obligationRegister.noMatch") : t("agreements.obligationRegister.emptyTitle")}
          body={filtered ? t("inventory.noMatchBody") : t("agreements.obligationRegister.emptyBody")}
        />
      ) : (
        <>
          <p className="muted" role="status">
            {t("agreements.obligationRegister.count", { count: total })}
          </p>
          <table className="table">
            <caption className="visually-hidden">{t("agreements.obligationRegister.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("agreements.obligationRegister.obligation")}</th>
                <SortableHeader column="agreement" label={t("agreements.obligationRegister.agreement")} sort={query.sort} />
                <SortableHeader column="party" label={t("agreements.obligationRegister.party")} sort={query.sort} />
                <SortableHeader column="due" label={t("agreements.obligationRegister.due")} sort={query.sort} />
                <SortableHeader column="status" label={t("agreements.obligationRegister.status")} sort={query.sort} />
                <th scope="col">{t("agreements.obligationRegister.recurrence")}</th>
                <th scope="col">{t("agreements.obligationRegister.owner")}</th>
              </tr>
            </thead>
            <tbody>
              {obligations.map((o) => (
                <tr key={`${o.agreementId}:${o.index}`}>
                  <td>{o.text}</td>
                  <td>
                    <Link to={`/agreements/${o.agreementId}`}>{o.agreementTitle}</Link>
                  </td>
                  <td>{o.party ?? (o.partyKind ? t(PARTY_KIND_LABEL[o.partyKind]) : t("agreements.changes.formerParty"))}</td>
                  <td>
                    {o.dueOn && o.days !== null ? (
                      <>
                        <time dateTime={o.dueOn}>{o.dueOn}</time>
                        {o.status === "open" ? (
                          <span className={o.days < 0 ? "muted overdue" : "muted"}>
                            {" · "}
                            {o.days < 0 ? t("deadlines.overdueBy", { count: -o.days }) : t("deadlines.inDays", { count: o.days })}
                          </span>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{t("agreements.obligationRegister.noDueDate")}</span>
                    )}
                  </td>
                  <td>{t(OBLIGATION_STATUS_LABEL[o.status])}</td>
                  <td>{t(RECURRENCE_LABEL[o.recurrence])}</td>
                  <td>{o.owner ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={page} total={total} />
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agreements.obligationRegister.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
