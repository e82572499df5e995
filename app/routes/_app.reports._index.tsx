import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { AttestationError } from "../reports/attestation-data.server";
import { IssueAttestationForm } from "../reports/attestation-input";
import { issueAttestation, listAttestations } from "../reports/attestations.server";
import { issuer } from "../reports/issuer.server";
import { AttestationTable } from "../reports/reports-ui";
import { allTenantChoices } from "../tenants/tenants.server";
import { CsrfInput } from "../ui/forms";
import { EmptyState, PageHeader } from "../ui/layout";
import { Pagination, PAGE_SIZE } from "../ui/pagination";
import { pageFrom } from "../ui/params";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Report");
  const page = pageFrom(new URL(request.url));
  const organizationId = auth.organization.id;
  const canIssue = !auth.scope.tenantId && auth.ability.can("create", "Report");
  const { attestations, tenants } = await scoped(context, auth, async (tx) => ({
    attestations: await listAttestations(tx, { organizationId, tenantId: auth.scope.tenantId ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    tenants: canIssue ? await allTenantChoices(tx, { organizationId }) : [],
  }));
  return { attestations, tenants, page, canIssue, canRevoke: canIssue && auth.ability.can("update", "Report") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Report");
  if (auth.scope.tenantId) throw new Response("Forbidden", { status: 403 });
  const formData = await request.formData();
  assertCsrf(request, formData);
  const parsed = IssueAttestationForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return data({ errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) as Record<string, string> }, { status: 400 });
  }
  const { tenantId, language, asOf } = parsed.data;
  try {
    const issued = await scoped(context, auth, (tx) =>
      issueAttestation(tx, { organizationId: auth.organization.id, tenantId, language, asOf, actor: actorOf(auth), ...issuer(request) }),
    );
    return redirect(`/reports?issued=${issued.code}`);
  } catch (error) {
    if (!(error instanceof AttestationError)) throw error;
    const field = error.field === "as_of" ? "asOf" : error.field === "tenant" ? "tenantId" : "form";
    const message = error.field === "run" ? "reports.attestations.noRun" : error.field === "tenant" ? "reports.attestations.tenantRequired" : "reports.attestations.asOfInvalid";
    return data({ errors: { [field]: message } as Record<string, string>, detail: error.message }, { status: 409 });
  }
}

function IssueForm({ tenants }: { tenants: { id: string; legalName: string }[] }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`attestation-${name}-error`} className="field-error">
        {t(errors[name]!)}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `attestation-${name}-error` } : {});
  return (
    <section aria-labelledby="issue-attestation">
      <h3 id="issue-attestation">{t("reports.attestations.issueTitle")}</h3>
      <Form method="post" className="form">
        <CsrfInput />
        {errors.form ? <p className="alert alert-error" role="alert">{t(errors.form)}</p> : null}
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

export default function ReportsPage() {
  const { t } = useTranslation();
  const { attestations, tenants, page, canIssue, canRevoke } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const issued = params.get("issued");
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
      <p>
        <Link to="/verify">{t("reports.verify.title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.reports");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
