import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { SEVERITY_LABEL } from "../i18n/labels";
import { pageTitle } from "../i18n/meta";
import { fourEyesSeverities, setFourEyesSeverities } from "../policy-engine/exception-requests.server";
import { SEVERITIES } from "../policy-engine/policy-schema";
import { CsrfInput, FieldErrors } from "../ui/forms";
import { LanguageSwitch } from "../ui/language-switch";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const canManageFourEyes = auth.ability.can("update", "Organization");
  return {
    canManageFourEyes,
    fourEyes: canManageFourEyes
      ? await scoped(context, auth, (tx) => fourEyesSeverities(tx, { organizationId: auth.organization.id }))
      : [],
    canReadTenants: auth.ability.can("read", "Tenant"),
    canReadMembers: auth.ability.can("read", "Membership"),
    canReadTokens: auth.ability.can("read", "ApiToken"),
    canManageKeys: auth.ability.can("update", "Organization"),
    canReadRisks: auth.ability.can("read", "Risk"),
    hearsDeadlines: auth.ability.can("read", "Permit") || auth.ability.can("read", "Control"),
    user: auth.user,
  };
}

/** The severities whose exceptions need a second person (none at all is allowed: every exception granted directly). */
const FourEyesSchema = z.object({
  intent: z.literal("four-eyes", { error: "validation.invalid" }),
  severity: z.array(z.enum(SEVERITIES, { error: "validation.invalid" })).max(SEVERITIES.length),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Organization");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const parsed = FourEyesSchema.safeParse({ intent: formData.get("intent"), severity: formData.getAll("severity") });
  if (!parsed.success) return data({ saved: false, errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  await scoped(context, auth, (tx) =>
    setFourEyesSeverities(tx, { organizationId: auth.organization.id, actor: actorOf(auth), severities: parsed.data.severity }),
  );
  return { saved: true, errors: null };
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const { canReadTenants, canReadMembers, canReadTokens, canManageKeys, canReadRisks, hearsDeadlines, user, canManageFourEyes, fourEyes } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
        {canReadRisks ? (
          <Link to="/settings/risk-scale" className="card">
            <strong>{t("risks.scale.title")}</strong>
            <span>{t("risks.scale.cardBody")}</span>
          </Link>
        ) : null}
        {hearsDeadlines ? (
          <Link to="/settings/notifications" className="card">
            <strong>{t("deadlines.preferences")}</strong>
            <span>{t("deadlines.preferencesBody")}</span>
          </Link>
        ) : null}
      </div>
      {canManageFourEyes ? (
        <section aria-labelledby="four-eyes">
          <h2 id="four-eyes">{t("settings.fourEyes.title")}</h2>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="four-eyes" />
            <fieldset aria-describedby="four-eyes-hint">
              <legend className="visually-hidden">{t("settings.fourEyes.title")}</legend>
              <p id="four-eyes-hint" className="field-hint">
                {t("settings.fourEyes.hint")}
              </p>
              {SEVERITIES.map((s) => (
                <label key={s} className="checkbox">
                  <input type="checkbox" name="severity" value={s} defaultChecked={fourEyes.includes(s)} /> {t(SEVERITY_LABEL[s])}
                </label>
              ))}
              <FieldErrors id="four-eyes-error" errors={result?.errors ?? undefined} />
            </fieldset>
            <button type="submit" className="button primary">
              {t("settings.fourEyes.save")}
            </button>
            {result?.saved ? (
              <p className="alert alert-success" role="status">
                {t("settings.fourEyes.saved")}
              </p>
            ) : null}
          </Form>
        </section>
      ) : null}
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
