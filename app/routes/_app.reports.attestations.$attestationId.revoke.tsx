import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { RevokeAttestationForm } from "../reports/attestation-input";
import { getAttestation, revokeAttestation } from "../reports/attestations.server";
import { CsrfInput } from "../ui/forms";
import { PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";
import { messageText } from "../i18n/keys";

async function requireLiveAttestation(request: Request, context: LoaderFunctionArgs["context"], attestationId: string | undefined) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Report");
  if (auth.scope.tenantId) throw new Response("Forbidden", { status: 403 });
  const id = requireUuidParam(attestationId);
  const found = await scoped(context, auth, (tx) => getAttestation(tx, { organizationId: auth.organization.id, id }));
  if (!found || found.revokedAt) throw notFound();
  return { auth, attestation: found };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { attestation } = await requireLiveAttestation(request, context, params.attestationId);
  return { attestation: { id: attestation.id, code: attestation.code } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { auth, attestation } = await requireLiveAttestation(request, context, params.attestationId);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const parsed = RevokeAttestationForm.safeParse({ reason: formData.get("reason") ?? "" });
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  const revoked = await scoped(context, auth, (tx) =>
    revokeAttestation(tx, { organizationId: auth.organization.id, id: attestation.id, reason: parsed.data.reason, actor: actorOf(auth) }),
  );
  if (!revoked) throw notFound();
  return redirect("/reports");
}

export default function RevokeAttestationPage() {
  const { t } = useTranslation();
  const { attestation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("reports.attestations.revokeTitle", { code: attestation.code })} />
      <div className="confirm" role="alertdialog" aria-labelledby="confirm-body">
        <p id="confirm-body">{t("reports.attestations.revokeBody")}</p>
        <Form method="post" className="form">
          <CsrfInput />
          <div className="field">
            <label htmlFor="revoke-reason">{t("reports.attestations.reason")}</label>
            <textarea
              id="revoke-reason"
              name="reason"
              rows={3}
              aria-invalid={result?.error ? true : undefined}
              aria-describedby={result?.error ? "revoke-reason-error" : undefined}
            />
            {result?.error ? (
              <p id="revoke-reason-error" className="field-error">
                {messageText(t, result.error)}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="submit" className="button danger">
              {t("reports.attestations.revoke")}
            </button>
            <Link to="/reports" autoFocus>
              {t("common.cancel")}
            </Link>
          </div>
        </Form>
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.reports");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
