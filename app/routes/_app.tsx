import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organizationShown, requireAuth } from "../auth/auth.server";
import { readsDeadlines } from "../deadlines/deadlines.server";
import { CsrfInput } from "../ui/forms";
import { LanguageSwitch } from "../ui/language-switch";
import { NAVIGATION } from "../ui/navigation";
import { ROLE_LABEL } from "../i18n/labels";
import { useNumbers } from "../ui/format";
import { BellIcon, MenuIcon } from "../ui/icons";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const unread = readsDeadlines(auth.ability) ? auth.unreadNotifications : null;
  return {
    unread,
    user: auth.user,
    organization: organizationShown(auth),
    role: auth.membership.role,
    memberships: auth.memberships,
    navigation: NAVIGATION.filter((item) => item.subject === null || auth.ability.can("read", item.subject)),
  };
}

function OrganizationSwitcher() {
  const { t } = useTranslation();
  const { organization, memberships } = useLoaderData<typeof loader>();
  if (memberships.length < 2) return <span className="org-name topbar-extra">{organization.name}</span>;
  return (
    <Form method="post" action="/switch-organization" className="org-switcher topbar-extra">
      <CsrfInput />
      <label htmlFor="organization-switch" className="visually-hidden">
        {t("shell.organization")}
      </label>
      <select id="organization-switch" name="organizationId" defaultValue={organization.id}>
        {memberships.map((m) => (
          <option key={m.organizationId} value={m.organizationId}>
            {m.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button small">
        {t("shell.switch")}
      </button>
    </Form>
  );
}

export default function AppShell() {
  const { t } = useTranslation();
  const { user, role, navigation, unread } = useLoaderData<typeof loader>();
  const n = useNumbers();
  return (
    <>
      <a href="#main" className="skip-link">
        {t("shell.skip")}
      </a>
      {/* On a narrow screen the menu and the account's controls fold behind this box: no script needed. */}
      <input type="checkbox" id="menu-toggle" className="menu-toggle" aria-controls="main-navigation" />
      <header className="topbar">
        <span className="brand">Attest</span>
        <OrganizationSwitcher />
        <div className="topbar-right">
          <div className="topbar-extra">
            <LanguageSwitch />
          </div>
          {unread !== null ? (
            <Link to="/notifications" className="bell" aria-label={t("deadlines.bell", { count: unread })}>
              <BellIcon /> {unread > 0 ? <span className="bell-count">{n.number(unread)}</span> : null}
            </Link>
          ) : null}
          <span className="user topbar-extra" data-testid="current-user">
            {user.name} · {t(ROLE_LABEL[role])}
          </span>
          <Form method="post" action="/logout" className="topbar-extra">
            <CsrfInput />
            <button type="submit" className="button small">
              {t("shell.logout")}
            </button>
          </Form>
          <label htmlFor="menu-toggle" className="menu-button">
            <MenuIcon /> {t("shell.menu")}
          </label>
        </div>
      </header>
      <div className="shell">
        <nav className="sidebar" id="main-navigation" aria-label={t("shell.navigation")}>
          <ul>
            {navigation.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
