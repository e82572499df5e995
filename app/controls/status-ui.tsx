import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { reasonText, type AttentionReason, type AttentionReasonCode } from "./effective-status";
import { CONTROL_STATUS_LABEL } from "../i18n/labels";

/** Why a control needs attention, in words: one line per reason, in the rule's order, linked where a page says more. */
export function AttentionReasons({
  reasons,
  className = "attention-reasons",
  links = {},
}: {
  reasons: AttentionReason[];
  className?: string;
  links?: Partial<Record<AttentionReasonCode, string>>;
}) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <ul className={className}>
      {reasons.map((reason) => {
        const { key, values } = reasonText(reason);
        const href = links[reason.code];
        return <li key={reason.code}>{href ? <a href={href}>{t(key, values)}</a> : t(key, values)}</li>;
      })}
    </ul>
  );
}

type Overview = {
  framework: string;
  name: string;
  applicable: number;
  implemented: number;
  needs_attention: number;
  partial: number;
  not_started: number;
}[];

const SEGMENTS = ["implemented", "needs_attention", "partial", "not_started"] as const;

/**
 * The dashboard's Statements of Applicability: applicable controls by effective status, as one stacked bar per
 * framework and a legend whose entries open the matching controls.
 */
export function ControlsOverview({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="controls-overview">
      <h2 id="controls-overview">{t("dashboard.controls")}</h2>
      {overview.map((f) => {
        const base = `/controls?framework=${encodeURIComponent(f.framework)}`;
        return (
          <div key={f.framework} className="soa-overview">
            <p>
              <strong>{t("dashboard.controlsOf", { framework: f.name, implemented: f.implemented, applicable: f.applicable })}</strong>
            </p>
            <div className="stacked-bar" aria-hidden="true">
              {SEGMENTS.map((s) => (f[s] > 0 ? <span key={s} className={`segment segment-${s}`} style={{ flexGrow: f[s] }} /> : null))}
            </div>
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
          </div>
        );
      })}
      <Link to="/controls">{t("dashboard.controlsOpen")}</Link>
    </section>
  );
}
