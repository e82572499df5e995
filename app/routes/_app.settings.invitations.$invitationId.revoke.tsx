import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { listPendingInvitations, revokeInvitation } from "../members/invitations.server";
import { ConfirmRemoval } from "../ui/confirm";
import { requireUuidParam } from "../ui/params";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "delete", "Invitation");
  const invitationId = requireUuidParam(params.invitationId);
  const pending = await scoped(context, auth, (tx) => listPendingInvitations(tx, { organizationId: auth.organization.id }));
  const invitation = pending.find((i) => i.id === invitationId);
  if (!invitation) throw notFound();
  return { invitation: { id: invitation.id, email: invitation.email } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "delete", "Invitation");
  assertCsrf(request, await request.formData());
  const invitationId = requireUuidParam(params.invitationId);
  const revoked = await scoped(context, auth, (tx) =>
    revokeInvitation(tx, { organizationId: auth.organization.id, actor: actorOf(auth), invitationId }),
  );
  if (!revoked) throw notFound();
  return redirect("/settings/members");
}

export default function RevokeInvitationPage() {
  const { t } = useTranslation();
  const { invitation } = useLoaderData<typeof loader>();
  return (
    <ConfirmRemoval
      title={t("members.revokeTitle")}
      body={t("members.revokeBody", { email: invitation.email })}
      confirmLabel={t("members.revoke")}
      cancelTo="/settings/members"
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
