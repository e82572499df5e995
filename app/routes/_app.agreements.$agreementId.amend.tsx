import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AgreementForm } from "../agreements/agreement-form";
import { amendAgreement, partyChoices } from "../agreements/agreements.server";
import { AgreementFormSchema, formOf, type AgreementContent } from "../agreements/content";
import { requireAgreement } from "../agreements/load-agreement.server";
import { withObligationUpdates } from "../agreements/obligations.server";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { PageHeader } from "../ui/layout";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  return scoped(context, auth, async (tx) => {
    const { agreement, versions } = await requireAgreement(tx, auth, params.agreementId, "update");
    // An amendment starts from the obligations as they stand, statuses changed since signature included.
    const [current] = await withObligationUpdates(tx, auth.organization.id, [
      { agreementId: agreement.id, version: versions[0]!.version, content: versions[0]!.content as AgreementContent },
    ]);
    return {
      agreement: { id: agreement.id, title: agreement.title, version: agreement.currentVersion },
      defaults: formOf(current!.content),
      parties: await partyChoices(tx, { organizationId: auth.organization.id }),
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: AgreementFormSchema });
  const outcome = await scoped(context, auth, async (tx) => {
    const { agreement } = await requireAgreement(tx, auth, params.agreementId, "update");
    if (submission.status !== "success") return undefined;
    return amendAgreement(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      agreementId: agreement.id,
      form: submission.value,
    });
  });
  if (outcome === undefined) return data({ result: submission.reply() }, { status: 400 });
  if (outcome === null) throw notFound();
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/agreements/${outcome.value.id}`);
}

export default function AmendAgreementPage() {
  const { t } = useTranslation();
  const { agreement, defaults, parties } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title={t("agreements.amendTitle", { title: agreement.title, version: agreement.version + 1 })}
        description={t("agreements.amendBody")}
      />
      <AgreementForm
        parties={parties}
        defaultValue={defaults}
        lastResult={actionData?.result}
        submitLabel={t("agreements.saveAmendment")}
        cancelTo={`/agreements/${agreement.id}`}
        amendment
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agreements");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
