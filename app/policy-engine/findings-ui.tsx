import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return <span className={`badge severity-${severity}`}>{t(`findings.severities.${severity}`)}</span>;
}

/** Findings, policies and runs: the policy engine's three pages. */
export function EngineTabs({ current }: { current: "findings" | "policies" | "runs" }) {
  const { t } = useTranslation();
  const tabs = [
    { key: "findings", to: "/findings" },
    { key: "policies", to: "/policies" },
    { key: "runs", to: "/policies/runs" },
  ] as const;
  return (
    <nav className="tabs" aria-label={t("findings.engineSections")}>
      {tabs.map((tab) => (
        <Link key={tab.key} to={tab.to} aria-current={tab.key === current ? "page" : undefined}>
          {t(`findings.tabs.${tab.key}`)}
        </Link>
      ))}
    </nav>
  );
}
