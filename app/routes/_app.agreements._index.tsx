import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAgreements, partyChoices } from "../agreements/agreements.server";
import { termDates, type AgreementContent } from "../agreements/content";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { pageTitle } from "../i18n/meta";
import { EmptyState, PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Agreement");
  const today = new Date().toISOString().slice(0, 10);
  const organizationId = auth.organization.id;
  const { rows, choices } = await scoped(context, auth, async (tx) => ({
    rows: await listAgreements(tx, { organizationId }),
    // Row-level security limits a tenant member's choices to the operator and its own tenant.
    choices: await partyChoices(tx, { organizationId }),
  }));
  const labels = new Map(choices.map((c) => [c.ref, c.label]));
  return {
    agreements: rows.map(({ agreement, content }) => {
      const c = content as AgreementContent;
      return {
        id: agreement.id,
        title: agreement.title,
        type: agreement.type,
        version: agreement.currentVersion,
        parties: c.parties.map((p) => labels.get(`${p.kind}:${p.id}`) ?? p.kind),
        ...termDates(c.terms, today),
        effectiveDate: c.terms.effectiveDate,
      };
    }),
    canCreate: auth.ability.can("create", "Agreement"),
    canReadCounterparties: !auth.scope.tenantId,
  };
}

export default function AgreementsPage() {
  const { t } = useTranslation();
  const { agreements, canCreate, canReadCounterparties } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={t("nav.agreements")}
        description={t("sections.agreements.description")}
        actions={
          <>
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
      {agreements.length === 0 ? (
        <EmptyState title={t("agreements.emptyTitle")} body={t("agreements.emptyBody")} />
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("nav.agreements")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("agreements.fields.title")}</th>
              <th scope="col">{t("agreements.fields.type")}</th>
              <th scope="col">{t("agreements.fields.parties")}</th>
              <th scope="col">{t("agreements.endsOn")}</th>
              <th scope="col">{t("agreements.noticeBy")}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/agreements/${a.id}`}>{a.title}</Link> <span className="muted">v{a.version}</span>
                </td>
                <td>{t(`agreements.types.${a.type}`)}</td>
                <td>{a.parties.join(" · ")}</td>
                <td>{a.endsOn ?? t("agreements.openEnded")}</td>
                <td>{a.noticeBy ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agreements");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
