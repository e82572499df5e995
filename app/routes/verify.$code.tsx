import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { withSystem } from "../../db/connection.server";
import { VerificationCode } from "../reports/attestation-input";
import { verificationByCode } from "../reports/attestations.server";
import { checkUploadedPdf } from "../reports/verify-request.server";
import { UploadCheck, VerificationRecord } from "../reports/verify-ui";
import { AuthCard } from "../ui/auth-card";

/** GET /verify/{code} — public: is the document with this code genuine, who issued it, when, is it revoked. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const code = VerificationCode.safeParse(params.code ?? "");
  const record = code.success ? await withSystem(context.db, (tx) => verificationByCode(tx, code.data)) : null;
  if (!record) return data({ record: null, code: params.code ?? "" }, { status: 404 });
  return { record, code: record.code };
}

/** POST /verify/{code} — checks an uploaded file against this code's record, byte for byte. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const code = VerificationCode.safeParse(params.code ?? "");
  return checkUploadedPdf(request, context, code.success ? code.data : "");
}

export default function VerifyCodePage() {
  const { t } = useTranslation();
  const { record, code } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  return (
    <AuthCard title={t("reports.verify.title")} intro={t("reports.verify.description")}>
      {record ? (
        <VerificationRecord record={record} />
      ) : (
        <p className="alert alert-error" role="status">
          <code>{code}</code> — {t("reports.verify.notFound")}
        </p>
      )}
      {record ? <UploadCheck outcome={outcome} /> : null}
      <p>
        <Link to="/verify">{t("reports.verify.lookUp")}</Link>
      </p>
    </AuthCard>
  );
}

export const meta: MetaFunction = () => [{ title: "Attest — verify" }];
