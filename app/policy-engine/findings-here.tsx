import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Finding } from "../../db/schema";
import { labelOf, RESOURCE_KIND_LABEL } from "../i18n/labels";
import { SeverityBadge } from "./findings-ui";

export type FindingHere = Pick<Finding, "id" | "severity" | "resourceName" | "resourceKind" | "message"> & {
  policyTitle: { en: string; fr: string } | null;
};

/**
 * The open and accepted findings on an asset and everything under it, most severe first: what is wrong here. The
 * link opens the whole list filtered to the same place when it is a site.
 */
export function FindingsHere({ findings, total, siteId }: { findings: FindingHere[]; total: number; siteId: string | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "fr" ? "fr" : "en";
  return (
    <section aria-labelledby="findings-here">
      <h2 id="findings-here">{t("findings.here.title", { count: total })}</h2>
      {total === 0 ? (
        <p className="muted">{t("findings.here.none")}</p>
      ) : (
        <>
          <ul className="plain-list">
            {findings.map((f) => (
              <li key={f.id}>
                <SeverityBadge severity={f.severity} /> <Link to={`/findings/${f.id}`}>{f.message[lang]}</Link>{" "}
                <span className="muted">
                  · {f.resourceName} ({t(labelOf(RESOURCE_KIND_LABEL, f.resourceKind))}){f.policyTitle ? ` · ${f.policyTitle[lang]}` : null}
                </span>
              </li>
            ))}
          </ul>
          {siteId && total > findings.length ? (
            <p>
              <Link to={`/findings?site=${siteId}`}>{t("findings.here.all", { count: total })}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
