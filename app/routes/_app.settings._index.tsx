import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth } from "../auth/auth.server";
import { pageTitle } from "../i18n/meta";
import { LanguageSwitch } from "../ui/language-switch";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  return {
    canReadTenants: auth.ability.can("read", "Tenant"),
    canReadMembers: auth.ability.can("read", "Membership"),
    canReadTokens: auth.ability.can("read", "ApiToken"),
    canManageKeys: auth.ability.can("update", "Organization"),
    hearsDeadlines: auth.ability.can("read", "Permit") || auth.ability.can("read", "Control"),
    user: auth.user,
  };
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const { canReadTenants, canReadMembers, canReadTokens, canManageKeys, hearsDeadlines, user } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("settings.title")} />
      <div className="cards">
        {canReadTenants ? (
          <Link to="/settings/tenants" className="card">
            <strong>{t("settings.tenants")}</strong>
            <span>{t("settings.tenantsBody")}</span>
          </Link>
        ) : null}
        {canReadMembers ? (
          <Link to="/settings/members" className="card">
            <strong>{t("settings.members")}</strong>
            <span>{t("settings.membersBody")}</span>
          </Link>
        ) : null}
        {canManageKeys ? (
          <Link to="/settings/signing-keys" className="card">
            <strong>{t("signingKeys.title")}</strong>
            <span>{t("signingKeys.cardBody")}</span>
          </Link>
        ) : null}
        {canReadTokens ? (
          <Link to="/settings/tokens" className="card">
            <strong>{t("settings.tokens")}</strong>
            <span>{t("settings.tokensBody")}</span>
          </Link>
        ) : null}
        {hearsDeadlines ? (
          <Link to="/settings/notifications" className="card">
            <strong>{t("deadlines.preferences")}</strong>
            <span>{t("deadlines.preferencesBody")}</span>
          </Link>
        ) : null}
      </div>
      <section aria-labelledby="preferences">
        <h2 id="preferences">{t("settings.preferences")}</h2>
        <p>{t("settings.signedInAs", { name: user.name, email: user.email })}</p>
        <p>{t("settings.languageBody")}</p>
        <LanguageSwitch />
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
