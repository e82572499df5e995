import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActorName } from "../audit/audit-code";
import { SEVERITY_LABEL } from "../i18n/labels";
import { CsrfInput, FieldErrors } from "../ui/forms";
import { DateTime } from "../ui/format";
import { SeverityBadge } from "./findings-ui";
import type { Severity } from "./policy-schema";

export type PendingRow = {
  id: string;
  findingId: string;
  severity: Severity;
  resourceName: string;
  message: { en: string; fr: string };
  justification: string;
  expiresOn: string;
  requestedByLabel: string;
  requestedAt: Date | string;
  /** The reader asked for it: they may not decide it. */
  own: boolean;
};

export type DecisionFeedback = { requestId: string | null; error: string | null; fieldErrors: Record<string, string[]> | null };

/** "A second person must approve: critical and high findings need four eyes." in the reader's words. */
export function FourEyesNotice({ severities }: { severities: Severity[] }) {
  const { t, i18n } = useTranslation();
  if (severities.length === 0) return null;
  const names = severities.map((s) => t(SEVERITY_LABEL[s]).toLocaleLowerCase(i18n.language));
  const list = new Intl.ListFormat(i18n.language, { type: "conjunction" }).format(names);
  return (
    <p className="alert alert-info" role="note">
      {t("findings.fourEyes.notice", { names: list })}
    </p>
  );
}

/** Why a decision on this request was refused (a DECISION_ERROR key), where the reader acted. */
function DecisionAlert({ error }: { error: string | null | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {t(error as "findings.fourEyes.notPending")}
    </p>
  );
}

function DecisionForms({ row, feedback }: { row: PendingRow; feedback: DecisionFeedback | null }) {
  const { t, i18n } = useTranslation();
  const until = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${row.expiresOn}T00:00:00Z`),
  );
  const mine = feedback?.requestId === row.id ? feedback : null;
  const noteId = `note-${row.id}`;
  const refuseId = `refuse-note-${row.id}`;
  return (
    <div className="stack">
      <DecisionAlert error={mine?.error} />
      <details>
        <summary className="button">{t("findings.fourEyes.approve")}</summary>
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="approve" />
          <input type="hidden" name="requestId" value={row.id} />
          <p>{t("findings.fourEyes.approveConfirm", { name: row.resourceName, until })}</p>
          <div className="field">
            <label htmlFor={noteId}>{t("findings.fourEyes.note")}</label>
            <input id={noteId} name="note" />
          </div>
          <button type="submit" className="button primary">
            {t("findings.fourEyes.confirmApprove")}
          </button>
        </Form>
      </details>
      <details open={mine?.fieldErrors?.note ? true : undefined}>
        <summary className="button">{t("findings.fourEyes.refuse")}</summary>
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="refuse" />
          <input type="hidden" name="requestId" value={row.id} />
          <p>{t("findings.fourEyes.refuseConfirm", { name: row.resourceName })}</p>
          <div className="field">
            <label htmlFor={refuseId}>{t("findings.fourEyes.refuseNote")}</label>
            <input
              id={refuseId}
              name="note"
              required
              aria-invalid={mine?.fieldErrors?.note ? true : undefined}
              aria-describedby={`${refuseId}-error`}
            />
            <FieldErrors id={`${refuseId}-error`} errors={mine?.fieldErrors?.note} />
          </div>
          <button type="submit" className="button danger">
            {t("findings.fourEyes.confirmRefuse")}
          </button>
        </Form>
      </details>
    </div>
  );
}

/** The requester's own request: another person decides it, they may take it back. */
function WithdrawForm({ row, feedback }: { row: PendingRow; feedback: DecisionFeedback | null }) {
  const { t } = useTranslation();
  const mine = feedback?.requestId === row.id ? feedback : null;
  return (
    <div className="stack">
      <span className="muted">{t("findings.fourEyes.ownRequest")}</span>
      <DecisionAlert error={mine?.error} />
      <details>
        <summary className="button">{t("findings.fourEyes.withdraw")}</summary>
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="requestId" value={row.id} />
          <p>{t("findings.fourEyes.withdrawConfirm", { name: row.resourceName })}</p>
          <button type="submit" className="button danger">
            {t("findings.fourEyes.confirmWithdraw")}
          </button>
        </Form>
      </details>
    </div>
  );
}

/** Requests waiting for a second person: what, who asked, why, until when; and, for those who may, the decision. */
export function PendingExceptions({
  rows,
  canDecide,
  feedback,
  showFinding = true,
}: {
  rows: PendingRow[];
  canDecide: boolean;
  feedback: DecisionFeedback | null;
  showFinding?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "fr" ? "fr" : "en";
  return (
    <section aria-labelledby="pending-exceptions-title" id="pending-exceptions">
      <h2 id="pending-exceptions-title">{t("findings.fourEyes.pendingTitle")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("findings.fourEyes.pendingEmpty")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("findings.fourEyes.pendingCaption", { count: rows.length })}</caption>
          <thead>
            <tr>
              {showFinding ? <th scope="col">{t("findings.finding")}</th> : null}
              <th scope="col">{t("findings.fourEyes.requestedBy")}</th>
              <th scope="col">{t("findings.justification")}</th>
              <th scope="col">{t("findings.fourEyes.until")}</th>
              {canDecide ? <th scope="col">{t("findings.fourEyes.decide")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                {showFinding ? (
                  <td>
                    <SeverityBadge severity={row.severity} /> <Link to={`/findings/${row.findingId}`}>{row.resourceName}</Link>
                    <div className="muted small">{row.message[lang]}</div>
                  </td>
                ) : null}
                <td>
                  <ActorName label={row.requestedByLabel} />
                  <div className="muted small">
                    <DateTime value={row.requestedAt} />
                  </div>
                </td>
                <td>
                  <q>{row.justification}</q>
                </td>
                <td>
                  <time dateTime={row.expiresOn}>{row.expiresOn}</time>
                </td>
                {canDecide ? (
                  <td>{row.own ? <WithdrawForm row={row} feedback={feedback} /> : <DecisionForms row={row} feedback={feedback} />}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
