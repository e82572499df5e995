import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { acceptRisk } from "../risks/accept-risk.server";
import { RiskScore } from "../risks/heat-map";
import { getRisk } from "../risks/risks.server";
import { scaleOf } from "../risks/save-risk.server";
import { formFieldErrors } from "../risks/risk-form.server";
import { AcceptanceSchema } from "../risks/risk-schema";
import { CsrfInput, FormError, TextAreaField, TextField, useFocusFirstError } from "../ui/forms";
import { PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";

/** ISO/IEC 27001 6.1.3 f: the risk owner accepts the residual risk, until a day; anyone else is told who may. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const riskId = requireUuidParam(params.riskId);
  const organizationId = auth.organization.id;
  return scoped(context, auth, async (tx) => {
    const found = await getRisk(tx, { organizationId, riskId });
    if (!found || found.risk.archivedAt) throw notFound();
    const { risk } = found;
    return {
      risk: { id: risk.id, reference: risk.reference, title: risk.title, treatment: risk.treatment, nextReviewOn: risk.nextReviewOn },
      residual: { likelihood: risk.residualLikelihood, impact: risk.residualImpact },
      scale: await scaleOf(tx, { organizationId }),
      ownerName: found.ownerName,
      isOwner: risk.ownerUserId === auth.user.id,
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Risk");
  const riskId = requireUuidParam(params.riskId);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: AcceptanceSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    acceptRisk(tx, { organizationId: auth.organization.id, actor: actorOf(auth), riskId, input: submission.value }),
  );
  if (!outcome) throw notFound();
  if (!outcome.ok) {
    const errors = formFieldErrors(outcome.fieldErrors ?? {});
    // The owner and the treatment are the risk's, not this form's: they are said above the form.
    const { expiresOn, ...aboutTheRisk } = errors;
    return data(
      { result: submission.reply({ fieldErrors: expiresOn ? { expiresOn } : {}, formErrors: Object.values(aboutTheRisk).flat() }) },
      { status: 400 },
    );
  }
  return redirect(`/risks/${riskId}`);
}

export default function AcceptRiskPage() {
  const { t } = useTranslation();
  const { risk, residual, scale, ownerName, isOwner } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "accept",
    lastResult: actionData?.result,
    defaultValue: { expiresOn: risk.nextReviewOn ?? "" },
    constraint: getZodConstraint(AcceptanceSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptanceSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  const blocked = !isOwner ? "risks.accept.notOwner" : risk.treatment !== "retain" ? "risks.accept.notRetained" : null;
  return (
    <>
      <PageHeader title={t("risks.accept.title", { reference: risk.reference })} />
      <p>
        {t("risks.accept.body", { title: risk.title })}{" "}
        <RiskScore likelihood={residual.likelihood} impact={residual.impact} scale={scale} />
      </p>
      {blocked ? (
        <p className="alert alert-info" role="note">
          {t(blocked, { name: ownerName ?? t("risks.register.noOwner") })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="form">
        <CsrfInput />
        <FormError id={form.errorId} errors={form.errors} />
        <TextField meta={fields.expiresOn} label={t("risks.accept.expiresOn")} hint={t("risks.accept.expiresOnHint")} type="date" />
        <TextAreaField meta={fields.note} label={t("risks.accept.note")} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={blocked !== null}>
            {t("risks.accept.confirm")}
          </button>
          <Link to={`/risks/${risk.id}`}>{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.risks");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
