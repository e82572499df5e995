import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { createInvitation } from "../members/invitations.server";
import { InvitationFormSchema } from "../members/member-schema";
import { RoleFields } from "../members/role-fields";
import { allTenantChoices } from "../tenants/tenants.server";
import { CsrfInput, FormError, TextField, useFocusFirstError } from "../ui/forms";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Invitation");
  const tenants = await scoped(context, auth, (tx) => allTenantChoices(tx, { organizationId: auth.organization.id }));
  return { tenants };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Invitation");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: InvitationFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), link: null }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    createInvitation(tx, {
      organizationId: auth.organization.id,
      actor: { ...actorOf(auth), userId: auth.user.id },
      input: submission.value,
    }),
  );
  if (!outcome.ok) {
    return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }), link: null }, { status: 400 });
  }
  const link = `${new URL(request.url).origin}/invite/${outcome.value.token}`;
  // The one-time link is a credential: it is shown to the admin once, never written to the log.
  context.log.info({ event: "invitation_created", invitationId: outcome.value.id }, "invitation created");
  return { result: submission.reply({ resetForm: true }), link, email: submission.value.email };
}

export default function InvitePage() {
  const { t } = useTranslation();
  const { tenants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    constraint: getZodConstraint(InvitationFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InvitationFormSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  return (
    <>
      <PageHeader title={t("members.invite.title")} description={t("members.invite.description")} />
      {actionData?.link ? (
        <div className="alert alert-success" role="status">
          <p>{t("members.invite.created", { email: "email" in actionData ? actionData.email : "" })}</p>
          <p>
            <label htmlFor="invitation-link">{t("members.invite.link")}</label>
            <input id="invitation-link" readOnly value={actionData.link} className="copyable" onFocus={(e) => e.currentTarget.select()} />
          </p>
          <p className="small">{t("members.invite.linkOnce")}</p>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="form">
        <CsrfInput />
        <FormError id={form.errorId} errors={form.errors} />
        <TextField meta={fields.email} label={t("members.fields.email")} type="email" />
        <RoleFields role={fields.role} tenantId={fields.tenantId} tenants={tenants} />
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("members.invite.submit")}
          </button>
          <Link to="/settings/members">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.invite.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
