import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime, useNumbers } from "../ui/format";
import { labelOf, RUN_STATUS_LABEL, SEVERITY_LABEL } from "../i18n/labels";

type Severity = "critical" | "high" | "medium" | "low";
const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];
const COLOURS: Record<Severity, string> = {
  critical: "#7f1d1d",
  high: "#dc2626",
  medium: "#f59e0b",
  low: "#94a3b8",
};

type PostureData = {
  bySeverity: { severity: string; status: string; n: number }[];
  byFramework: { framework: string; name: string; n: number }[];
  byTenant: { tenantId: string | null; tenantName: string | null; n: number }[];
  trend: {
    day: string;
    critical: number;
    high: number;
    medium: number;
    low: number;
  }[];
};
type LastRun = {
  id: string;
  finishedAt: Date | string | null;
  status: string;
  scope: string;
  counts: { checks: number } | null;
} | null;

/** The dashboard's compliance posture: open findings by severity, framework and tenant, and their trend. */
export function Posture({ posture, lastRun, tenantView }: { posture: PostureData; lastRun: LastRun; tenantView: boolean }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const open = (severity: Severity) =>
    posture.bySeverity.filter((s) => s.severity === severity && s.status === "open").reduce((n, s) => n + s.n, 0);
  const accepted = posture.bySeverity.filter((s) => s.status === "accepted").reduce((n, s) => n + s.n, 0);
  const maxFramework = Math.max(1, ...posture.byFramework.map((f) => f.n));
  const maxTenant = Math.max(1, ...posture.byTenant.map((f) => f.n));
  return (
    <section aria-labelledby="posture">
      <h2 id="posture">{t("dashboard.posture")}</h2>
      {tenantView ? null : (
        <p className="muted">
          {lastRun?.finishedAt ? (
            <>
              {t("dashboard.lastRun")} <DateTime value={lastRun.finishedAt} /> · {t(labelOf(RUN_STATUS_LABEL, lastRun.status))} ·{" "}
              <Link to="/policies/runs">{t("dashboard.runHistory")}</Link>
            </>
          ) : (
            t("dashboard.noRun")
          )}
        </p>
      )}
      <div className="cards">
        {SEVERITY_ORDER.map((severity) => (
          <Link key={severity} to={`/findings?status=open&severity=${severity}`} className="card">
            <span className="card-figure">{n.number(open(severity))}</span>
            <span>
              <span className={`badge severity-${severity}`}>{t(SEVERITY_LABEL[severity])}</span> {t("dashboard.openFindings")}
            </span>
          </Link>
        ))}
        <Link to="/findings?status=accepted" className="card">
          <span className="card-figure">{n.number(accepted)}</span>
          <span>{t("dashboard.accepted")}</span>
        </Link>
      </div>
      <div className="diff-grid">
        <div>
          <h3>{t("dashboard.byFramework")}</h3>
          {posture.byFramework.length === 0 ? <p className="muted">{t("dashboard.noneOpen")}</p> : null}
          {posture.byFramework.map((f) => (
            <div key={f.framework} className="bar-row">
              <Link to={`/findings?status=open&framework=${encodeURIComponent(f.framework)}`}>{f.name}</Link>
              <span className="bar" style={{ width: `${(f.n / maxFramework) * 100}%` }} aria-hidden="true" />
              <span>{n.number(f.n)}</span>
            </div>
          ))}
        </div>
        {tenantView ? null : (
          <div>
            <h3>{t("dashboard.byTenant")}</h3>
            {posture.byTenant.length === 0 ? <p className="muted">{t("dashboard.noneOpen")}</p> : null}
            {posture.byTenant.map((f) => (
              <div key={f.tenantId ?? "operator"} className="bar-row">
                {f.tenantId ? (
                  <Link to={`/findings?status=open&tenant=${f.tenantId}`}>{f.tenantName}</Link>
                ) : (
                  <span>{t("dashboard.operatorOwn")}</span>
                )}
                <span className="bar" style={{ width: `${(f.n / maxTenant) * 100}%` }} aria-hidden="true" />
                <span>{n.number(f.n)}</span>
              </div>
            ))}
          </div>
        )}
      </div>
      <Trend trend={posture.trend} />
    </section>
  );
}

function Trend({ trend }: { trend: PostureData["trend"] }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const width = 720;
  const height = 160;
  const totals = trend.map((d) => d.critical + d.high + d.medium + d.low);
  const max = Math.max(1, ...totals);
  const step = width / Math.max(1, trend.length);
  return (
    <figure>
      <figcaption>
        <h3>{t("dashboard.trend", { days: trend.length })}</h3>
      </figcaption>
      <svg
        className="trend"
        viewBox={`0 0 ${width} ${height + 20}`}
        role="img"
        aria-label={t("dashboard.trendLabel", {
          first: totals[0] ?? 0,
          last: totals.at(-1) ?? 0,
          days: trend.length,
        })}
      >
        {trend.map((d, i) => {
          let y = height;
          return (
            <g key={d.day}>
              {[...SEVERITY_ORDER].reverse().map((severity) => {
                const h = (d[severity] / max) * height;
                y -= h;
                return h > 0 ? (
                  <rect key={severity} x={i * step + 1} y={y} width={Math.max(1, step - 2)} height={h} fill={COLOURS[severity]} />
                ) : null;
              })}
            </g>
          );
        })}
        <text x={0} y={height + 16} fontSize="11">
          {trend[0]?.day}
        </text>
        <text x={width} y={height + 16} fontSize="11" textAnchor="end">
          {trend.at(-1)?.day}
        </text>
      </svg>
      {/* The wrapper hides it: a table keeps its content's width whatever its own, and widened small screens. */}
      <div className="visually-hidden">
        <table>
          <caption>{t("dashboard.trend", { days: trend.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.day")}</th>
              {SEVERITY_ORDER.map((s) => (
                <th key={s} scope="col">
                  {t(SEVERITY_LABEL[s])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                {SEVERITY_ORDER.map((s) => (
                  <td key={s}>{n.number(d[s])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
