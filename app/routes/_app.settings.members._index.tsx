import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { pageTitle } from "../i18n/meta";
import { listPendingInvitations } from "../members/invitations.server";
import { listMembers } from "../members/members.server";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination } from "../ui/pagination";
import { pageFrom } from "../ui/params";
import { ROLE_LABEL } from "../i18n/labels";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Membership");
  const page = pageFrom(new URL(request.url));
  const organizationId = auth.organization.id;
  const result = await scoped(context, auth, async (tx) => ({
    ...(await listMembers(tx, { organizationId, page, pageSize: PAGE_SIZE })),
    invitations: await listPendingInvitations(tx, { organizationId }),
  }));
  return {
    ...result,
    page,
    currentUserId: auth.user.id,
    canManage: auth.ability.can("update", "Membership"),
    canInvite: auth.ability.can("create", "Invitation"),
  };
}

export default function MembersPage() {
  const { t } = useTranslation();
  const { members, total, invitations, page, canManage, canInvite, currentUserId } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={t("members.title")}
        description={t("members.description")}
        actions={
          canInvite ? (
            <Link to="/settings/members/invite" className="button primary">
              {t("members.invite.action")}
            </Link>
          ) : undefined
        }
      />
      <table className="table">
        <caption className="visually-hidden">{t("members.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("members.fields.name")}</th>
            <th scope="col">{t("members.fields.email")}</th>
            <th scope="col">{t("members.fields.role")}</th>
            <th scope="col">{t("members.fields.tenant")}</th>
            {canManage ? <th scope="col">{t("common.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name}
                {m.userId === currentUserId ? ` (${t("members.you")})` : ""}
              </td>
              <td>{m.email}</td>
              <td>{t(ROLE_LABEL[m.role])}</td>
              <td>{m.tenantName ?? "—"}</td>
              {canManage ? (
                <td className="row-actions">
                  <Link to={`/settings/members/${m.id}`} aria-label={t("members.editLabel", { name: m.name })}>
                    {t("common.edit")}
                  </Link>
                  <Link to={`/settings/members/${m.id}/remove`} aria-label={t("members.removeLabel", { name: m.name })}>
                    {t("common.remove")}
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} total={total} />
      <section aria-labelledby="pending-invitations">
        <h2 id="pending-invitations">{t("members.pending")}</h2>
        {invitations.length === 0 ? (
          <EmptyState title={t("members.noPendingTitle")} body={t("members.noPendingBody")} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("members.fields.email")}</th>
                <th scope="col">{t("members.fields.role")}</th>
                <th scope="col">{t("members.fields.tenant")}</th>
                <th scope="col">{t("members.expires")}</th>
                {canManage ? <th scope="col">{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{t(ROLE_LABEL[i.role])}</td>
                  <td>{i.tenantName ?? "—"}</td>
                  <td>
                    <DateTime value={i.expiresAt} />
                  </td>
                  {canManage ? (
                    <td>
                      <Link to={`/settings/invitations/${i.id}/revoke`}>{t("members.revoke")}</Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
