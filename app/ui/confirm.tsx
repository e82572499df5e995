import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput, FormError } from "./forms";
import { PageHeader } from "./layout";

/** A confirmation page before anything is removed: works without script and from the keyboard. */
export function ConfirmRemoval({
  title,
  body,
  confirmLabel,
  cancelTo,
  error,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  cancelTo: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <div className="confirm" role="alertdialog" aria-labelledby="confirm-body">
        <p id="confirm-body">{body}</p>
        <FormError id="confirm-error" errors={error ? [error] : undefined} />
        <Form method="post" className="form-actions">
          <CsrfInput />
          <button type="submit" className="button danger">
            {confirmLabel}
          </button>
          <Link to={cancelTo} autoFocus>
            {t("common.cancel")}
          </Link>
        </Form>
      </div>
    </>
  );
}
