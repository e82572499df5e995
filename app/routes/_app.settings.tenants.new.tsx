import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { TenantForm } from "../tenants/tenant-form";
import { TenantFormSchema } from "../tenants/tenant-schema";
import { createTenant } from "../tenants/tenants.server";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Tenant");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Tenant");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: TenantFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    createTenant(tx, { organizationId: auth.organization.id, actor: actorOf(auth), input: submission.value }),
  );
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/settings/tenants/${outcome.value.id}`);
}

export default function NewTenantPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("tenants.new")} />
      <TenantForm lastResult={actionData?.result} submitLabel={t("tenants.create")} cancelTo="/settings/tenants" />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenants.new");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
