import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createApiToken, listApiTokens } from "../auth/api-tokens.server";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { API_SCOPES, TokenFormSchema } from "../auth/token-schema";
import { pageTitle } from "../i18n/meta";
import { DateTime } from "../ui/format";
import { CsrfInput, FieldErrors, FormError, TextField, useFocusFirstError } from "../ui/forms";
import { EmptyState, PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "ApiToken");
  const tokens = await scoped(context, auth, (tx) => listApiTokens(tx, { organizationId: auth.organization.id }));
  return { tokens, canManage: auth.ability.can("create", "ApiToken") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "ApiToken");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: TokenFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), secret: null }, { status: 400 });
  const created = await scoped(context, auth, (tx) =>
    createApiToken(tx, { organizationId: auth.organization.id, actor: actorOf(auth), ...submission.value }),
  );
  return { result: submission.reply({ resetForm: true }), secret: created.secret };
}

export default function TokensPage() {
  const { t } = useTranslation();
  const { tokens, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "token",
    lastResult: actionData?.result,
    constraint: getZodConstraint(TokenFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TokenFormSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  return (
    <>
      <PageHeader title={t("tokens.title")} description={t("tokens.description")} />
      {actionData?.secret ? (
        <div className="alert alert-success" role="status">
          <label htmlFor="token-secret">{t("tokens.created")}</label>
          <input id="token-secret" readOnly value={actionData.secret} className="copyable" onFocus={(e) => e.currentTarget.select()} />
          <p className="small">{t("tokens.once")}</p>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <EmptyState title={t("tokens.emptyTitle")} body={t("tokens.emptyBody")} />
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("tokens.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tokens.name")}</th>
              <th scope="col">{t("tokens.prefix")}</th>
              <th scope="col">{t("tokens.scopes")}</th>
              <th scope="col">{t("tokens.lastUsed")}</th>
              <th scope="col">{t("tokens.status")}</th>
              {canManage ? <th scope="col">{t("common.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>
                  {/* Scopes are the API's own identifiers, as the form lists them and a client sends them. */}
                  {token.scopes.map((scope, index) => (
                    <span key={scope}>
                      {index > 0 ? ", " : null}
                      <code>{scope}</code>
                    </span>
                  ))}
                </td>
                <td>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : t("tokens.never")}</td>
                <td>{token.revokedAt ? t("tokens.revoked") : t("tokens.active")}</td>
                {canManage ? (
                  <td>
                    {token.revokedAt ? null : (
                      <Link to={`/settings/tokens/${token.id}/revoke`} aria-label={t("tokens.revokeLabel", { name: token.name })}>
                        {t("members.revoke")}
                      </Link>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage ? (
        <section aria-labelledby="new-token">
          <h2 id="new-token">{t("tokens.new")}</h2>
          <Form method="post" {...getFormProps(form)} className="form">
            <CsrfInput />
            <FormError id={form.errorId} errors={form.errors} />
            <TextField meta={fields.name} label={t("tokens.name")} hint={t("tokens.nameHint")} />
            <fieldset className="checkboxes" aria-describedby={fields.scopes.errorId}>
              <legend>{t("tokens.scopes")}</legend>
              {API_SCOPES.map((scope) => (
                <label key={scope}>
                  <input type="checkbox" name={fields.scopes.name} value={scope} form={form.id} /> <code>{scope}</code>
                </label>
              ))}
              <FieldErrors id={fields.scopes.errorId} errors={fields.scopes.errors} />
            </fieldset>
            <button type="submit" className="button primary">
              {t("tokens.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tokens.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
