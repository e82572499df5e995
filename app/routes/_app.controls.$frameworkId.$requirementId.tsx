import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CONTROL_STATUSES } from "../../db/schema/controls";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { frameworkShortName, localText, originalText } from "../controls/catalogue.server";
import { ControlFormSchema, evidenceFormSchema, MAX_EVIDENCE_BYTES } from "../controls/control-schema";
import { addEvidence, automatedCounts, controlDetail, EvidenceRefused, ownerChoices, updateControl } from "../controls/controls.server";
import { AttentionReasons } from "../controls/status-ui";
import { sniffEvidenceType } from "../controls/sniff.server";
import { controlPath } from "../controls/soa-query";
import { cleanFileName } from "../files/file-name";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { DateTime } from "../ui/format";
import { CsrfInput, FieldErrors, FormError, SelectField, TextAreaField, TextField, useFocusFirstError } from "../ui/forms";
import { actorText } from "../audit/audit-code";
import { PageHeader } from "../ui/layout";
import * as clock from "../config/clock";
import { AUTOMATED_STATE_LABEL, CONTROL_STATUS_LABEL } from "../i18n/labels";

const today = clock.today;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Control");
  const locale = await detectLocale(request);
  const organizationId = auth.organization.id;
  const found = await scoped(context, auth, async (tx) => ({
    detail: await controlDetail(tx, {
      organizationId,
      frameworkId: params.frameworkId ?? "",
      requirementId: params.requirementId ?? "",
      today: today(),
    }),
    owners: await ownerChoices(tx, { organizationId }),
  }));
  if (!found.detail) throw notFound();
  const { detail } = found;
  const day = today();
  return {
    today: day,
    framework: { id: detail.framework.id, name: localText(detail.framework.name, locale) },
    requirement: {
      id: detail.requirement.id,
      title: localText(detail.requirement.title, locale),
      // SecNumCloud's titles are ANSSI's French: an English reader sees the original beside our translation.
      original: originalText(detail.framework, detail.requirement.title, locale),
      theme: localText(detail.framework.themes.find((th) => th.id === detail.requirement.theme)!.name, locale),
    },
    record: detail.record,
    declared: detail.declared,
    status: detail.status,
    reasons: detail.reasons,
    summary: detail.summary,
    evidence: detail.evidence.map((e) => ({
      ...e,
      current: detail.current.has(e.id),
      expired: e.expiresOn !== null && e.expiresOn < day,
      // Recorded before dates after today were refused: shown, never counted (summariseEvidence skips it).
      notYetInEffect: e.evidenceDate > day,
    })),
    linked: detail.linked.map((l) => ({
      ...l,
      title: localText(l.title, locale),
      frameworkName: frameworkShortName(l.frameworkId, locale),
    })),
    owners: found.owners,
    automated: { ...detail.automated, ...automatedCounts(detail.automated) },
    canReadPolicies: auth.ability.can("read", "Policy"),
    canEdit: auth.ability.can("update", "Control"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Control");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_EVIDENCE_BYTES + 1024 * 1024) {
    return data({ form: "evidence" as const, result: null, fileError: "controls.fileTooLarge" }, { status: 413 });
  }
  const formData = await request.formData();
  assertCsrf(request, formData);
  const frameworkId = params.frameworkId ?? "";
  const requirementId = params.requirementId ?? "";
  const organizationId = auth.organization.id;
  const exists = await scoped(context, auth, (tx) => controlDetail(tx, { organizationId, frameworkId, requirementId, today: today() }));
  if (!exists) throw notFound();
  if (formData.get("intent") === "evidence") {
    const submission = parseWithZod(formData, { schema: evidenceFormSchema(today()) });
    const file = formData.get("file");
    let upload: { bytes: Buffer; fileName: string; contentType: string } | undefined;
    let fileError: string | null = null;
    if (submission.status === "success" && submission.value.kind === "file") {
      if (!(file instanceof File) || file.size === 0) fileError = "inventory.import.fileRequired";
      else if (file.size > MAX_EVIDENCE_BYTES) fileError = "controls.fileTooLarge";
      else {
        const bytes = Buffer.from(await file.arrayBuffer());
        const contentType = await sniffEvidenceType(bytes);
        if (!contentType) fileError = "controls.fileType";
        else upload = { bytes, fileName: cleanFileName(file.name), contentType };
      }
    }
    if (submission.status !== "success" || fileError) {
      return data({ form: "evidence" as const, result: submission.reply(), fileError }, { status: 400 });
    }
    const added = await scoped(context, auth, (tx) =>
      addEvidence(tx, {
        organizationId,
        actor: actorOf(auth),
        frameworkId,
        requirementId,
        input: submission.value,
        ...(upload ? { upload } : {}),
      }),
    ).catch((error: unknown) => {
      // The form's own rules, judged again by the service (e.g. across midnight): answered as a field error.
      if (error instanceof EvidenceRefused) return error;
      throw error;
    });
    if (added instanceof EvidenceRefused) {
      const result = submission.reply({ fieldErrors: { [added.field]: [added.key] } });
      return data({ form: "evidence" as const, result, fileError: null }, { status: 400 });
    }
    if (!added) throw notFound();
    return { form: "evidence" as const, result: submission.reply({ resetForm: true }), fileError: null };
  }
  const submission = parseWithZod(formData, { schema: ControlFormSchema });
  if (submission.status !== "success")
    return data({ form: "control" as const, result: submission.reply(), fileError: null }, { status: 400 });
  await scoped(context, auth, (tx) =>
    updateControl(tx, { organizationId, actor: actorOf(auth), frameworkId, requirementId, input: submission.value }),
  );
  return { form: "control" as const, result: submission.reply(), fileError: null, saved: true };
}

