import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { labelOf, FINDING_TAB_LABEL, RESOURCE_KIND_LABEL, RESULT_STATUS_LABEL, SEVERITY_LABEL } from "../i18n/labels";

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return <span className={`badge severity-${severity}`}>{t(labelOf(SEVERITY_LABEL, severity))}</span>;
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
          {t(FINDING_TAB_LABEL[tab.key])}
        </Link>
      ))}
    </nav>
  );
}

export type FailingRow = { id: string; name: string; kind: string; status: string; detail: string | null };

/** Resources a policy fails on (or could not evaluate), or a line saying there are none. */
export function FailingResources({ rows }: { rows: FailingRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="muted">{t("policies.noneFailing")}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("findings.resource")}</th>
          <th scope="col">{t("findings.status")}</th>
          <th scope="col">{t("policies.detail")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              {r.name} <span className="muted">· {t(labelOf(RESOURCE_KIND_LABEL, r.kind))}</span>
            </td>
            <td>{t(labelOf(RESULT_STATUS_LABEL, r.status))}</td>
            <td>{r.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
