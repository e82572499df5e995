import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { getRisk } from "../risks/risks.server";
import { archiveRisk } from "../risks/save-risk.server";
import { ConfirmRemoval } from "../ui/confirm";
import { requireUuidParam } from "../ui/params";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const riskId = requireUuidParam(params.riskId);
  const found = await scoped(context, auth, (tx) => getRisk(tx, { organizationId: auth.organization.id, riskId }));
  if (!found || found.risk.archivedAt) throw notFound();
  return { risk: { id: found.risk.id, reference: found.risk.reference, title: found.risk.title } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const riskId = requireUuidParam(params.riskId);
  assertCsrf(request, await request.formData());
  const archived = await scoped(context, auth, (tx) =>
    archiveRisk(tx, { organizationId: auth.organization.id, actor: actorOf(auth), riskId }),
  );
  if (!archived) throw notFound();
  return redirect("/risks");
}

export default function ArchiveRiskPage() {
  const { t } = useTranslation();
  const { risk } = useLoaderData<typeof loader>();
  return (
    <ConfirmRemoval
      title={t("risks.archive.title", { reference: risk.reference, title: risk.title })}
      body={t("risks.archive.body")}
      confirmLabel={t("risks.archive.confirm")}
      cancelTo={`/risks/${risk.id}`}
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.risks");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
