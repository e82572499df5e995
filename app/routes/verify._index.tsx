import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { VerificationCode } from "../reports/attestation-input";
import { checkUploadedPdf } from "../reports/verify-request.server";
import { UploadCheck, VerdictBanner, VerificationDetails } from "../reports/verify-ui";
import { AuthCard } from "../ui/auth-card";
import { messageText } from "../i18n/keys";

/** GET /verify?code=… — public: a code typed from a printed page leads to its verification page. */
export function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code");
  if (code === null) return { error: null };
  const parsed = VerificationCode.safeParse(code);
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  throw redirect(`/verify/${parsed.data}`);
}

/** POST /verify — checks an uploaded PDF without a code: the code its signature names, and whether Attest issued those bytes under it. */
export async function action({ request, context }: ActionFunctionArgs) {
  return checkUploadedPdf(request, context, null);
}

export default function VerifyPage() {
  const { t } = useTranslation();
  const { error } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const verification = outcome && "verification" in outcome ? outcome.verification : null;
  return (
    <AuthCard title={t("reports.verify.title")} intro={t("reports.verify.description")}>
      {verification ? (
        <div className="verify-result">
          <VerdictBanner verification={verification} />
          <VerificationDetails verification={verification} />
        </div>
      ) : null}
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="verify-code">{t("reports.verify.codeLabel")}</label>
          <p id="verify-code-hint" className="field-hint">
            {t("reports.verify.codeHint")}
          </p>
          <input
            id="verify-code"
            name="code"
            required
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "verify-code-hint verify-code-error" : "verify-code-hint"}
          />
          {error ? (
            <p id="verify-code-error" className="field-error">
              {messageText(t, error)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button primary">
          {t("reports.verify.lookUp")}
        </button>
      </Form>
      <UploadCheck error={outcome && "error" in outcome ? outcome.error : null} />
    </AuthCard>
  );
}

export const meta: MetaFunction = () => [{ title: "Attest — verify" }];
