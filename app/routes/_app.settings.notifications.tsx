import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DEADLINE_KINDS } from "../../db/schema/notifications";
import { actorOf, forbidden, requireAuth, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { getConfig } from "../config/config.server";
import { createCalendarFeed, hasCalendarFeed, revokeCalendarFeed } from "../deadlines/calendar.server";
import { readsDeadlines } from "../deadlines/deadlines.server";
import { savePreferences } from "../deadlines/notifications.server";
import { preferencesOf } from "../deadlines/notify.server";
import { pageTitle } from "../i18n/meta";
import { DateTime } from "../ui/format";
import { CsrfInput } from "../ui/forms";
import { PageHeader } from "../ui/layout";
import { DEADLINE_KIND_LABEL } from "../i18n/labels";

function requireDeadlineReader(auth: Auth) {
  if (!readsDeadlines(auth.ability)) throw forbidden();
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requireDeadlineReader(auth);
  const member = { organizationId: auth.organization.id, userId: auth.user.id };
  return scoped(context, auth, async (tx) => ({
    preferences: await preferencesOf(tx, member.organizationId, member.userId, auth.membership.role),
    calendarSince: await hasCalendarFeed(tx, member),
  }));
}

const PreferencesSchema = z.object({
  kinds: z.array(z.enum(DEADLINE_KINDS)).default([]),
  email: z.literal("on").optional(),
  personalEmail: z.literal("on").optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requireDeadlineReader(auth);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const member = { organizationId: auth.organization.id, userId: auth.user.id };
  const intent = formData.get("intent");
  if (intent === "calendar") {
    const token = await scoped(context, auth, (tx) => createCalendarFeed(tx, { ...member, actor: actorOf(auth) }));
    const origin = getConfig().publicUrl ?? new URL(request.url).origin;
    return { calendarUrl: `${origin}/calendar/${token}.ics`, saved: false };
  }
  if (intent === "revoke-calendar") {
    await scoped(context, auth, (tx) => revokeCalendarFeed(tx, { ...member, actor: actorOf(auth) }));
    return { calendarUrl: null, saved: false };
  }
  const parsed = PreferencesSchema.safeParse({
    kinds: formData.getAll("kinds"),
    email: formData.get("email") ?? undefined,
    personalEmail: formData.get("personalEmail") ?? undefined,
  });
  if (!parsed.success) return data({ calendarUrl: null, saved: false }, { status: 400 });
  await scoped(context, auth, (tx) =>
    savePreferences(tx, {
      ...member,
      kinds: parsed.data.kinds,
      email: parsed.data.email === "on",
      personalEmail: parsed.data.personalEmail === "on",
    }),
  );
  return { calendarUrl: null, saved: true };
}

export default function NotificationSettingsPage() {
  const { t } = useTranslation();
  const { preferences, calendarSince } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("deadlines.preferences")} description={t("deadlines.preferencesBody")} />
      <Form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="preferences" />
        {actionData?.saved ? (
          <p className="alert alert-success" role="status">
            {t("controls.saved")}
          </p>
        ) : null}
        <fieldset className="checkboxes">
          <legend>{t("deadlines.whatToHear")}</legend>
          {DEADLINE_KINDS.map((kind) => (
            <label key={kind}>
              <input type="checkbox" name="kinds" value={kind} defaultChecked={preferences.kinds.includes(kind)} />{" "}
              {t(DEADLINE_KIND_LABEL[kind])}
            </label>
          ))}
        </fieldset>
        <label className="inline-check">
          <input type="checkbox" name="email" defaultChecked={preferences.email} /> {t("deadlines.byEmail")}
        </label>
        <p className="field-hint">{t("deadlines.thresholdsHint")}</p>
        <label className="inline-check">
          <input type="checkbox" name="personalEmail" defaultChecked={preferences.personalEmail} aria-describedby="personal-email-hint" />{" "}
          {t("deadlines.personalByEmail")}
        </label>
        <p className="field-hint" id="personal-email-hint">
          {t("deadlines.personalByEmailHint")}
        </p>
        <button type="submit" className="button primary">
          {t("common.save")}
        </button>
      </Form>
      <section aria-labelledby="calendar">
        <h2 id="calendar">{t("deadlines.calendar")}</h2>
        <p>{t("deadlines.calendarBody")}</p>
        {actionData?.calendarUrl ? (
          <div className="alert alert-success" role="status">
            <label htmlFor="calendar-url">{t("deadlines.calendarUrl")}</label>
            <input
              id="calendar-url"
              readOnly
              value={actionData.calendarUrl}
              className="copyable"
              onFocus={(e) => e.currentTarget.select()}
            />
            <p className="small">{t("deadlines.calendarOnce")}</p>
          </div>
        ) : calendarSince ? (
          <p className="muted">
            {t("deadlines.calendarActive")} <DateTime value={calendarSince} />
          </p>
        ) : null}
        <div className="form-actions">
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="calendar" />
            <button type="submit" className="button">
              {calendarSince ? t("deadlines.calendarRenew") : t("deadlines.calendarCreate")}
            </button>
          </Form>
          {calendarSince && !actionData?.calendarUrl ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="revoke-calendar" />
              <button type="submit" className="button danger">
                {t("deadlines.calendarRevoke")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deadlines.preferences");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
