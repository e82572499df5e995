import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { requirePermit } from "../permits/load-permit.server";
import { archivePermit } from "../permits/permits.server";
import { ConfirmRemoval } from "../ui/confirm";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { permit } = await scoped(context, auth, (tx) => requirePermit(tx, auth, params.permitId, "update"));
  if (permit.archivedAt) throw notFound();
  return { permit: { id: permit.id, reference: permit.reference } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  assertCsrf(request, await request.formData());
  const archived = await scoped(context, auth, async (tx) => {
    const { permit } = await requirePermit(tx, auth, params.permitId, "update");
    return archivePermit(tx, { organizationId: auth.organization.id, actor: actorOf(auth), permitId: permit.id });
  });
  if (!archived) throw notFound();
  return redirect("/permits");
}

export default function ArchivePermitPage() {
  const { t } = useTranslation();
  const { permit } = useLoaderData<typeof loader>();
  return (
    <ConfirmRemoval
      title={t("permits.archiveTitle", { reference: permit.reference })}
      body={t("permits.archiveBody")}
      confirmLabel={t("permits.archive")}
      cancelTo={`/permits/${permit.id}`}
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.permits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
