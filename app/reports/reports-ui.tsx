import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../ui/format";

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
            <td>{row.issuedByLabel}</td>
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
