import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { permitDefaults, requirePermit } from "../permits/load-permit.server";
import { PermitForm } from "../permits/permit-form";
import { PermitFormSchema } from "../permits/permit-schema";
import { siteChoices, updatePermit } from "../permits/permits.server";
import { PageHeader } from "../ui/layout";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  return scoped(context, auth, async (tx) => {
    const { permit } = await requirePermit(tx, auth, params.permitId, "update");
    if (permit.archivedAt) throw notFound();
    return {
      permit: { id: permit.id, reference: permit.reference },
      defaults: permitDefaults(permit),
      sites: await siteChoices(tx, { organizationId: auth.organization.id }),
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: PermitFormSchema });
  const outcome = await scoped(context, auth, async (tx) => {
    const { permit } = await requirePermit(tx, auth, params.permitId, "update");
    if (submission.status !== "success") return undefined;
    return updatePermit(tx, { organizationId: auth.organization.id, actor: actorOf(auth), permitId: permit.id, input: submission.value });
  });
  if (outcome === undefined) return data({ result: submission.reply() }, { status: 400 });
  if (outcome === null) throw notFound();
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/permits/${outcome.value.id}`);
}

export default function EditPermitPage() {
  const { t } = useTranslation();
  const { permit, defaults, sites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("permits.editTitle", { reference: permit.reference })} />
      <PermitForm
        sites={sites}
        defaultValue={defaults}
        lastResult={actionData?.result}
        submitLabel={t("common.save")}
        cancelTo={`/permits/${permit.id}`}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.permits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
