import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { CUSTOM_POLICY_TEMPLATE, saveCustomPolicy } from "../policy-engine/custom-policies.server";
import { EngineTabs } from "../policy-engine/findings-ui";
import { PolicyEditor } from "../policy-engine/policy-editor";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Policy");
  return { source: CUSTOM_POLICY_TEMPLATE };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Policy");
  const form = await request.formData();
  assertCsrf(request, form);
  const source = String(form.get("source") ?? "");
  const note = String(form.get("note") ?? "")
    .trim()
    .slice(0, 500);
  const outcome = await scoped(context, auth, (tx) =>
    saveCustomPolicy(tx, { organizationId: auth.organization.id, actor: actorOf(auth), source, note }),
  );
  if (!outcome.ok)
    return data({ error: `${outcome.field}${outcome.line ? ` (line ${outcome.line})` : ""}: ${outcome.reason}`, source }, { status: 400 });
  return redirect(`/policies/${encodeURIComponent(outcome.policyId)}`);
}

export default function NewCustomPolicy() {
  const { t } = useTranslation();
  const { source } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("customPolicies.newTitle")} description={t("customPolicies.newDescription")} />
      <EngineTabs current="policies" />
      <PolicyEditor initialSource={failed?.source ?? source} saveLabel={t("customPolicies.save")} saveError={failed?.error ?? null} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "customPolicies.newTitle");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
