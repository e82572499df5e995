import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DocumentVerification } from "./verify-document.server";
import { VERIFY_MISMATCH_LABEL } from "../i18n/labels";
import { messageText } from "../i18n/keys";

const utc = (iso: string | null | undefined) => iso?.slice(0, 16).replace("T", " ") ?? "";

/**
 * The one verdict of the page, at its top: it combines the code and the file checked (verify-verdict.ts). Only
 * `genuine` is green; a file that is not the document is red whatever the code's status.
 */
export function VerdictBanner({ verification }: { verification: DocumentVerification }) {
  const { t } = useTranslation();
  const { verdict, code, record, file, mismatch } = verification;
  // The reason as typed, without its own final full stop: the sentence around it has one.
  const revoked = { date: utc(record?.revoked_at), reason: (record?.revocation_reason ?? "").replace(/[.\s]+$/, "") };
  let title: string;
  let body: string[];
  switch (verdict) {
    case "genuine":
      title = t("reports.verify.verdicts.genuine.title");
      body = [file ? t("reports.verify.verdicts.genuine.file", { code }) : t("reports.verify.verdicts.genuine.codeOnly", { code })];
      break;
    case "revoked":
      title = t("reports.verify.verdicts.revoked.title");
      body = [
        file
          ? t("reports.verify.verdicts.revoked.file", { code, ...revoked })
          : t("reports.verify.verdicts.revoked.codeOnly", { code, ...revoked }),
      ];
      break;
    case "not_this_document":
      title = code
        ? t("reports.verify.verdicts.notThisDocument.title", { code })
        : t("reports.verify.verdicts.notThisDocument.titleNoCode");
      body = [
        t(VERIFY_MISMATCH_LABEL[mismatch ?? "different_bytes"], { other: file?.signature.code ?? "" }),
        ...(record?.status === "revoked" ? [t("reports.verify.verdicts.notThisDocument.alsoRevoked", revoked)] : []),
        t("reports.verify.verdicts.notThisDocument.advice"),
      ];
      break;
    case "unknown_code":
      title = t("reports.verify.verdicts.unknownCode.title");
      body = [
        verification.codeFrom === "file"
          ? t("reports.verify.verdicts.unknownCode.fromFile", { code })
          : t("reports.verify.verdicts.unknownCode.body"),
      ];
      break;
  }
  return (
    <div
      className={`alert verdict ${verdict === "genuine" ? "alert-success" : "alert-error"}`}
      role="status"
      data-testid="verdict"
      data-verdict={verdict}
    >
      <p className="verdict-title">
        <strong>{title}</strong>
        {code && verdict !== "not_this_document" ? (
          <>
            {" "}
            — <code>{code}</code>
          </>
        ) : null}
      </p>
      {body.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

/** What the register holds for the code, and the file checked: facts, in neutral colours. */
export function VerificationDetails({ verification }: { verification: DocumentVerification }) {
  const { t } = useTranslation();
  const { record, file } = verification;
  if (!record && !file) return null;
  return (
    <dl className="details verify-details">
      {record ? (
        <>
          <dt>{t("reports.verify.codeStatus")}</dt>
          <dd>
            {record.status === "valid" ? t("reports.verify.codeValid") : t("reports.verify.codeRevoked", { date: utc(record.revoked_at) })}
          </dd>
          <dt>{t("reports.verify.issuer")}</dt>
          <dd>{record.issuer.name}</dd>
          <dt>{t("reports.verify.tenant")}</dt>
          <dd>{record.tenant.name}</dd>
          <dt>{t("reports.verify.attestedAt")}</dt>
          <dd>{utc(record.attested_at)}</dd>
          <dt>{t("reports.verify.issuedAt")}</dt>
          <dd>{utc(record.issued_at)}</dd>
          <dt>{t("reports.verify.key")}</dt>
          <dd>
            <code>{record.kid}</code> (<a href="/.well-known/attest-keys.json">attest-keys.json</a>)
          </dd>
          <dt>{t("reports.verify.sha256")}</dt>
          <dd>
            <code className="wrap">{record.sha256}</code>
          </dd>
        </>
      ) : null}
      {file ? (
        <>
          <dt>{t("reports.verify.fileSha256")}</dt>
          <dd>
            <code className="wrap" data-testid="file-sha256">
              {file.sha256}
            </code>
            {record ? <> ({file.matches ? t("reports.verify.fileSame") : t("reports.verify.fileDifferent")})</> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The form that sends a PDF to be compared with the issued file; its verdict shows in the banner at the top. */
export function UploadCheck({ error }: { error: string | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="upload-check">
      <h2 id="upload-check">{t("reports.verify.uploadTitle")}</h2>
      <p className="muted">{t("reports.verify.uploadBody")}</p>
      <Form method="post" encType="multipart/form-data" className="form">
        <div className="field">
          <label htmlFor="verify-file">{t("reports.verify.uploadLabel")}</label>
          <input
            id="verify-file"
            name="file"
            type="file"
            accept="application/pdf"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "verify-file-error" : undefined}
          />
          {error ? (
            <p id="verify-file-error" className="field-error">
              {messageText(t, error)}
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
