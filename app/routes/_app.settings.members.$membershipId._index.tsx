import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { requireMember } from "../members/load-member.server";
import { MembershipFormSchema } from "../members/member-schema";
import { updateMember } from "../members/members.server";
import { RoleFields } from "../members/role-fields";
import { allTenantChoices } from "../tenants/tenants.server";
import { CsrfInput, FormError, TextField, useFocusFirstError } from "../ui/forms";
import { PageHeader } from "../ui/layout";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  return scoped(context, auth, async (tx) => ({
    member: await requireMember(tx, auth, params.membershipId, "update"),
    tenants: await allTenantChoices(tx, { organizationId: auth.organization.id }),
  }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: MembershipFormSchema });
  const outcome = await scoped(context, auth, async (tx) => {
    const member = await requireMember(tx, auth, params.membershipId, "update");
    if (submission.status !== "success") return undefined;
    return updateMember(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      membershipId: member.id,
      input: submission.value,
    });
  });
  if (outcome === undefined) return data({ result: submission.reply() }, { status: 400 });
  if (outcome === null) throw notFound();
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect("/settings/members");
}

export default function EditMemberPage() {
  const { t } = useTranslation();
  const { member, tenants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "member",
    lastResult: actionData?.result,
    defaultValue: { name: member.name, role: member.role, tenantId: member.tenantId ?? "" },
    constraint: getZodConstraint(MembershipFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MembershipFormSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  return (
    <>
      <PageHeader title={t("members.editTitle", { name: member.name })} description={member.email} />
      <Form method="post" {...getFormProps(form)} className="form">
        <CsrfInput />
        <FormError id={form.errorId} errors={form.errors} />
        <TextField meta={fields.name} label={t("members.fields.name")} />
        <RoleFields role={fields.role} tenantId={fields.tenantId} tenants={tenants} />
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("common.save")}
          </button>
          <Link to="/settings/members">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
