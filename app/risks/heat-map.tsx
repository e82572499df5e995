import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { RISK_BAND_LABEL } from "../i18n/labels";
import { band, score, type RiskScale } from "./scale";

type Cell = { likelihood: number; impact: number; count: number };

/**
 * A likelihood × impact grid, the highest impact on top, each cell coloured by its band and holding the number of
 * risks rated there; `marked` outlines one cell (a risk's own rating). A table, so that a screen reader reads the
 * axes as headers.
 */
export function HeatMap({
  caption,
  scale,
  cells,
  marked,
}: {
  caption: string;
  scale: RiskScale;
  cells: Cell[];
  marked?: { likelihood: number; impact: number };
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "fr" ? "fr" : "en";
  const countAt = new Map(cells.map((c) => [`${c.likelihood}:${c.impact}`, c.count]));
  const impacts = scale.impact.map((label, i) => ({ level: i + 1, label: label[lang] })).reverse();
  const likelihoods = scale.likelihood.map((label, i) => ({ level: i + 1, label: label[lang] }));
  return (
    <table className="heat-map">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">{t("risks.heatMap.impact")}</span>
          </th>
          {likelihoods.map((l) => (
            <th key={l.level} scope="col">
              {l.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {impacts.map((i) => (
          <tr key={i.level}>
            <th scope="row">{i.label}</th>
            {likelihoods.map((l) => {
              const count = countAt.get(`${l.level}:${i.level}`) ?? 0;
              const cellBand = band(score({ likelihood: l.level, impact: i.level }), scale);
              const here = marked?.likelihood === l.level && marked.impact === i.level;
              return (
                <td
                  key={l.level}
                  className={`band-${cellBand}${here ? " heat-here" : ""}`}
                  title={`${t(RISK_BAND_LABEL[cellBand])} — ${t("risks.heatMap.cell", { count, likelihood: l.label, impact: i.label })}`}
                >
                  {count > 0 ? count : ""}
                  {here ? <span className="visually-hidden">{t("risks.heatMap.here")}</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <td colSpan={likelihoods.length} className="heat-axis">
            {t("risks.heatMap.likelihood")} →
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A score in words and colour: "12 — High". */
export function RiskScore({ likelihood, impact, scale }: { likelihood: number; impact: number; scale: RiskScale }) {
  const { t } = useTranslation();
  const points = score({ likelihood, impact });
  const scoreBand = band(points, scale);
  return <span className={`badge band-${scoreBand}`}>{t("risks.score", { score: points, band: t(RISK_BAND_LABEL[scoreBand]) })}</span>;
}

/** The register's two heat maps side by side, before and after treatment, under one heading (the register, the dashboard). */
export function HeatMaps({ scale, heat, action }: { scale: RiskScale; heat: { inherent: Cell[]; residual: Cell[] }; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="heat-maps" className="heat-maps">
      <h2 id="heat-maps">{t("risks.heatMap.title")}</h2>
      <div className="heat-map-pair">
        <HeatMap caption={t("risks.heatMap.inherent")} scale={scale} cells={heat.inherent} />
        <HeatMap caption={t("risks.heatMap.residual")} scale={scale} cells={heat.residual} />
      </div>
      {action}
    </section>
  );
}
