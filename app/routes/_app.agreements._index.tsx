import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { listAgreements, partyChoices } from "../agreements/agreements.server";
import { AGREEMENT_TYPES, termDates, type AgreementContent } from "../agreements/content";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { EmptyState, PageHeader } from "../ui/layout";
import { RegisterExportLinks } from "../reports/reports-ui";
import * as clock from "../config/clock";
import { AGREEMENT_TYPE_LABEL } from "../i18n/labels";
import { SortableHeader } from "../ui/sortable-header";
import { SortParam, sortValue } from "../ui/sort";

const AGREEMENT_SORTS = ["title", "type", "ends", "notice"] as const;
const blank = (v: unknown) => (v === "" ? undefined : v);
const Query = z.object({
  type: z.preprocess(blank, z.enum(AGREEMENT_TYPES).optional()).catch(undefined),
  party: z.preprocess(blank, z.string().max(100).optional()).catch(undefined),
  q: z.preprocess(blank, z.string().trim().max(200).optional()).catch(undefined),
  archived: z.enum(["1"]).optional().catch(undefined),
  sort: SortParam(AGREEMENT_SORTS, { column: "title", direction: "asc" }),
});

/** Nulls (open-ended, no notice) last when the soonest come first; the order already there breaks ties. */
function byDate(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Agreement");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = clock.today();
  const organizationId = auth.organization.id;
  const { rows, choices } = await scoped(context, auth, async (tx) => ({
    rows: await listAgreements(tx, {
      organizationId,
      filters: { type: query.type, q: query.q, includeArchived: query.archived === "1" },
      // The end and notice dates come from each version's terms: sorted below, over the whole list, title then id breaking ties.
      sort:
        query.sort.column === "title" || query.sort.column === "type"
          ? { column: query.sort.column, direction: query.sort.direction }
          : undefined,
    }),
    // Row-level security limits a tenant member's choices to the operator and its own tenant.
    choices: await partyChoices(tx, { organizationId }),
  }));
  const labels = new Map(choices.map((c) => [c.ref, c.label]));
  const withParty = query.party
    ? rows.filter(({ content }) => (content as AgreementContent).parties.some((p) => `${p.kind}:${p.id}` === query.party))
    : rows;
  const listed = withParty.map(({ agreement, content }) => {
    const c = content as AgreementContent;
    return {
      id: agreement.id,
      title: agreement.title,
      type: agreement.type,
      version: agreement.currentVersion,
      archived: agreement.archivedAt !== null,
      parties: c.parties.map((p) => labels.get(`${p.kind}:${p.id}`) ?? p.kind),
      ...termDates(c.terms, today),
      effectiveDate: c.terms.effectiveDate,
    };
  });
  const { column, direction } = query.sort;
  if (column === "ends" || column === "notice") {
    const key = column === "ends" ? "endsOn" : "noticeBy";
    listed.sort((a, b) => (direction === "asc" ? byDate(a[key], b[key]) : byDate(b[key], a[key])));
  }
  return {
    query,
    partyOptions: choices.map((c) => ({ value: c.ref, label: c.label })),
    agreements: listed,
    canCreate: auth.ability.can("create", "Agreement"),
    canReadCounterparties: !auth.scope.tenantId,
    canExport: !auth.scope.tenantId && auth.ability.can("export", "Report"),
  };
}

export default function AgreementsPage() {
  const { t } = useTranslation();
  const { agreements, canCreate, canReadCounterparties, canExport, query, partyOptions } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.type || query.party || query.q);
  return (
    <>
      <PageHeader
        title={t("nav.agreements")}
        description={t("sections.agreements.description")}
        actions={
          <>
            {canExport ? <RegisterExportLinks registers={["agreements", "obligations"]} /> : null}
            <Link to="/agreements/obligations" className="button">
              {t("agreements.obligationRegister.link")}
            </Link>
            {canReadCounterparties ? (
              <Link to="/agreements/counterparties" className="button">
                {t("counterparties.link")}
              </Link>
            ) : null}
            {canCreate ? (
              <Link to="/agreements/new" className="button primary">
                {t("agreements.new")}
              </Link>
            ) : null}
          </>
        }
      />
      <FilterForm aria-label={t("agreements.filters")}>
        <input type="hidden" name="sort" value={sortValue(query.sort)} />
        <div className="field">
          <label htmlFor="agr-q">{t("agreements.list.search")}</label>
          <input id="agr-q" type="search" name="q" defaultValue={query.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="agr-type">{t("agreements.fields.type")}</label>
          <select id="agr-type" name="type" defaultValue={query.type ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {AGREEMENT_TYPES.map((v) => (
              <option key={v} value={v}>
                {t(AGREEMENT_TYPE_LABEL[v])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agr-party">{t("agreements.party")}</label>
          <select id="agr-party" name="party" defaultValue={query.party ?? ""}>
            <option value="">{t("inventory.any")}</option>
            {partyOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <label className="inline-check">
          <input type="checkbox" name="archived" value="1" defaultChecked={query.archived === "1"} /> {t("agreements.showArchived")}
        </label>
        <button type="submit" className="button">
          {t("audit.apply")}
        </button>
      </FilterForm>
      {agreements.length === 0 ? (
        <EmptyState
          title={filtered ? t("agreements.noMatch") : t("agreements.emptyTitle")}
          body={filtered ? t("inventory.noMatchBody") : t("agreements.emptyBody")}
        />
      ) : (
        <>
          <p className="muted" role="status">
            {t("agreements.list.count", { count: agreements.length })}
          </p>
          <table className="table">
            <caption className="visually-hidden">{t("nav.agreements")}</caption>
            <thead>
              <tr>
                <SortableHeader column="title" label={t("agreements.fields.title")} sort={query.sort} />
                <SortableHeader column="type" label={t("agreements.fields.type")} sort={query.sort} />
                <th scope="col">{t("agreements.fields.parties")}</th>
                <SortableHeader column="ends" label={t("agreements.endsOn")} sort={query.sort} />
                <SortableHeader column="notice" label={t("agreements.noticeBy")} sort={query.sort} />
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agreements/${a.id}`}>{a.title}</Link> <span className="muted">v{a.version}</span>
                    {a.archived ? <span className="badge"> {t("permits.archived")}</span> : null}
                  </td>
                  <td>{t(AGREEMENT_TYPE_LABEL[a.type])}</td>
                  <td>{a.parties.join(" · ")}</td>
                  <td>{a.endsOn ?? t("agreements.openEnded")}</td>
                  <td>{a.noticeBy ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agreements");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
