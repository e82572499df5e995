import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countryName } from "../i18n/countries";
import { SeverityBadge } from "../policy-engine/findings-ui";
import { AttestationTable, type AttestationRow } from "../reports/reports-ui";
import { DateTime, useNumbers } from "../ui/format";
import { EmptyState } from "../ui/layout";
import { labelOf, ASSET_KIND_LABEL } from "../i18n/labels";

export type PortalData = {
  tenant: { legalName: string; slug: string };
  profile: { allowedCountries: string[] };
  findings: {
    bySeverity: Record<string, number>;
    latest: { id: string; severity: string; resourceName: string; message: { en: string; fr: string }; firstSeenAt: string | Date }[];
  };
  agreements: { id: string; title: string; type: string; version: number }[];
  attestations: { rows: AttestationRow[]; total: number };
  inventory: { assets: number; places: { place: string; country: string | null; kinds: Record<string, number> }[] };
};

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

/** A tenant member's home: its places, residency profile, findings, agreements and attestations. */
export function TenantPortal({ portal }: { portal: PortalData }) {
  const { t, i18n } = useTranslation();
  const numbers = useNumbers();
  const language = i18n.language === "fr" ? "fr" : "en";
  return (
    <>
      <section aria-labelledby="portal-places">
        <h2 id="portal-places">{t("reports.portal.places")}</h2>
        {portal.inventory.places.length === 0 ? (
          <p className="muted">{t("reports.portal.noAssets")}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t("reports.portal.places")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("inventory.site")}</th>
                <th scope="col">{t("inventory.country")}</th>
                <th scope="col">{t("inventory.kind")}</th>
              </tr>
            </thead>
            <tbody>
              {portal.inventory.places.map((p) => (
                <tr key={`${p.place}-${p.country}`}>
                  <td>{p.place || t("reports.attestation.noSite")}</td>
                  <td>{p.country ? `${countryName(p.country, language)} (${p.country})` : t("reports.attestation.unknownCountry")}</td>
                  <td>
                    {Object.entries(p.kinds)
                      .map(([kind, n]) => `${t(labelOf(ASSET_KIND_LABEL, kind))} × ${numbers.number(n)}`)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="portal-profile">
        <h2 id="portal-profile">{t("reports.portal.profile")}</h2>
        <p>{portal.profile.allowedCountries.map((c) => `${countryName(c, language)} (${c})`).join(", ") || "—"}</p>
      </section>
      <section aria-labelledby="portal-findings">
        <h2 id="portal-findings">{t("reports.portal.findings")}</h2>
        <p>
          {SEVERITIES.map((s) => (
            <span key={s} className="inline-check">
              <SeverityBadge severity={s} /> {numbers.number(portal.findings.bySeverity[s] ?? 0)}
            </span>
          ))}
        </p>
        <ul className="plain-list">
          {portal.findings.latest.map((f) => (
            <li key={f.id}>
              <Link to={`/findings/${f.id}`}>{f.resourceName}</Link> — {f.message[language]} (<DateTime value={f.firstSeenAt} />)
            </li>
          ))}
        </ul>
        <Link to="/findings">{t("reports.portal.allFindings")}</Link>
      </section>
      <section aria-labelledby="portal-agreements">
        <h2 id="portal-agreements">{t("reports.portal.agreements")}</h2>
        {portal.agreements.length === 0 ? (
          <p className="muted">{t("reports.portal.noAgreements")}</p>
        ) : (
          <ul className="plain-list">
            {portal.agreements.map((a) => (
              <li key={a.id}>
                <Link to={`/agreements/${a.id}`}>{a.title}</Link> (v{a.version})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="portal-attestations">
        <h2 id="portal-attestations">{t("reports.portal.attestations")}</h2>
        {portal.attestations.total === 0 ? (
          <EmptyState title={t("reports.attestations.emptyTitle")} body={t("reports.attestations.emptyBody")} />
        ) : (
          <AttestationTable rows={portal.attestations.rows} total={portal.attestations.total} canRevoke={false} />
        )}
        <Link to="/reports">{t("reports.attestations.title")}</Link>
      </section>
    </>
  );
}
