import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, notFound, requirePermission, requireAuth, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { readUpload, tooLarge } from "../files/upload.server";
import { DocumentsSection } from "../files/documents-section";
import { useTranslation } from "react-i18next";
import { pageTitle } from "../i18n/meta";
import { requirePermit } from "../permits/load-permit.server";
import { renewalDue } from "../permits/permit-schema";
import { addPermitDocument, attentionOf, listPermitDocuments } from "../permits/permits.server";
import { PageHeader } from "../ui/layout";
import { formatQuantity } from "../ui/numbers";
import * as clock from "../config/clock";
import { PERMIT_ATTENTION_LABEL, PERMIT_STATUS_LABEL, PERMIT_TYPE_LABEL } from "../i18n/labels";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { permit, siteName, documents } = await scoped(context, auth, async (tx) => {
    const found = await requirePermit(tx, auth, params.permitId, "read");
    return { ...found, documents: await listPermitDocuments(tx, { organizationId: auth.organization.id, permitId: found.permit.id }) };
  });
  return {
    documents,
    permit,
    siteName,
    renewalDue: renewalDue(permit.type, permit.expiresOn),
    attention: attentionOf(permit, clock.today()),
    canEdit: !permit.archivedAt && auth.ability.can("update", "Permit"),
    canReadAudit: auth.ability.can("read", "AuditLog"),
  };
}

const DocumentTitle = z.string().trim().min(1).max(300);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Permit");
  if (tooLarge(request)) return data({ error: "controls.fileTooLarge" }, { status: 413 });
  const formData = await request.formData();
  assertCsrf(request, formData);
  const title = DocumentTitle.safeParse(formData.get("title"));
  if (!title.success) return data({ error: "agreements.documentTitleRequired" }, { status: 400 });
  const read = await readUpload(formData, "file");
  if ("error" in read) return data({ error: read.error }, { status: 400 });
  const added = await scoped(context, auth, async (tx) => {
    const { permit } = await requirePermit(tx, auth, params.permitId, "update");
    return addPermitDocument(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      permitId: permit.id,
      title: title.data,
      upload: read.upload,
    });
  });
  if (!added) throw notFound();
  return { error: null };
}

function PermitDocuments() {
  const { t } = useTranslation();
  const { documents, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <DocumentsSection
      documents={documents}
      downloadPath={(id) => `/permits/documents/${id}`}
      canUpload={canEdit}
      error={actionData?.error}
      fileLabel={t("permits.documentFile")}
      submitLabel={t("permits.attach")}
    />
  );
}

export default function PermitPage() {
  const { t, i18n } = useTranslation();
  const { permit, siteName, renewalDue: due, attention, canEdit, canReadAudit } = useLoaderData<typeof loader>();
  const c = permit.conditions;
  const number = (v: number | undefined, unit: string) => (v === undefined ? "—" : formatQuantity(v, unit, i18n.language));
  return (
    <>
      <PageHeader
        title={`${t(PERMIT_TYPE_LABEL[permit.type])} · ${permit.reference}`}
        description={siteName}
        actions={
          canEdit ? (
            <>
              <Link to="edit" className="button">
                {t("common.edit")}
              </Link>
              <Link to="archive" className="button danger">
                {t("permits.archive")}
              </Link>
            </>
          ) : undefined
        }
      />
      {permit.archivedAt ? <p className="alert alert-info">{t("permits.archivedNotice")}</p> : null}
      {attention ? (
        <p className="alert alert-error" role="status">
          {t(PERMIT_ATTENTION_LABEL[attention])}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("permits.authority")}</dt>
        <dd>{permit.authority}</dd>
        <dt>{t("permits.status")}</dt>
        <dd>{t(PERMIT_STATUS_LABEL[permit.status])}</dd>
        <dt>{t("permits.issuedOn")}</dt>
        <dd>{permit.issuedOn ?? "—"}</dd>
        <dt>{t("permits.expiresOn")}</dt>
        <dd>{permit.expiresOn ?? t("permits.noExpiry")}</dd>
        <dt>{t("permits.renewalDue")}</dt>
        <dd>{due ?? "—"}</dd>
      </dl>
      <h2>{t("permits.conditions")}</h2>
      <dl className="details">
        <dt>{t("permits.maxPowerMw")}</dt>
        <dd>{number(c.max_power_mw, "MW")}</dd>
        <dt>{t("permits.maxGeneratorHours")}</dt>
        <dd>{number(c.max_generator_hours_per_year, "h")}</dd>
        <dt>{t("permits.maxNoiseDb")}</dt>
        <dd>{number(c.max_noise_db, "dB(A)")}</dd>
        <dt>{t("permits.maxWaterM3")}</dt>
        <dd>{number(c.max_water_m3_per_year, "m³")}</dd>
        <dt>{t("permits.conditionsText")}</dt>
        <dd className="wrap">{c.text ?? "—"}</dd>
      </dl>
      <PermitDocuments />
      <p>
        {canReadAudit ? <Link to={`/audit?entityType=permit&entityId=${permit.id}`}>{t("permits.history")}</Link> : null} ·{" "}
        <Link to="/permits">{t("permits.back")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.permits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
