import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listApiTokens, revokeApiToken } from "../auth/api-tokens.server";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { ConfirmRemoval } from "../ui/confirm";
import { requireUuidParam } from "../ui/params";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "delete", "ApiToken");
  const tokenId = requireUuidParam(params.tokenId);
  const tokens = await scoped(context, auth, (tx) => listApiTokens(tx, { organizationId: auth.organization.id }));
  const token = tokens.find((t) => t.id === tokenId && !t.revokedAt);
  if (!token) throw notFound();
  return { token: { id: token.id, name: token.name } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "delete", "ApiToken");
  assertCsrf(request, await request.formData());
  const tokenId = requireUuidParam(params.tokenId);
  const revoked = await scoped(context, auth, (tx) =>
    revokeApiToken(tx, { organizationId: auth.organization.id, actor: actorOf(auth), tokenId }),
  );
  if (!revoked) throw notFound();
  return redirect("/settings/tokens");
}

export default function RevokeTokenPage() {
  const { t } = useTranslation();
  const { token } = useLoaderData<typeof loader>();
  return (
    <ConfirmRemoval
      title={t("tokens.revokeTitle", { name: token.name })}
      body={t("tokens.revokeBody")}
      confirmLabel={t("tokens.revokeConfirm")}
      cancelTo="/settings/tokens"
    />
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tokens.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
