import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SerializeFrom } from "@remix-run/node";
import { DEADLINE_KIND_LABEL, PERMIT_STATUS_LABEL, PERMIT_TYPE_LABEL, SEVERITY_LABEL, labelOf } from "../i18n/labels";
import type { MessageKey } from "../i18n/keys";
import { SEVERITIES } from "../policy-engine/policy-schema";
import { DateTime, useNumbers } from "../ui/format";
import type { LimitState, SiteLimitRow, SiteView } from "./site-view.server";

type View = SerializeFrom<SiteView>;

const LIMIT_LABEL: Record<SiteLimitRow["limit"], MessageKey> = {
  power_mw_grid: "inventory.siteView.limits.power_mw_grid",
  power_mw_environmental: "inventory.siteView.limits.power_mw_environmental",
  generator_hours_per_year: "inventory.siteView.limits.generator_hours_per_year",
  water_m3_per_year: "inventory.siteView.limits.water_m3_per_year",
};
const MEASURE_LABEL: Record<SiteLimitRow["measure"], MessageKey> = {
  peak_power: "inventory.siteView.measures.peak_power",
  generator_hours_ytd: "inventory.siteView.measures.generator_hours_ytd",
  water_m3_ytd: "inventory.siteView.measures.water_m3_ytd",
};
const LIMIT_STATE_LABEL: Record<LimitState, MessageKey> = {
  within: "inventory.siteView.states.within",
  near: "inventory.siteView.states.near",
  over: "inventory.siteView.states.over",
  not_measured: "inventory.siteView.states.not_measured",
};
const UNIT_KEY: Record<SiteLimitRow["unit"], MessageKey> = {
  mw: "inventory.siteView.units.mw",
  hours: "inventory.siteView.units.hours",
  m3: "inventory.siteView.units.m3",
};

/** "40 MW", "200 h", "60 000 m³" in the reader's notation. */
function useQuantity() {
  const { t } = useTranslation();
  const n = useNumbers();
  return (value: number, unit: SiteLimitRow["unit"]) => t(UNIT_KEY[unit], { value: n.number(value, unit === "mw" ? 2 : 0) });
}

/** The one-line answer to "is this site in order?": open findings by severity, with a link to them. */
export function SiteAnswer({ siteId, view }: { siteId: string; view: View }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const over = view.limits.filter((l) => l.state === "over").length;
  const { total, bySeverity } = view.findings;
  return (
    <div className={total > 0 || over > 0 ? "alert alert-error" : "alert alert-success"} role="status">
      {total === 0 ? (
        <p>{t("inventory.siteView.noFindings")}</p>
      ) : (
        <p>
          <Link to={`/findings?site=${siteId}`}>{t("inventory.siteView.openFindings", { count: total })}</Link>{" "}
          {SEVERITIES.filter((s) => bySeverity[s] > 0)
            .map((s) => `${n.number(bySeverity[s])} ${t(SEVERITY_LABEL[s]).toLowerCase()}`)
            .join(" · ")}
        </p>
      )}
      {over > 0 ? <p>{t("inventory.siteView.limitsOver", { count: over })}</p> : null}
    </div>
  );
}

