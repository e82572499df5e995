import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { withSystem } from "../../db/connection.server";
import { verifyDocument } from "../reports/verify-document.server";
import { checkUploadedPdf } from "../reports/verify-request.server";
import { UploadCheck, VerdictBanner, VerificationDetails } from "../reports/verify-ui";
import { AuthCard } from "../ui/auth-card";

/** GET /verify/{code} — public: is the document with this code genuine, who issued it, when, is it revoked. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const verification = await withSystem(context.db, (tx) => verifyDocument(tx, { code: params.code ?? "", pdf: null }));
  if (verification.verdict === "unknown_code") return data({ verification }, { status: 404 });
  return { verification };
}

/** POST /verify/{code} — checks an uploaded file against this code's record, byte for byte: one verdict for both. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return checkUploadedPdf(request, context, params.code ?? "");
}

export default function VerifyCodePage() {
  const { t } = useTranslation();
  const { verification } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  // After an upload, the verdict is the file's against this code; before it, the code's alone.
  const shown = outcome && "verification" in outcome ? outcome.verification : verification;
  return (
    <AuthCard title={t("reports.verify.title")} intro={t("reports.verify.description")}>
      <VerdictBanner verification={shown} />
      <VerificationDetails verification={shown} />
      {verification.record ? <UploadCheck error={outcome && "error" in outcome ? outcome.error : null} /> : null}
      <p>
        <Link to="/verify">{t("reports.verify.lookUp")}</Link>
      </p>
    </AuthCard>
  );
}

export const meta: MetaFunction = () => [{ title: "Attest — verify" }];
