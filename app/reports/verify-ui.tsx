import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PdfVerification } from "./pdf-signature";
import type { PublicVerification } from "./attestations.server";

export type UploadOutcome =
  { error: string } | { check: { valid: boolean; reason?: string; kid?: string; code?: string }; sameFile: boolean; matchesCode: boolean };

/** What a PDF check may tell the public page: never the payload beyond the code it names. */
export function uploadOutcome(result: { check: PdfVerification; sameFile: boolean }, expectedCode: string | null): UploadOutcome {
  const { check } = result;
  const code = check.payload?.code;
  return {
    check: {
      valid: check.valid,
      ...(check.valid ? {} : { reason: check.reason }),
      ...(check.kid ? { kid: check.kid } : {}),
      ...(code ? { code } : {}),
    },
    sameFile: result.sameFile,
    matchesCode: expectedCode === null || code === expectedCode,
  };
}

export function VerificationRecord({ record }: { record: PublicVerification }) {
  const { t } = useTranslation();
  return (
    <>
      {record.status === "valid" ? (
        <p className="alert alert-success" role="status">
          <strong>{t("reports.verify.genuine")}</strong> — <code>{record.code}</code>
        </p>
      ) : (
        <div className="alert alert-error" role="status">
          <strong>{t("reports.verify.revokedTitle")}</strong> — <code>{record.code}</code>
          <p>
            {t("reports.verify.revokedBody", { date: record.revoked_at?.slice(0, 16).replace("T", " "), reason: record.revocation_reason })}
          </p>
        </div>
      )}
      <dl className="details">
        <dt>{t("reports.verify.issuer")}</dt>
        <dd>{record.issuer.name}</dd>
        <dt>{t("reports.verify.tenant")}</dt>
        <dd>{record.tenant.name}</dd>
        <dt>{t("reports.verify.attestedAt")}</dt>
        <dd>{record.attested_at.slice(0, 16).replace("T", " ")}</dd>
        <dt>{t("reports.verify.issuedAt")}</dt>
        <dd>{record.issued_at.slice(0, 16).replace("T", " ")}</dd>
        <dt>{t("reports.verify.key")}</dt>
        <dd>
          <code>{record.kid}</code> (<a href="/.well-known/attest-keys.json">attest-keys.json</a>)
        </dd>
        <dt>{t("reports.verify.sha256")}</dt>
        <dd>
          <code className="wrap">{record.sha256}</code>
        </dd>
      </dl>
    </>
  );
}

export function UploadCheck({ outcome }: { outcome: UploadOutcome | undefined }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="upload-check">
      <h2 id="upload-check">{t("reports.verify.uploadTitle")}</h2>
      <p className="muted">{t("reports.verify.uploadBody")}</p>
      {outcome && "check" in outcome ? <UploadResult outcome={outcome} /> : null}
      <Form method="post" encType="multipart/form-data" className="form">
        <div className="field">
          <label htmlFor="verify-file">{t("reports.verify.uploadLabel")}</label>
          <input
            id="verify-file"
            name="file"
            type="file"
            accept="application/pdf"
            required
            aria-invalid={outcome && "error" in outcome ? true : undefined}
            aria-describedby={outcome && "error" in outcome ? "verify-file-error" : undefined}
          />
          {outcome && "error" in outcome ? (
            <p id="verify-file-error" className="field-error">
              {t(outcome.error)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t("reports.verify.upload")}
        </button>
      </Form>
    </section>
  );
}

function UploadResult({ outcome }: { outcome: Extract<UploadOutcome, { check: unknown }> }) {
  const { t } = useTranslation();
  const { check } = outcome;
  if (!check.valid) {
    return (
      <p className="alert alert-error" role="status" data-testid="upload-result">
        {t(`reports.verify.reasons.${check.reason ?? "malformed"}`)}
      </p>
    );
  }
  if (!outcome.matchesCode) {
    return (
      <p className="alert alert-error" role="status" data-testid="upload-result">
        {t("reports.verify.fileSignedOther", { code: check.code })}
      </p>
    );
  }
  return (
    <p className={outcome.sameFile ? "alert alert-success" : "alert alert-error"} role="status" data-testid="upload-result">
      {outcome.sameFile ? t("reports.verify.fileGenuine", { kid: check.kid }) : t("reports.verify.reasons.altered")}
    </p>
  );
}
