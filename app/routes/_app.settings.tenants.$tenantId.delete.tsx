import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { requireTenant } from "../tenants/load-tenant.server";
import { deleteTenant } from "../tenants/tenants.server";
import { ConfirmRemoval } from "../ui/confirm";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const tenant = await scoped(context, auth, (tx) => requireTenant(tx, auth, params.tenantId, "delete"));
  return { tenant: { id: tenant.id, legalName: tenant.legalName } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  assertCsrf(request, await request.formData());
  const outcome = await scoped(context, auth, async (tx) => {
    const tenant = await requireTenant(tx, auth, params.tenantId, "delete");
    return deleteTenant(tx, { organizationId: auth.organization.id, actor: actorOf(auth), tenantId: tenant.id });
  });
  if (!outcome) throw notFound();
  if (!outcome.ok) return data({ error: outcome.formError }, { status: 409 });
  return redirect("/settings/tenants");
}

export default function DeleteTenantPage() {
  const { t } = useTranslation();
  const { tenant } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <ConfirmRemoval
      title={t("tenants.delete.title", { name: tenant.legalName })}
      body={t("tenants.delete.body", { name: tenant.legalName })}
      confirmLabel={t("tenants.delete.confirm")}
      cancelTo={`/settings/tenants/${tenant.id}`}
      error={actionData?.error ?? undefined}
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenants.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
