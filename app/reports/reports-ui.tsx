import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActorName } from "../audit/audit-code";
import { DateTime, useNumbers } from "../ui/format";
import { labelOf, REPORT_FRAMEWORK_LABEL, REPORT_KIND_LABEL, REPORT_STATUS_LABEL } from "../i18n/labels";
import type { MessageKey } from "../i18n/keys";

export type AttestationRow = {
  id: string;
  tenantName: string;
  code: string;
  language: string;
  attestedAt: string | Date;
  issuedAt: string | Date;
  issuedByLabel: string;
  sha256: string;
  revokedAt: string | Date | null;
  revokedByLabel: string | null;
  revocationReason: string | null;
};

/** The attestation register: download, verification page and, for officers, revocation. */
export function AttestationTable({ rows, total, canRevoke }: { rows: AttestationRow[]; total: number; canRevoke: boolean }) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <caption className="visually-hidden">{t("reports.attestations.tableCaption", { total })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("reports.attestations.code")}</th>
          <th scope="col">{t("reports.attestations.tenant")}</th>
          <th scope="col">{t("reports.attestations.attestedAt")}</th>
          <th scope="col">{t("reports.attestations.issuedAt")}</th>
          <th scope="col">{t("reports.attestations.issuedBy")}</th>
          <th scope="col">{t("reports.attestations.status")}</th>
          <th scope="col">{t("common.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>
              <code>{row.code}</code> <span className="small">({row.language.toUpperCase()})</span>
            </td>
            <td>{row.tenantName}</td>
            <td>
              <DateTime value={row.attestedAt} />
            </td>
            <td>
              <DateTime value={row.issuedAt} />
            </td>
            <td>
              <ActorName label={row.issuedByLabel} />
            </td>
            <td>
              {row.revokedAt ? (
                <span className="badge severity-high" title={row.revocationReason ?? ""}>
                  {t("reports.attestations.revoked")}
                </span>
              ) : (
                <span className="badge automated-passing">{t("reports.attestations.valid")}</span>
              )}
            </td>
            <td>
              <a href={`/reports/attestations/${row.id}.pdf`} download aria-label={`${t("reports.attestations.download")} ${row.code}`}>
                {t("reports.attestations.download")}
              </a>
              {" · "}
              <Link to={`/verify/${row.code}`}>{t("reports.attestations.verifyPage")}</Link>
              {canRevoke && !row.revokedAt ? (
                <>
                  {" · "}
                  <Link to={`/reports/attestations/${row.id}/revoke`} aria-label={`${t("reports.attestations.revoke")} ${row.code}`}>
                    {t("reports.attestations.revoke")}
                  </Link>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type ReportRow = {
  id: string;
  kind: string;
  framework: string;
  periodStart: string;
  periodEnd: string;
  language: string;
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
  sha256: string | null;
  size: number | null;
  requestedByLabel: string;
  queuedAt: string | Date;
};

/** Built and building reports; a report being built shows its progress, a finished one its SHA-256. */
export function ReportTable({ rows, total }: { rows: ReportRow[]; total: number }) {
  const { t } = useTranslation();
  const n = useNumbers();
  return (
    <table className="table">
      <caption className="visually-hidden">{t("reports.audit.tableCaption", { total })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("reports.audit.kind")}</th>
          <th scope="col">{t("reports.audit.framework")}</th>
          <th scope="col">{t("reports.audit.period")}</th>
          <th scope="col">{t("reports.audit.requested")}</th>
          <th scope="col">{t("reports.audit.status")}</th>
          <th scope="col">{t("common.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>
              {t(labelOf(REPORT_KIND_LABEL, row.kind))} ({row.language.toUpperCase()})
            </td>
            <td>{t(labelOf(REPORT_FRAMEWORK_LABEL, row.framework))}</td>
            <td>
              {row.periodStart} — {row.periodEnd}
            </td>
            <td>
              <DateTime value={row.queuedAt} />
              <br />
              <span className="small">
                <ActorName label={row.requestedByLabel} />
              </span>
            </td>
            <td>
              {t(labelOf(REPORT_STATUS_LABEL, row.status))}
              {row.status === "queued" || row.status === "running" ? (
                <>
                  {" "}
                  <progress max={100} value={row.progress} aria-label={t("reports.audit.status")}>
                    {n.percent(row.progress / 100, 0)}
                  </progress>
                </>
              ) : null}
              {row.status === "failed" && row.error ? <p className="small field-error">{row.error}</p> : null}
              {row.sha256 ? (
                <p className="small">
                  SHA-256 <code className="wrap">{row.sha256}</code>
                </p>
              ) : null}
            </td>
            <td>
              {row.status === "completed" ? (
                <a href={`/reports/${row.id}/file`} download>
                  {t("reports.audit.download")}
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EXPORT_LABELS: Record<"permits" | "agreements" | "obligations" | "risks", [MessageKey, MessageKey]> = {
  risks: ["reports.exports.csv", "reports.exports.xlsx"],
  permits: ["reports.exports.csv", "reports.exports.xlsx"],
  agreements: ["reports.exports.csv", "reports.exports.xlsx"],
  obligations: ["reports.exports.obligationsCsv", "reports.exports.obligationsXlsx"],
};

/** Download links for register exports (CSV and Excel), shown beside a register's own actions. */
export function RegisterExportLinks({ registers }: { registers: (keyof typeof EXPORT_LABELS)[] }) {
  const { t } = useTranslation();
  return (
    <>
      {registers.flatMap((register) =>
        (["csv", "xlsx"] as const).map((format, i) => (
          <a key={`${register}.${format}`} className="button" href={`/registers/export/${register}.${format}`} download>
            {t(EXPORT_LABELS[register][i]!)}
          </a>
        )),
      )}
    </>
  );
}
