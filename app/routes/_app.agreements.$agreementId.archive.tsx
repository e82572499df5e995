import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { archiveAgreement } from "../agreements/agreements.server";
import { requireAgreement } from "../agreements/load-agreement.server";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { ConfirmRemoval } from "../ui/confirm";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { agreement } = await scoped(context, auth, (tx) => requireAgreement(tx, auth, params.agreementId, "update"));
  if (agreement.archivedAt) throw notFound();
  return { agreement: { id: agreement.id, title: agreement.title } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  assertCsrf(request, await request.formData());
  const archived = await scoped(context, auth, async (tx) => {
    const { agreement } = await requireAgreement(tx, auth, params.agreementId, "update");
    return archiveAgreement(tx, { organizationId: auth.organization.id, actor: actorOf(auth), agreementId: agreement.id });
  });
  if (!archived) throw notFound();
  return redirect("/agreements");
}

export default function ArchiveAgreementPage() {
  const { t } = useTranslation();
  const { agreement } = useLoaderData<typeof loader>();
  return (
    <ConfirmRemoval
      title={t("agreements.archiveTitle", { title: agreement.title })}
      body={t("agreements.archiveBody")}
      confirmLabel={t("permits.archive")}
      cancelTo={`/agreements/${agreement.id}`}
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agreements");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