function ControlForm() {
  const { t } = useTranslation();
  const { record, owners, declared, status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.form === "control" ? actionData.result : undefined;
  const [form, fields] = useForm({
    id: "control",
    lastResult,
    defaultValue: {
      applicable: record.applicable ? "yes" : "no",
      justification: record.justification,
      status: record.status,
      ownerUserId: record.ownerUserId ?? "",
      reviewIntervalMonths: String(record.reviewIntervalMonths),
      nextReviewOn: record.nextReviewOn ?? "",
    },
    constraint: getZodConstraint(ControlFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ControlFormSchema }),
  });
  useFocusFirstError(form.id, lastResult);
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <CsrfInput />
      <input type="hidden" name="intent" value="control" />
      <FormError id={form.errorId} errors={form.errors} />
      {actionData && "saved" in actionData ? (
        <p className="alert alert-success" role="status">
          {t("controls.saved")}
        </p>
      ) : null}
      <SelectField
        meta={fields.applicable}
        label={t("controls.applicable")}
        options={[
          { value: "yes", label: t("controls.yes") },
          { value: "no", label: t("controls.no") },
        ]}
      />
      <TextAreaField meta={fields.justification} label={t("controls.justification")} hint={t("controls.justificationHint")} />
      <SelectField
        meta={fields.status}
        label={t("controls.declaredStatus")}
        hint={
          status !== declared
            ? t("controls.declaredStatusHintDiffers", { status: t(CONTROL_STATUS_LABEL[status]) })
            : t("controls.declaredStatusHint")
        }
        options={CONTROL_STATUSES.map((s) => ({ value: s, label: t(CONTROL_STATUS_LABEL[s]) }))}
      />
      <SelectField
        meta={fields.ownerUserId}
        label={t("controls.owner")}
        placeholder={t("controls.noOwner")}
        options={owners.map((o) => ({ value: o.id, label: o.name }))}
      />
      <TextField meta={fields.reviewIntervalMonths} label={t("controls.reviewInterval")} />
      <TextField meta={fields.nextReviewOn} label={t("controls.nextReview")} type="date" />
      <button type="submit" className="button primary">
        {t("common.save")}
      </button>
    </Form>
  );
}

