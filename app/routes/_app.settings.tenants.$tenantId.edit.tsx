import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { requireTenant } from "../tenants/load-tenant.server";
import { TenantForm } from "../tenants/tenant-form";
import { TenantFormSchema } from "../tenants/tenant-schema";
import { updateTenant } from "../tenants/tenants.server";
import { PageHeader } from "../ui/layout";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const tenant = await scoped(context, auth, (tx) => requireTenant(tx, auth, params.tenantId, "update"));
  return { tenant };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: TenantFormSchema });
  const outcome = await scoped(context, auth, async (tx) => {
    const tenant = await requireTenant(tx, auth, params.tenantId, "update");
    if (submission.status !== "success") return undefined;
    return updateTenant(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      tenantId: tenant.id,
      input: submission.value,
    });
  });
  if (outcome === undefined) return data({ result: submission.reply() }, { status: 400 });
  if (outcome === null) throw notFound();
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/settings/tenants/${outcome.value.id}`);
}

export default function EditTenantPage() {
  const { t } = useTranslation();
  const { tenant } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("tenants.editTitle", { name: tenant.legalName })} />
      <TenantForm
        defaultValue={tenant}
        lastResult={actionData?.result}
        submitLabel={t("common.save")}
        cancelTo={`/settings/tenants/${tenant.id}`}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenants.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
