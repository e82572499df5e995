import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { REPORT_KINDS } from "../../db/schema/reports";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { AttestationError, refusalMessage } from "../reports/attestation-data.server";
import { IssueAttestationForm, RequestReportForm } from "../reports/attestation-input";
import { REPORT_FRAMEWORK_IDS } from "../reports/report-frameworks";
import { kickReports, listReports, requestReport } from "../reports/report-jobs.server";
import { issueAttestation, listAttestations } from "../reports/attestations.server";
import { issuer } from "../reports/issuer.server";
import { AttestationTable, ReportTable } from "../reports/reports-ui";
import { allTenantChoices } from "../tenants/tenants.server";
import { errorsByField } from "../ui/form-errors";
import { CsrfInput, FieldErrors, plainFieldErrors, type FieldError } from "../ui/forms";
import { EmptyState, PageHeader } from "../ui/layout";
import { Pagination, PAGE_SIZE } from "../ui/pagination";
import { pageFrom } from "../ui/params";
import * as clock from "../config/clock";
import { REPORT_FRAMEWORK_LABEL, REPORT_KIND_LABEL } from "../i18n/labels";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Report");
  const page = pageFrom(new URL(request.url));
  const organizationId = auth.organization.id;
  const canIssue = !auth.scope.tenantId && auth.ability.can("create", "Report");
  const canBuild = !auth.scope.tenantId && auth.ability.can("export", "Report");
  const { attestations, tenants, reports } = await scoped(context, auth, async (tx) => ({
    attestations: await listAttestations(tx, {
      organizationId,
      tenantId: auth.scope.tenantId ?? undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    tenants: canIssue ? await allTenantChoices(tx, { organizationId }) : [],
    reports: canBuild ? await listReports(tx, { organizationId, limit: 20, offset: 0 }) : null,
  }));
  return {
    attestations,
    tenants,
    reports,
    page,
    canIssue,
    canRevoke: canIssue && auth.ability.can("update", "Report"),
    // A report's period must have ended: its last day is yesterday at the latest.
    lastDay: clock.daysAfter(clock.now(), -1),
  };
}

async function requestAuditReport(auth: Auth, context: ActionFunctionArgs["context"], formData: FormData) {
  requirePermission(auth, "export", "Report");
  if (auth.scope.tenantId) throw new Response("Forbidden", { status: 403 });
  const parsed = RequestReportForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ form: "report" as const, errors: errorsByField(parsed.error.issues) }, { status: 400 });
  await scoped(context, auth, (tx) => requestReport(tx, { organizationId: auth.organization.id, actor: actorOf(auth), ...parsed.data }));
  kickReports();
  return redirect("/reports?requested=1");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  if (formData.get("intent") === "request-report") return requestAuditReport(auth, context, formData);
  requirePermission(auth, "create", "Report");
  if (auth.scope.tenantId) throw new Response("Forbidden", { status: 403 });
  const parsed = IssueAttestationForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ form: "attestation" as const, errors: errorsByField(parsed.error.issues) }, { status: 400 });
  const { tenantId, language, asOf } = parsed.data;
  try {
    const issued = await scoped(context, auth, (tx) =>
      issueAttestation(tx, { organizationId: auth.organization.id, tenantId, language, asOf, actor: actorOf(auth), ...issuer(request) }),
    );
    return redirect(`/reports?issued=${issued.code}`);
  } catch (error) {
    if (!(error instanceof AttestationError)) throw error;
    const field = error.field === "as_of" ? "asOf" : error.field === "tenant" ? "tenantId" : "form";
    return data(
      { form: "attestation" as const, errors: { [field]: refusalMessage(error.refusal) } as Record<string, FieldError> },
      { status: 409 },
    );
  }
}

