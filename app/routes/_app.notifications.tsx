import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, requireAuth, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { collectDeadlines, daysBetween, deadlineTitle, readsDeadlines, thresholdFor } from "../deadlines/deadlines.server";
import { markAllRead, myNotifications } from "../deadlines/notifications.server";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { DateTime } from "../ui/format";
import { CsrfInput } from "../ui/forms";
import { EmptyState, PageHeader } from "../ui/layout";
import * as clock from "../config/clock";
import { PERSONAL_NOTIFICATION_KIND_LABEL, DEADLINE_KIND_LABEL, DEADLINE_THRESHOLD_LABEL } from "../i18n/labels";
import { isPersonalNotificationKind } from "../../db/schema/notifications";

/** Deadlines belong to the operator's registers: tenant members have none here. */
function requireDeadlineReader(auth: Auth) {
  if (!readsDeadlines(auth.ability)) throw forbidden();
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requireDeadlineReader(auth);
  const today = clock.today();
  const member = { organizationId: auth.organization.id, userId: auth.user.id };
  const lang = await detectLocale(request);
  return scoped(context, auth, async (tx) => ({
    notifications: (await myNotifications(tx, { ...member, limit: 100 })).map((n) => ({
      ...n,
      // Audit notifications carry their title as written ("A.8.13 — <audit title>"); deadlines are worded per language.
      title: isPersonalNotificationKind(n.kind) ? n.title : deadlineTitle({ kind: n.kind, key: n.deadlineKey, title: n.title }, lang),
    })),
    upcoming: (await collectDeadlines(tx, auth.organization.id))
      .map((d) => ({ ...d, title: deadlineTitle(d, lang), days: daysBetween(today, d.dueOn), threshold: thresholdFor(d.dueOn, today) }))
      .filter((d) => d.threshold !== null),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requireDeadlineReader(auth);
  assertCsrf(request, await request.formData());
  await scoped(context, auth, (tx) => markAllRead(tx, { organizationId: auth.organization.id, userId: auth.user.id }));
  return { ok: true };
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  const { notifications, upcoming } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <>
      <PageHeader
        title={t("deadlines.title")}
        description={t("deadlines.description")}
        actions={
          <Link to="/settings/notifications" className="button">
            {t("deadlines.preferences")}
          </Link>
        }
      />
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t("deadlines.upcoming")}</h2>
        {upcoming.length === 0 ? (
          <EmptyState title={t("deadlines.noneTitle")} body={t("deadlines.noneBody")} />
        ) : (
          <table className="table stacked-table">
            <thead>
              <tr>
                <th scope="col">{t("deadlines.due")}</th>
                <th scope="col">{t("deadlines.kind")}</th>
                <th scope="col">{t("deadlines.subject")}</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((d) => (
                <tr key={d.key}>
                  <td data-label={t("deadlines.due")} className={d.days < 0 ? "overdue" : undefined}>
                    {d.dueOn} · {d.days < 0 ? t("deadlines.overdueBy", { count: -d.days }) : t("deadlines.inDays", { count: d.days })}
                  </td>
                  <td data-label={t("deadlines.kind")}>{t(DEADLINE_KIND_LABEL[d.kind])}</td>
                  <td data-label={t("deadlines.subject")}>
                    <Link to={d.link}>{d.title}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="received">
        <h2 id="received">{t("deadlines.received")}</h2>
        {unread > 0 ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" className="button">
              {t("deadlines.markRead", { count: unread })}
            </button>
          </Form>
        ) : null}
        {notifications.length === 0 ? (
          <p className="muted">{t("deadlines.noNotifications")}</p>
        ) : (
          <ul className="plain-list">
            {notifications.map((n) => (
              <li key={n.id} className={n.readAt ? "muted" : undefined}>
                {n.readAt ? "" : <strong>{t("deadlines.new")} · </strong>}
                {isPersonalNotificationKind(n.kind) ? (
                  <>
                    {t(PERSONAL_NOTIFICATION_KIND_LABEL[n.kind])} · <Link to={n.link}>{n.title}</Link>
                  </>
                ) : (
                  <>
                    {t(DEADLINE_KIND_LABEL[n.kind])} · <Link to={n.link}>{n.title}</Link> · {n.dueOn}
                    {n.threshold ? <> ({t(DEADLINE_THRESHOLD_LABEL[n.threshold])})</> : null}
                  </>
                )}{" "}
                · <DateTime value={n.createdAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deadlines.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
