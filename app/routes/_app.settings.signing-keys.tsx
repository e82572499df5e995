import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { configuredKeyEncryptionKey, listSigningKeys, rotateSigningKey } from "../reports/signing-keys.server";
import { CsrfInput } from "../ui/forms";
import { ActorName } from "../audit/audit-code";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Organization");
  const keys = await scoped(context, auth, (tx) => listSigningKeys(tx, { organizationId: auth.organization.id }));
  return {
    keys: keys.map((k) => ({
      id: k.id,
      kid: k.kid,
      publicKey: k.publicKey,
      createdAt: k.createdAt,
      retiredAt: k.retiredAt,
      createdBy: k.createdByLabel,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Organization");
  const form = await request.formData();
  assertCsrf(request, form);
  await scoped(context, auth, (tx) =>
    rotateSigningKey(tx, { organizationId: auth.organization.id, actor: actorOf(auth), kek: configuredKeyEncryptionKey() }),
  );
  return redirect("/settings/signing-keys");
}

export default function SigningKeysPage() {
  const { t } = useTranslation();
  const { keys } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const confirming = params.get("rotate") === "1";
  const active = keys.find((k) => !k.retiredAt);
  return (
    <>
      <PageHeader title={t("signingKeys.title")} description={t("signingKeys.description")} />
      <p>
        <a href="/.well-known/attest-keys.json">{t("signingKeys.published")}</a>
      </p>
      {keys.length === 0 ? <EmptyState title={t("signingKeys.emptyTitle")} body={t("signingKeys.emptyBody")} /> : null}
      {keys.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("signingKeys.kid")}</th>
              <th scope="col">{t("signingKeys.publicKey")}</th>
              <th scope="col">{t("signingKeys.created")}</th>
              <th scope="col">{t("signingKeys.status")}</th>
            </tr>
          </thead>
          <tbody>
            {[...keys].reverse().map((k) => (
              <tr key={k.id}>
                <td>
                  <code>{k.kid}</code>
                </td>
                <td>
                  <code className="small">{k.publicKey}</code>
                </td>
                <td>
                  <DateTime value={k.createdAt} /> · <ActorName label={k.createdBy} />
                </td>
                <td>
                  {k.retiredAt ? (
                    <>
                      {t("signingKeys.retired")} <DateTime value={k.retiredAt} />
                    </>
                  ) : (
                    t("signingKeys.active")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {confirming ? (
        <Form method="post" className="confirm" aria-labelledby="rotate-title">
          <CsrfInput />
          <h2 id="rotate-title">{active ? t("signingKeys.rotateTitle") : t("signingKeys.createTitle")}</h2>
          <p>{t("signingKeys.rotateBody")}</p>
          <div className="actions">
            <button type="submit" className="button primary">
              {active ? t("signingKeys.rotate") : t("signingKeys.create")}
            </button>
            <Link to="/settings/signing-keys">{t("common.cancel")}</Link>
          </div>
        </Form>
      ) : (
        <Link to="?rotate=1" className="button">
          {active ? t("signingKeys.rotate") : t("signingKeys.create")}
        </Link>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signingKeys.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
