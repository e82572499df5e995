import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CreateAuditForm } from "../audits/audit-schema";
import { AuditError, auditorChoices, createAudit, listAudits } from "../audits/audits.server";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { REPORT_FRAMEWORK_IDS } from "../reports/report-frameworks";
import { errorsByField } from "../ui/form-errors";
import { CsrfInput, plainFieldErrors } from "../ui/forms";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import * as clock from "../config/clock";
import { labelOf, AUDIT_STATUS_LABEL, REPORT_FRAMEWORK_LABEL } from "../i18n/labels";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Audit");
  const organizationId = auth.organization.id;
  const canCreate = auth.ability.can("create", "Audit");
  return scoped(context, auth, async (tx) => ({
    audits: await listAudits(tx, { organizationId, userId: auth.user.id, role: auth.membership.role }),
    auditors: canCreate ? await auditorChoices(tx, { organizationId }) : [],
    canCreate,
    today: clock.today(),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Audit");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const parsed = CreateAuditForm.safeParse({ ...Object.fromEntries(formData), auditorIds: formData.getAll("auditorIds") });
  if (!parsed.success) return data({ errors: errorsByField(parsed.error.issues) }, { status: 400 });
  try {
    const audit = await scoped(context, auth, (tx) =>
      createAudit(tx, { organizationId: auth.organization.id, actor: actorOf(auth), ...parsed.data }),
    );
    return redirect(`/audits/${audit.id}`);
  } catch (error) {
    if (error instanceof AuditError) return data({ errors: { [error.field]: error.message } as Record<string, string> }, { status: 400 });
    throw error;
  }
}

function NewAuditForm({ auditors, today }: { auditors: { userId: string; name: string; email: string }[]; today: string }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const { error, described } = plainFieldErrors("audit", errors);
  return (
    <section aria-labelledby="new-audit">
      <h2 id="new-audit">{t("audits.new")}</h2>
      <Form method="post" className="form">
        <CsrfInput />
        <div className="field">
          <label htmlFor="audit-title">{t("audits.auditTitle")}</label>
          <input id="audit-title" name="title" {...described("title")} />
          {error("title")}
        </div>
        <div className="field">
          <label htmlFor="audit-framework">{t("audits.framework")}</label>
          <select id="audit-framework" name="framework" defaultValue="iso27001-2022" {...described("framework")}>
            {REPORT_FRAMEWORK_IDS.map((id) => (
              <option key={id} value={id}>
                {t(REPORT_FRAMEWORK_LABEL[id])}
              </option>
            ))}
          </select>
          {error("framework")}
        </div>
        <div className="field">
          <label htmlFor="audit-periodStart">{t("audits.periodStart")}</label>
          <input
            id="audit-periodStart"
            name="periodStart"
            type="date"
            defaultValue={`${today.slice(0, 4)}-01-01`}
            {...described("periodStart")}
          />
          {error("periodStart")}
        </div>
        <div className="field">
          <label htmlFor="audit-periodEnd">{t("audits.periodEnd")}</label>
          <input id="audit-periodEnd" name="periodEnd" type="date" defaultValue={today} {...described("periodEnd")} />
          {error("periodEnd")}
        </div>
        <fieldset className="checkboxes" aria-describedby={errors.auditorIds ? "audit-auditorIds-error" : undefined}>
          <legend>{t("audits.auditors")}</legend>
          {auditors.length === 0 ? <p className="muted">{t("audits.noAuditors")}</p> : null}
          {auditors.map((a) => (
            <label key={a.userId}>
              <input type="checkbox" name="auditorIds" value={a.userId} /> {a.name} ({a.email})
            </label>
          ))}
        </fieldset>
        {error("auditorIds")}
        <button type="submit" className="button primary">
          {t("audits.create")}
        </button>
      </Form>
    </section>
  );
}

export default function AuditsPage() {
  const { t } = useTranslation();
  const { audits, auditors, canCreate, today } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("audits.title")} description={t("audits.description")} />
      {audits.length === 0 ? (
        <EmptyState title={t("audits.emptyTitle")} body={t("audits.emptyBody")} />
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("audits.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audits.auditTitle")}</th>
              <th scope="col">{t("audits.framework")}</th>
              <th scope="col">{t("reports.audit.period")}</th>
              <th scope="col">{t("audits.status")}</th>
              <th scope="col">{t("audits.verdict")}</th>
            </tr>
          </thead>
          <tbody>
            {audits.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/audits/${a.id}`}>{a.title}</Link>
                  <br />
                  <span className="small">
                    <DateTime value={a.created_at} />
                  </span>
                </td>
                <td>{t(labelOf(REPORT_FRAMEWORK_LABEL, a.framework))}</td>
                <td>
                  {a.period_start} — {a.period_end}
                </td>
                <td>{t(labelOf(AUDIT_STATUS_LABEL, a.status))}</td>
                <td>{t("audits.progress", { accepted: a.accepted, flagged: a.flagged })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canCreate ? <NewAuditForm auditors={auditors} today={today} /> : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.audits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
