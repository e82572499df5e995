import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ActorName } from "../audit/audit-code";
import { DateTime } from "../ui/format";
import { CsrfInput } from "../ui/forms";
import { messageText } from "../i18n/keys";

type DocumentRow = { id: string; title: string; fileName: string; authorLabel: string; createdAt: Date | string; detail?: string };

/** A record's attached documents, and the upload form for those who may add one (extra fields come as children). */
export function DocumentsSection({
  documents,
  downloadPath,
  canUpload,
  error,
  fileLabel,
  submitLabel,
  children,
}: {
  documents: DocumentRow[];
  downloadPath: (id: string) => string;
  canUpload: boolean;
  error: string | null | undefined;
  fileLabel: string;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="documents">
      <h2 id="documents">{t("agreements.documents")}</h2>
      {documents.length === 0 ? (
        <p className="muted">{t("agreements.noDocuments")}</p>
      ) : (
        <ul className="plain-list">
          {documents.map((d) => (
            <li key={d.id}>
              <a href={downloadPath(d.id)} download>
                {d.title}
              </a>{" "}
              {d.detail ? `· ${d.detail} ` : ""}· {d.fileName} · <ActorName label={d.authorLabel} /> · <DateTime value={d.createdAt} />
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <Form method="post" encType="multipart/form-data" className="form">
          <CsrfInput />
          {error ? (
            <p className="alert alert-error" role="alert">
              {messageText(t, error)}
            </p>
          ) : null}
          {children}
          <div className="field">
            <label htmlFor="document-title">{t("agreements.documentTitle")}</label>
            <input id="document-title" name="title" required maxLength={300} />
          </div>
          <div className="field">
            <label htmlFor="document-file">{fileLabel}</label>
            <input id="document-file" name="file" type="file" required />
          </div>
          <button type="submit" className="button">
            {submitLabel}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