/** Live findings under the site by the frameworks their policies cite; each figure opens the list it counts. */
export function FindingsByFramework({
  siteId,
  view,
  frameworkNames,
}: {
  siteId: string;
  view: View;
  frameworkNames: Record<string, string>;
}) {
  const { t } = useTranslation();
  const n = useNumbers();
  if (view.findings.total === 0) return null;
  const href = (framework: string, severity?: string) =>
    `/findings?site=${siteId}&framework=${encodeURIComponent(framework)}${severity ? `&severity=${severity}` : ""}`;
  return (
    <section aria-labelledby="site-findings">
      <h2 id="site-findings">{t("inventory.siteView.findingsByFramework")}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("inventory.siteView.framework")}</th>
              {SEVERITIES.map((s) => (
                <th scope="col" key={s} className="numeric">
                  {t(SEVERITY_LABEL[s])}
                </th>
              ))}
              <th scope="col" className="numeric">
                {t("inventory.siteView.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.findings.byFramework.map((f) => (
              <tr key={f.framework}>
                <th scope="row">{frameworkNames[f.framework] ?? f.framework}</th>
                {SEVERITIES.map((s) => (
                  <td key={s} className="numeric">
                    {f.bySeverity[s] > 0 ? (
                      <Link to={href(f.framework, s)}>{n.number(f.bySeverity[s])}</Link>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                ))}
                <td className="numeric">
                  <Link to={href(f.framework)}>{n.number(f.total)}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("inventory.siteView.frameworkNote")}</p>
    </section>
  );
}

function LimitRow({ row }: { row: View["limits"][number] }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const quantity = useQuantity();
  const share = row.measured === null ? null : row.measured / row.allowed;
  return (
    <tr>
      <th scope="row">{t(LIMIT_LABEL[row.limit])}</th>
      <td className="numeric">{quantity(row.allowed, row.unit)}</td>
      <td className="numeric">
        {row.measured === null ? <span className="muted">{t("inventory.siteView.notReported")}</span> : quantity(row.measured, row.unit)}
        <div className="muted small">{t(MEASURE_LABEL[row.measure])}</div>
      </td>
      <td>
        {share === null ? null : (
          <>
            <meter min={0} max={1} low={0.9} high={0.99} optimum={0} value={Math.min(share, 1)} aria-label={t(LIMIT_LABEL[row.limit])} />{" "}
            {n.percent(share, 0)}
          </>
        )}
      </td>
      <td>
        <span className={`badge limit-${row.state}`}>{t(LIMIT_STATE_LABEL[row.state])}</span>
      </td>
      <td>
        {row.permits.map((p, i) => (
          <span key={p.id}>
            {i > 0 ? ", " : null}
            <Link to={`/permits/${p.id}`}>{p.reference}</Link>
          </span>
        ))}
      </td>
    </tr>
  );
}

/** The site's permits, and each limit they set against the measured value. */
export function PermitLimits({ siteId, view, canCreatePermit }: { siteId: string; view: View; canCreatePermit: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="site-permits">
      <h2 id="site-permits">{t("inventory.siteView.permitsTitle")}</h2>
      {view.limits.length === 0 ? (
        <p className="muted">{t("inventory.siteView.noLimits")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t("inventory.siteView.limitsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("inventory.siteView.limit")}</th>
                <th scope="col" className="numeric">
                  {t("inventory.siteView.allowed")}
                </th>
                <th scope="col" className="numeric">
                  {t("inventory.siteView.measured")}
                </th>
                <th scope="col">{t("inventory.siteView.share")}</th>
                <th scope="col">{t("inventory.siteView.state")}</th>
                <th scope="col">{t("inventory.siteView.setBy")}</th>
              </tr>
            </thead>
            <tbody>
              {view.limits.map((row) => (
                <LimitRow key={row.limit} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.permits.length === 0 ? (
        <p className="muted">{t("inventory.siteView.noPermits")}</p>
      ) : (
        <ul className="plain-list">
          {view.permits.map((p) => (
            <li key={p.id}>
              <Link to={`/permits/${p.id}`}>{p.reference}</Link> · {t(labelOf(PERMIT_TYPE_LABEL, p.type))} ·{" "}
              <span className={p.active ? "badge status-implemented" : "badge attention-expired"}>
                {t(labelOf(PERMIT_STATUS_LABEL, p.status))}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canCreatePermit ? (
        <p>
          <Link to={`/permits/new?site=${siteId}`} className="button small">
            {t("inventory.siteView.addPermit")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function Capacity({
  here,
  everywhere,
  contracted,
  format,
}: {
  here: number;
  everywhere: number | null;
  contracted: number | null;
  format: (v: number) => string;
}) {
  const { t } = useTranslation();
  const over = contracted !== null && everywhere !== null && everywhere > contracted;
  return (
    <>
      {format(here)}
      <div className={over ? "small overdue" : "muted small"}>
        {contracted === null
          ? t("inventory.siteView.noContract")
          : t(over ? "inventory.siteView.overContract" : "inventory.siteView.ofContract", {
              deployed: format(everywhere ?? here),
              contracted: format(contracted),
            })}
      </div>
    </>
  );
}

/** Tenants with equipment here: what is deployed here, and what they deploy in all against what they contracted. */
export function TenantCapacity({ view }: { view: View }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const mw = (kw: number) => t("inventory.siteView.units.mw", { value: n.number(kw / 1000, 2) });
  return (
    <section aria-labelledby="site-tenants">
      <h2 id="site-tenants">{t("inventory.siteView.tenants")}</h2>
      {view.tenants.length === 0 ? (
        <p className="muted">{t("inventory.siteView.noTenants")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("inventory.tenant")}</th>
                <th scope="col">{t("inventory.siteView.racksHere")}</th>
                <th scope="col">{t("inventory.siteView.gpusHere")}</th>
                <th scope="col">{t("inventory.siteView.powerHere")}</th>
              </tr>
            </thead>
            <tbody>
              {view.tenants.map((tn) => (
                <tr key={tn.id}>
                  <th scope="row">
                    <Link to={`/settings/tenants/${tn.id}`}>{tn.legalName}</Link>
                  </th>
                  <td>
                    <Capacity
                      here={tn.here.racks}
                      everywhere={tn.everywhere.racks}
                      contracted={tn.contracted.racks}
                      format={(v) => n.number(v)}
                    />
                  </td>
                  <td>
                    <Capacity
                      here={tn.here.gpus}
                      everywhere={tn.everywhere.gpus}
                      contracted={tn.contracted.gpus}
                      format={(v) => n.number(v)}
                    />
                  </td>
                  <td>
                    <Capacity
                      here={tn.here.powerKw}
                      everywhere={tn.everywhere.powerKw}
                      contracted={tn.contracted.mw === null ? null : tn.contracted.mw * 1000}
                      format={mw}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">{t("inventory.siteView.contractNote")}</p>
    </section>
  );
}

/** The EED indicators reported for the site, by year; a figure not reported says so. */
export function EnergyFigures({ view }: { view: View }) {
  const { t } = useTranslation();
  const n = useNumbers();
  const figure = (value: number | null) =>
    value === null ? <span className="badge attention-expired">{t("inventory.siteView.notReported")}</span> : n.number(value, 2);
  return (
    <section aria-labelledby="site-energy">
      <h2 id="site-energy">{t("inventory.siteView.energy")}</h2>
      <p>
        {t("inventory.siteView.installedIt", {
          value: t("inventory.siteView.units.mw", { value: n.number(view.power.installedItKw / 1000, 2) }),
        })}
        {view.power.currentKw !== null ? (
          <>
            {" · "}
            {t("inventory.siteView.currentDraw", {
              value: t("inventory.siteView.units.mw", { value: n.number(view.power.currentKw / 1000, 2) }),
            })}{" "}
            {view.power.measuredAt ? (
              <span className="muted small">
                (<DateTime value={view.power.measuredAt} />)
              </span>
            ) : null}
          </>
        ) : null}
      </p>
      {view.energy.length === 0 ? (
        <p className="muted">{t("inventory.siteView.noEnergy")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("inventory.siteView.year")}</th>
                <th scope="col" className="numeric">
                  <abbr title={t("inventory.siteView.pueLong")}>PUE</abbr>
                </th>
                <th scope="col" className="numeric">
                  <abbr title={t("inventory.siteView.wueLong")}>WUE</abbr>
                </th>
                <th scope="col" className="numeric">
                  <abbr title={t("inventory.siteView.refLong")}>REF</abbr>
                </th>
                <th scope="col" className="numeric">
                  <abbr title={t("inventory.siteView.erfLong")}>ERF</abbr>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.energy.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td className="numeric">{figure(y.pue)}</td>
                  <td className="numeric">{figure(y.wue)}</td>
                  <td className="numeric">{figure(y.ref)}</td>
                  <td className="numeric">{figure(y.erf)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** When something is due, in words: "in 12 days", "overdue by 3 days". */
export function DueIn({ days }: { days: number }) {
  const { t } = useTranslation();
  return <>{days < 0 ? t("deadlines.overdueBy", { count: -days }) : t("deadlines.inDays", { count: days })}</>;
}

/** The deadlines of the site's permits and of its tenants' agreements. */
export function SiteDeadlines({ view }: { view: View }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="site-deadlines">
      <h2 id="site-deadlines">{t("inventory.siteView.deadlines")}</h2>
      {view.deadlines.length === 0 ? (
        <p className="muted">{t("inventory.siteView.noDeadlines")}</p>
      ) : (
        <ul className="plain-list">
          {view.deadlines.map((d) => (
            <li key={d.key} className={d.daysLeft < 0 ? "overdue" : undefined}>
              <time dateTime={d.dueOn}>{d.dueOn}</time> (<DueIn days={d.daysLeft} />) · {t(labelOf(DEADLINE_KIND_LABEL, d.kind))} ·{" "}
              <Link to={d.link}>{d.title}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
