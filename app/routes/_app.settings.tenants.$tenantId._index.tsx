import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { addResidencyEntry, removeResidencyEntry, residencyProfile } from "../agreements/agreements.server";
import { LOCATION_BLOCS, locationCodes } from "../agreements/content";
import { actorOf, notFound, requirePermission, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { isCountryCode, countryName } from "../i18n/countries";
import { errorsByField } from "../ui/form-errors";
import { CsrfInput } from "../ui/forms";
import { useTranslation } from "react-i18next";
import { subject } from "../auth/ability";
import { pageTitle } from "../i18n/meta";
import { requireTenant } from "../tenants/load-tenant.server";
import { actorText } from "../audit/audit-code";
import { locationNames } from "../agreements/location-names";
import { DateTime } from "../ui/format";
import { PageHeader } from "../ui/layout";
import { messageText } from "../i18n/keys";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { tenant, residency } = await scoped(context, auth, async (tx) => {
    const found = await requireTenant(tx, auth, params.tenantId, "read");
    return { tenant: found, residency: await residencyProfile(tx, { organizationId: auth.organization.id, tenantId: found.id }) };
  });
  return {
    tenant,
    residency,
    canUpdate: auth.ability.can("update", subject("Tenant", tenant)),
    canDelete: auth.ability.can("delete", subject("Tenant", tenant)),
    canReadAudit: auth.ability.can("read", "AuditLog"),
    canEditResidency: !auth.scope.tenantId && auth.ability.can("update", "Agreement"),
  };
}

const ResidencyForm = z.object({
  allowed: z
    .string()
    .transform(locationCodes)
    .refine(
      (codes) => codes.length > 0 && codes.every((c) => isCountryCode(c) || (LOCATION_BLOCS as readonly string[]).includes(c)),
      "agreements.locationInvalid",
    ),
  justification: z.string().trim().min(10, "agreements.justificationRequired").max(2000),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Agreement");
  if (auth.scope.tenantId) throw new Response("Forbidden", { status: 403 });
  const formData = await request.formData();
  assertCsrf(request, formData);
  const actor = actorOf(auth);
  const organizationId = auth.organization.id;
  // Another organisation's (or an unknown) tenant is not found, whatever the form says.
  await scoped(context, auth, (tx) => requireTenant(tx, auth, params.tenantId, "read"));
  if (formData.get("intent") === "remove-residency") {
    const entryId = z.uuid().safeParse(formData.get("entryId"));
    if (!entryId.success) throw notFound();
    const removed = await scoped(context, auth, async (tx) => {
      const tenant = await requireTenant(tx, auth, params.tenantId, "read");
      return removeResidencyEntry(tx, { organizationId, actor, tenantId: tenant.id, entryId: entryId.data });
    });
    if (!removed) throw notFound();
    return { errors: {} as Record<string, string> };
  }
  const parsed = ResidencyForm.safeParse({ allowed: formData.get("allowed") ?? "", justification: formData.get("justification") ?? "" });
  if (!parsed.success) {
    return data({ errors: errorsByField(parsed.error.issues) }, { status: 400 });
  }
  await scoped(context, auth, async (tx) => {
    const tenant = await requireTenant(tx, auth, params.tenantId, "read");
    return addResidencyEntry(tx, { organizationId, actor, tenantId: tenant.id, ...parsed.data });
  });
  return { errors: {} as Record<string, string> };
}

function ResidencyManualForm() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  return (
    <Form method="post" className="form">
      <CsrfInput />
      <input type="hidden" name="intent" value="add-residency" />
      <div className="field">
        <label htmlFor="residency-allowed">{t("agreements.residencyAdd")}</label>
        <p className="field-hint">{t("agreements.fields.dataLocationHint")}</p>
        <input
          id="residency-allowed"
          name="allowed"
          aria-invalid={errors.allowed ? true : undefined}
          aria-describedby={errors.allowed ? "residency-allowed-error" : undefined}
        />
        {errors.allowed ? (
          <p id="residency-allowed-error" className="field-error">
            {messageText(t, errors.allowed)}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="residency-justification">{t("controls.justification")}</label>
        <textarea
          id="residency-justification"
          name="justification"
          rows={2}
          aria-invalid={errors.justification ? true : undefined}
          aria-describedby={errors.justification ? "residency-justification-error" : undefined}
        />
        {errors.justification ? (
          <p id="residency-justification-error" className="field-error">
            {messageText(t, errors.justification)}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {t("agreements.residencyAddButton")}
      </button>
    </Form>
  );
}

export default function TenantPage() {
  const { t, i18n } = useTranslation();
  const { tenant, residency, canUpdate, canDelete, canReadAudit, canEditResidency } = useLoaderData<typeof loader>();
  const actions = (
    <>
      {canUpdate ? (
        <Link to="edit" className="button">
          {t("common.edit")}
        </Link>
      ) : null}
      {canDelete ? (
        <Link to="delete" className="button danger">
          {t("common.delete")}
        </Link>
      ) : null}
    </>
  );
  return (
    <>
      <PageHeader title={tenant.legalName} actions={actions} />
      <dl className="details">
        <dt>{t("tenants.fields.slug")}</dt>
        <dd>
          <code>{tenant.slug}</code>
        </dd>
        <dt>{t("tenants.fields.country")}</dt>
        <dd>{countryName(tenant.country, i18n.language)}</dd>
        <dt>{t("tenants.fields.registrationNumber")}</dt>
        <dd>{tenant.registrationNumber}</dd>
        <dt>{t("tenants.fields.updatedAt")}</dt>
        <dd>
          <DateTime value={tenant.updatedAt} />
        </dd>
      </dl>
      <h2>{t("tenants.fields.contacts")}</h2>
      <ul className="plain-list">
        {tenant.contacts.map((c) => (
          <li key={c.email}>
            {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
            {c.role ? ` · ${c.role}` : ""}
          </li>
        ))}
      </ul>
      <section aria-labelledby="residency">
        <h2 id="residency">{t("agreements.residency")}</h2>
        <p className="muted">{t("agreements.residencyBody")}</p>
        <p>
          <strong>{t("agreements.residencyAllowed")}:</strong>{" "}
          {residency.allowedCountries.map((c) => countryName(c, i18n.language)).join(", ") || "—"}
        </p>
        <ul className="plain-list">
          {residency.entries.map((e, i) =>
            e.source === "default" ? (
              <li key={i}>{t("agreements.residencyDefault")}</li>
            ) : e.source === "manual" ? (
              <li key={i}>
                {locationNames(t, e.allowed, i18n.language)} — {t("agreements.residencyManual", { author: actorText(t, e.author ?? "") })}:{" "}
                <em>{e.justification}</em>
                {canEditResidency ? (
                  <details className="inline-confirm">
                    <summary>{t("common.remove")}</summary>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="remove-residency" />
                      <input type="hidden" name="entryId" value={e.entryId} />
                      <button type="submit" className="button small danger">
                        {t("agreements.residencyRemoveConfirm")}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ) : (
              <li key={i}>
                {locationNames(t, e.allowed, i18n.language)} —{" "}
                <Link to={`/agreements/${e.agreementId}`}>{t("agreements.residencyFrom", { title: e.title, version: e.version })}</Link>
              </li>
            ),
          )}
        </ul>
        {canEditResidency ? <ResidencyManualForm /> : null}
      </section>
      {canReadAudit ? (
        <p>
          <Link to={`/audit?entityType=tenant&entityId=${tenant.id}`}>{t("tenants.history")}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/settings/tenants">{t("tenants.backToList")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenants.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