function EvidenceForm() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { evidence, today } = useLoaderData<typeof loader>();
  const lastResult = actionData?.form === "evidence" ? actionData.result : undefined;
  // The server's day, so that the browser judges "not later than today" as the server will.
  const schema = evidenceFormSchema(today);
  const [form, fields] = useForm({
    id: "evidence",
    lastResult: lastResult ?? undefined,
    defaultValue: { kind: "link", evidenceDate: today },
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  useFocusFirstError(form.id, lastResult);
  const lineages = evidence.filter((e) => e.current);
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form">
      <CsrfInput />
      <input type="hidden" name="intent" value="evidence" />
      <FormError id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields.kind}
        label={t("controls.evidenceKind")}
        options={[
          { value: "link", label: t("controls.kindLink") },
          { value: "file", label: t("controls.kindFile") },
        ]}
      />
      <TextField meta={fields.title} label={t("controls.evidenceTitle")} />
      <TextField meta={fields.url} label={t("controls.url")} hint={t("controls.urlHint")} />
      <div className="field">
        <label htmlFor="evidence-file">{t("controls.file")}</label>
        <p className="field-hint">{t("controls.fileHint")}</p>
        <input
          id="evidence-file"
          name="file"
          type="file"
          aria-invalid={actionData?.fileError ? true : undefined}
          aria-describedby={actionData?.fileError ? "evidence-file-error" : undefined}
        />
        <FieldErrors id="evidence-file-error" errors={actionData?.fileError ? [actionData.fileError] : undefined} />
      </div>
      <TextField meta={fields.evidenceDate} label={t("controls.evidenceDate")} hint={t("controls.evidenceDateHint")} type="date" />
      <TextField meta={fields.expiresOn} label={t("controls.expiresOn")} hint={t("controls.expiresOnHint")} type="date" />
      <SelectField
        meta={fields.lineageId}
        label={t("controls.renews")}
        placeholder={t("controls.newEvidence")}
        options={lineages.map((e) => ({ value: e.lineageId, label: `${e.title} (v${e.version})` }))}
      />
      <button type="submit" className="button primary">
        {t("controls.addEvidence")}
      </button>
    </Form>
  );
}

