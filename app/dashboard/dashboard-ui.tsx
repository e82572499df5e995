import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActorName, AuditCode } from "../audit/audit-code";
import { CONTROL_STATUS_LABEL, NEXT_ACTION_KIND_LABEL, SEVERITY_LABEL, DEADLINE_KIND_LABEL, labelOf } from "../i18n/labels";
import { SEVERITIES } from "../policy-engine/policy-schema";
import { DateTime, useNumbers } from "../ui/format";
import { readinessOf } from "./readiness";
import type { NextAction, ReaderDeadline } from "./next-actions.server";
import type { SiteCard } from "./sites.server";

type FrameworkCounts = {
  framework: string;
  name: string;
  applicable: number;
  implemented: number;
  needs_attention: number;
  partial: number;
  not_started: number;
};

const SEGMENTS = ["implemented", "needs_attention", "partial", "not_started"] as const;

/**
 * Readiness per framework: a bar for the share of applicable controls effectively implemented, its value said in
 * words (role="progressbar" with aria-valuetext: the same sentence as the text beside it), and the counts by status,
 * each opening the matching controls.
 */
export function Readiness({ frameworks }: { frameworks: FrameworkCounts[] }) {
  const { t } = useTranslation();
  const n = useNumbers();
  return (
    <section aria-labelledby="readiness" className="dashboard-block">
      <h2 id="readiness">{t("dashboard.readiness.title")}</h2>
      <ul className="readiness-list">
        {frameworks.map((f) => {
          const { share } = readinessOf(f);
          const base = `/controls?framework=${encodeURIComponent(f.framework)}`;
          const sentence =
            share === null
              ? t("dashboard.readiness.none")
              : t("dashboard.readiness.of", { share: n.percent(share, 0), implemented: f.implemented, count: f.applicable });
          const titleId = `readiness-${f.framework}`;
          return (
            <li key={f.framework} className="readiness">
              <h3 id={titleId} className="readiness-name">
                <Link to={base}>{f.name}</Link>
              </h3>
              <div
                className="readiness-bar"
                role="progressbar"
                aria-labelledby={titleId}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={share === null ? undefined : Math.round(share * 100)}
                aria-valuetext={sentence}
              >
                <span className="readiness-fill" style={{ width: `${share === null ? 0 : share * 100}%` }} />
              </div>
              <p className="readiness-figure">{sentence}</p>
              <ul className="legend">
                {SEGMENTS.map((s) => (
                  <li key={s}>
                    <span className={`swatch segment-${s}`} aria-hidden="true" />
                    <Link to={`${base}&status=${s}`}>
                      {t("dashboard.controlsCount", { status: t(CONTROL_STATUS_LABEL[s]), count: f[s] })}
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      <Link to="/controls">{t("dashboard.controlsOpen")}</Link>
    </section>
  );
}

/** When, in words: "in 12 days", "overdue by 3 days", "due today"; a flag is dated by the day it was raised. */
function When({ days, past }: { days: number; past: boolean }) {
  const { t } = useTranslation();
  if (past) return <>{days === 0 ? t("dashboard.actions.today") : t("dashboard.actions.daysAgo", { count: -days })}</>;
  if (days === 0) return <>{t("dashboard.actions.dueToday")}</>;
  return <>{days < 0 ? t("deadlines.overdueBy", { count: -days }) : t("deadlines.inDays", { count: days })}</>;
}

/** The next actions, earliest first: what (its kind and its subject, linked to where to act) and when. */
export function NextActions({ actions, total, horizon }: { actions: NextAction[]; total: number; horizon: number }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="next-actions" className="dashboard-block">
      <h2 id="next-actions">{t("dashboard.actions.title")}</h2>
      {actions.length === 0 ? (
        <p className="muted">{t("dashboard.actions.none", { days: horizon })}</p>
      ) : (
        <ol className="next-actions">
          {actions.map((a) => {
            // Dated by when it was raised (a flag, a request for approval): never overdue, "n days ago".
            const flag = a.kind === "audit_flag" || a.kind === "exception_pending";
            return (
              <li key={a.key} className={!flag && a.days < 0 ? "next-action overdue-action" : "next-action"}>
                <span className="next-action-when">
                  <time dateTime={a.on}>{a.on}</time> ·{" "}
                  <span className={!flag && a.days < 0 ? "overdue" : undefined}>
                    <When days={a.days} past={flag} />
                  </span>
                </span>
                <span className="next-action-what">
                  <strong>{t(labelOf(NEXT_ACTION_KIND_LABEL, a.kind))}</strong> · <Link to={a.link}>{a.title}</Link>
                  {a.kind === "audit_flag" ? (
                    <span className="muted"> · {a.answered ? t("dashboard.actions.answered") : t("dashboard.actions.unanswered")}</span>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {total > actions.length ? <p className="muted">{t("dashboard.actions.more", { count: total - actions.length })}</p> : null}
    </section>
  );
}

/** How many deadlines fall due within 30 and 90 days (and are overdue), and the list of those beyond the next actions. */
export function DeadlineWindows({
  windows,
  horizon,
  window,
}: {
  windows: { overdue: number; within30: number; within90: number; later: ReaderDeadline[] };
  horizon: number;
  window: number;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="deadline-windows" className="dashboard-block">
      <h2 id="deadline-windows">{t("dashboard.deadlines.title")}</h2>
      <ul className="deadline-figures">
        {windows.overdue > 0 ? <li className="overdue">{t("dashboard.deadlines.overdue", { count: windows.overdue })}</li> : null}
        <li>{t("dashboard.deadlines.within", { count: windows.within30, days: horizon })}</li>
        <li>{t("dashboard.deadlines.within", { count: windows.within90, days: window })}</li>
      </ul>
      <h3 id="deadlines-later">{t("dashboard.deadlines.later", { from: horizon + 1, to: window })}</h3>
      {windows.later.length === 0 ? (
        <p className="muted">{t("dashboard.deadlines.noneLater", { days: window })}</p>
      ) : (
        <ul className="plain-list" aria-labelledby="deadlines-later">
          {windows.later.map((d) => (
            <li key={d.key}>
              <time dateTime={d.dueOn}>{d.dueOn}</time> · {t("deadlines.inDays", { count: d.days })} · {t(DEADLINE_KIND_LABEL[d.kind])} ·{" "}
              <Link to={d.link}>{d.title}</Link>
            </li>
          ))}
        </ul>
      )}
      <Link to="/notifications">{t("dashboard.deadlines.all")}</Link>
    </section>
  );
}

/** A card per site: its page, its live findings by severity (each opening the list filtered to it), and its draw. */
export function SiteCards({ sites }: { sites: SiteCard[] }) {
  const { t } = useTranslation();
  const n = useNumbers();
  return (
    <section aria-labelledby="sites" className="dashboard-block">
      <h2 id="sites">{t("dashboard.sites.title")}</h2>
      {sites.length === 0 ? (
        <p className="muted">{t("dashboard.sites.none")}</p>
      ) : (
        <ul className="site-cards">
          {sites.map((s) => {
            const nameId = `site-${s.id}`;
            const shown = s.findings ? SEVERITIES.filter((severity) => s.findings![severity] > 0) : [];
            return (
              <li key={s.id} className="card site-card">
                <h3 id={nameId}>
                  <Link to={`/inventory/${s.id}`}>{s.name}</Link>
                </h3>
                {s.findings ? (
                  shown.length === 0 ? (
                    <p className="muted">{t("dashboard.sites.noFindings")}</p>
                  ) : (
                    <ul className="severity-counts" aria-label={t("dashboard.sites.findings")}>
                      {shown.map((severity) => (
                        <li key={severity}>
                          <Link to={`/findings?site=${s.id}&severity=${severity}`} className={`badge severity-${severity}`}>
                            {t("dashboard.sites.severityCount", {
                              kind: t(labelOf(SEVERITY_LABEL, severity)),
                              count: s.findings![severity],
                            })}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )
                ) : null}
                {s.latestKw !== null && s.contractedMw !== null ? (
                  <div className="gauge">
                    <meter
                      min={0}
                      max={s.contractedMw * 1000}
                      low={s.contractedMw * 800}
                      high={s.contractedMw * 950}
                      value={s.latestKw}
                      aria-label={t("dashboard.sites.draw")}
                    />
                    <p className="small">
                      {t("dashboard.sites.drawOf", {
                        draw: n.number(s.latestKw / 1000, 1),
                        capacity: n.number(s.contractedMw, 1),
                        share: n.percent(s.latestKw / (s.contractedMw * 1000), 0),
                      })}
                    </p>
                  </div>
                ) : s.latestKw === null ? (
                  <p className="muted small">{t("dashboard.sites.noReading")}</p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

type Change = {
  seq: number;
  action: string;
  actorLabel: string;
  createdAt: Date | string;
  entityType: string;
  entity: { name: string | null; link: string | null };
};

/** The latest audit entries in words: when, who, what was done, and to which record (named and linked when the reader may). */
export function RecentChanges({ changes }: { changes: Change[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="recent-changes" className="dashboard-block">
      <h2 id="recent-changes">{t("dashboard.recentChanges")}</h2>
      <ul className="plain-list recent-changes">
        {changes.map((c) => (
          <li key={c.seq}>
            <DateTime value={c.createdAt} /> · <ActorName label={c.actorLabel} /> · <AuditCode code={c.action} of="action" /> ·{" "}
            <AuditCode code={c.entityType} of="entity" />
            {c.entity.name ? (
              <> {c.entity.link ? <Link to={c.entity.link}>{c.entity.name}</Link> : <span>{c.entity.name}</span>}</>
            ) : c.entity.link ? (
              <>
                {" "}
                (<Link to={c.entity.link}>{t("dashboard.recentOpen")}</Link>)
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <Link to="/audit">{t("dashboard.fullAuditLog")}</Link>
    </section>
  );
}
