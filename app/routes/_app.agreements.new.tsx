import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AgreementForm } from "../agreements/agreement-form";
import { createAgreement, partyChoices } from "../agreements/agreements.server";
import { AgreementFormSchema } from "../agreements/content";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Agreement");
  return { parties: await scoped(context, auth, (tx) => partyChoices(tx, { organizationId: auth.organization.id })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Agreement");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: AgreementFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) => createAgreement(tx, { organizationId: auth.organization.id, actor: actorOf(auth), form: submission.value }));
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/agreements/${outcome.value.id}`);
}

export default function NewAgreementPage() {
  const { t } = useTranslation();
  const { parties } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("agreements.new")} />
      <AgreementForm parties={parties} lastResult={actionData?.result} submitLabel={t("agreements.create")} cancelTo="/agreements" />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agreements.new");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