export default function ControlPage() {
  const { t, i18n } = useTranslation();
  const { framework, requirement, status, declared, reasons, summary, evidence, linked, canEdit, record, automated, canReadPolicies } =
    useLoaderData<typeof loader>();
  const lang = i18n.language === "fr" ? "fr" : "en";
  return (
    <>
      <nav className="breadcrumbs" aria-label={t("controls.frameworks")}>
        <Link to={`/controls?framework=${encodeURIComponent(framework.id)}`}>{framework.name}</Link> / {requirement.theme}
      </nav>
      <PageHeader title={`${requirement.id} ${requirement.title}`} />
      {requirement.original ? (
        <p className="muted">
          {t("controls.originalTitleFr")} <span lang="fr">{requirement.original}</span>
        </p>
      ) : null}
      <section className={`status-summary ${status === "needs_attention" ? "alert alert-error" : ""}`} aria-labelledby="status-heading">
        {status === "needs_attention" ? (
          <>
            <h2 id="status-heading" className="status-heading">
              {t("controls.statuses.needs_attention")}
            </h2>
            <p>{t("controls.attentionNotice")}</p>
          </>
        ) : (
          <>
            <h2 id="status-heading" className="visually-hidden">
              {t("controls.status")}
            </h2>
            <p>
              <span className={`badge status-${status}`}>{t(CONTROL_STATUS_LABEL[status])}</span>
            </p>
            {reasons.length > 0 ? <p>{t("controls.otherReasons")}</p> : null}
          </>
        )}
        <AttentionReasons
          reasons={reasons}
          className="attention-reasons attention-reasons-detail"
          links={{
            automated_checks_failing: "#automated-heading",
            evidence_expired: "#evidence-heading",
            no_current_evidence: "#evidence-heading",
          }}
        />
      </section>
      <div className="diff-grid">
        <section aria-labelledby="assessment">
          <h2 id="assessment">{t("controls.assessment")}</h2>
          {canEdit ? (
            <ControlForm />
          ) : (
            <dl className="details">
              <dt>{t("controls.declaredStatus")}</dt>
              <dd>{t(CONTROL_STATUS_LABEL[declared])}</dd>
              <dt>{t("controls.applicable")}</dt>
              <dd>{record.applicable ? t("controls.yes") : t("controls.no")}</dd>
              <dt>{t("controls.justification")}</dt>
              <dd>{record.justification || "—"}</dd>
              <dt>{t("controls.nextReview")}</dt>
              <dd>{record.nextReviewOn ?? "—"}</dd>
            </dl>
          )}
        </section>
        <section aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{t("controls.evidence")}</h2>
          <p className="muted">{t("controls.evidenceSummary", { current: summary.current, expired: summary.expired })}</p>
          {evidence.length === 0 ? (
            <p className="muted">{t("controls.noEvidence")}</p>
          ) : (
            <ul className="plain-list">
              {evidence.map((e) => (
                <li key={e.id} className={e.current ? undefined : "muted"}>
                  <strong>{e.title}</strong> v{e.version}
                  {e.current ? "" : ` (${t("controls.superseded")})`} ·{" "}
                  {e.expiresOn
                    ? t("controls.datedUntil", { date: e.evidenceDate, until: e.expiresOn })
                    : t("controls.dated", { date: e.evidenceDate })}
                  {e.expired && e.current ? <span className="badge status-needs_attention"> {t("controls.expired")}</span> : null}
                  {e.notYetInEffect && e.current ? (
                    <span className="badge status-needs_attention"> {t("controls.notYetInEffect")}</span>
                  ) : null}{" "}
                  ·{" "}
                  {e.kind === "link" ? (
                    <a href={e.url ?? "#"} rel="noreferrer noopener" target="_blank">
                      {t("controls.open")}
                    </a>
                  ) : (
                    <a href={`/controls/evidence/${e.id}`} download>
                      {e.fileName ?? t("controls.download")}
                    </a>
                  )}{" "}
                  · {t("controls.addedBy", { author: actorText(t, e.authorLabel) })} <DateTime value={e.createdAt} />
                </li>
              ))}
            </ul>
          )}
          {canEdit ? (
            <>
              <h3>{t("controls.addEvidence")}</h3>
              <EvidenceForm />
            </>
          ) : null}
          <h3 id="automated-heading">{t("controls.automated")}</h3>
          {automated.state === "none" ? (
            <p className="muted">{t("controls.noAutomated")}</p>
          ) : (
            <>
              <p>
                <span className={`badge automated-${automated.state}`}>
                  {t(AUTOMATED_STATE_LABEL[automated.state], { count: automated.failing })}
                </span>
              </p>
              <ul className="plain-list">
                {automated.policies.map((p) => (
                  <li key={p.id}>
                    {canReadPolicies ? <Link to={`/policies/${p.id}`}>{p.title[lang]}</Link> : p.title[lang]} ·{" "}
                    {t("controls.automatedCounts", { pass: p.pass, fail: p.fail + p.error })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {linked.length > 0 ? (
            <>
              <h3>{t("controls.linked")}</h3>
              <ul className="plain-list">
                {linked.map((l) => (
                  <li key={`${l.frameworkId}:${l.requirementId}`}>
                    <Link to={controlPath(l.frameworkId, l.requirementId)}>
                      {l.requirementId} {l.title}
                    </Link>{" "}
                    <span className="muted">({l.frameworkName})</span> ·{" "}
                    {t("controls.evidenceSummary", { current: l.evidence.current, expired: l.evidence.expired })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "controls.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
