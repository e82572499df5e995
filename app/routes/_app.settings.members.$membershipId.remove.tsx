import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { requireMember } from "../members/load-member.server";
import { removeMember } from "../members/members.server";
import { ConfirmRemoval } from "../ui/confirm";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const member = await scoped(context, auth, (tx) => requireMember(tx, auth, params.membershipId, "delete"));
  return { member: { id: member.id, name: member.name, email: member.email } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  assertCsrf(request, await request.formData());
  const outcome = await scoped(context, auth, async (tx) => {
    const member = await requireMember(tx, auth, params.membershipId, "delete");
    return removeMember(tx, { organizationId: auth.organization.id, actor: actorOf(auth), membershipId: member.id });
  });
  if (!outcome) throw notFound();
  if (!outcome.ok) return data({ error: outcome.formError }, { status: 409 });
  return redirect("/settings/members");
}

export default function RemoveMemberPage() {
  const { t } = useTranslation();
  const { member } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <ConfirmRemoval
      title={t("members.remove.title", { name: member.name })}
      body={t("members.remove.body", { name: member.name, email: member.email })}
      confirmLabel={t("members.remove.confirm")}
      cancelTo="/settings/members"
      error={actionData?.error ?? undefined}
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