function IssueForm({ tenants }: { tenants: { id: string; legalName: string }[] }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const errors: Record<string, FieldError> = result && "form" in result && result.form === "attestation" ? result.errors : {};
  const { error: fieldError, described } = plainFieldErrors("attestation", errors);
  return (
    <section aria-labelledby="issue-attestation">
      <h3 id="issue-attestation">{t("reports.attestations.issueTitle")}</h3>
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="issue-attestation" />
        {errors.form ? (
          <div className="alert alert-error" role="alert">
            <FieldErrors id="attestation-form-error" errors={[errors.form]} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="attestation-tenantId">{t("reports.attestations.tenant")}</label>
          <select id="attestation-tenantId" name="tenantId" required {...described("tenantId")}>
            <option value="">—</option>
            {tenants.map((tenant) => (
              <option key={tenant.id} value={tenant.id}>
                {tenant.legalName}
              </option>
            ))}
          </select>
          {fieldError("tenantId")}
        </div>
        <div className="field">
          <label htmlFor="attestation-language">{t("reports.attestations.language")}</label>
          <select id="attestation-language" name="language" defaultValue="en" {...described("language")}>
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
          {fieldError("language")}
        </div>
        <div className="field">
          <label htmlFor="attestation-asOf">{t("reports.attestations.asOf")}</label>
          <input id="attestation-asOf" name="asOf" type="datetime-local" aria-describedby="attestation-asOf-hint" {...described("asOf")} />
          <p id="attestation-asOf-hint" className="field-hint">
            {t("reports.attestations.asOfHint")}
          </p>
          {fieldError("asOf")}
        </div>
        <button type="submit" className="button primary">
          {t("reports.attestations.issue")}
        </button>
      </Form>
    </section>
  );
}

function ReportRequestForm({ lastDay }: { lastDay: string }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const errors: Record<string, FieldError> = result && "form" in result && result.form === "report" ? result.errors : {};
  const monthStart = `${lastDay.slice(0, 8)}01`;
  const { error, described } = plainFieldErrors("report", errors);
  return (
    <section aria-labelledby="request-report">
      <h3 id="request-report">{t("reports.audit.requestTitle")}</h3>
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="request-report" />
        <div className="field">
          <label htmlFor="report-kind">{t("reports.audit.kind")}</label>
          <select id="report-kind" name="kind" defaultValue="audit_report" {...described("kind")}>
            {REPORT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(REPORT_KIND_LABEL[kind])}
              </option>
            ))}
          </select>
          {error("kind")}
        </div>
        <div className="field">
          <label htmlFor="report-framework">{t("reports.audit.framework")}</label>
          <select id="report-framework" name="framework" defaultValue="iso27001-2022" {...described("framework")}>
            {REPORT_FRAMEWORK_IDS.map((id) => (
              <option key={id} value={id}>
                {t(REPORT_FRAMEWORK_LABEL[id])}
              </option>
            ))}
          </select>
          {error("framework")}
        </div>
        <div className="field">
          <label htmlFor="report-periodStart">{t("reports.audit.periodStart")}</label>
          <input
            id="report-periodStart"
            name="periodStart"
            type="date"
            defaultValue={monthStart}
            max={lastDay}
            required
            {...described("periodStart")}
          />
          {error("periodStart")}
        </div>
        <div className="field">
          <label htmlFor="report-periodEnd">{t("reports.audit.periodEnd")}</label>
          <input
            id="report-periodEnd"
            name="periodEnd"
            type="date"
            defaultValue={lastDay}
            max={lastDay}
            required
            {...described("periodEnd")}
          />
          {error("periodEnd")}
        </div>
        <div className="field">
          <label htmlFor="report-language">{t("reports.audit.language")}</label>
          <select id="report-language" name="language" defaultValue="en">
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("reports.audit.request")}
        </button>
      </Form>
    </section>
  );
}

/** While a report is being built, the list refreshes every two seconds to show its progress. */
function useRefreshWhile(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const { attestations, tenants, reports, page, canIssue, canRevoke, lastDay } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const issued = params.get("issued");
  useRefreshWhile(!!reports?.rows.some((r) => r.status === "queued" || r.status === "running"));
  return (
    <>
      <PageHeader title={t("reports.title")} description={t("reports.description")} />
      {issued ? (
        <p className="alert alert-success" role="status">
          {t("reports.attestations.issued", { code: issued })}
        </p>
      ) : null}
      <section aria-labelledby="attestations">
        <h2 id="attestations">{t("reports.attestations.title")}</h2>
        <p className="muted">{t("reports.attestations.description")}</p>
        {canIssue ? <IssueForm tenants={tenants} /> : null}
        {attestations.total === 0 ? (
          <EmptyState title={t("reports.attestations.emptyTitle")} body={t("reports.attestations.emptyBody")} />
        ) : (
          <>
            <AttestationTable rows={attestations.rows} total={attestations.total} canRevoke={canRevoke} />
            <Pagination page={page} total={attestations.total} />
          </>
        )}
      </section>
      {reports ? (
        <section aria-labelledby="audit-reports">
          <h2 id="audit-reports">{t("reports.audit.title")}</h2>
          <p className="muted">{t("reports.audit.description")}</p>
          {params.get("requested") ? (
            <p className="alert alert-success" role="status">
              {t("reports.audit.queued")}
            </p>
          ) : null}
          <ReportRequestForm lastDay={lastDay} />
          {reports.total === 0 ? (
            <EmptyState title={t("reports.audit.emptyTitle")} body={t("reports.audit.emptyBody")} />
          ) : (
            <ReportTable rows={reports.rows} total={reports.total} />
          )}
        </section>
      ) : null}
      <p>
        <Link to="/verify">{t("reports.verify.title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.reports");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
