import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { changedFields } from "../audit/diff";
import { notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { countryName } from "../i18n/countries";
import { FilterForm } from "../ui/forms";
import { pageTitle } from "../i18n/meta";
import { endOfDay } from "../inventory/browse-query";
import { assetHistory, childrenOf, getAsset, parentChain, siteSummary } from "../inventory/queries.server";
import { siteView } from "../inventory/site-view.server";
import { EnergyFigures, FindingsByFramework, PermitLimits, SiteAnswer, SiteDeadlines, TenantCapacity } from "../inventory/site-view";
import { catalogue, localText } from "../controls/catalogue.server";
import { detectLocale } from "../i18n/locale.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import * as clock from "../config/clock";
import { getTenant } from "../tenants/tenants.server";
import { DateTime, useNumbers } from "../ui/format";
import { formatNumber, formatPercent } from "../ui/numbers";
import { PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";
import { ASSET_KIND_LABEL } from "../i18n/labels";
import { attributeValueLabel } from "../inventory/attribute-labels";
import { FindingsHere } from "../policy-engine/findings-here";
import { findingsHere } from "../policy-engine/findings.server";

const Query = z.object({ asOf: z.iso.date().optional().catch(undefined) });
const CHILDREN_SHOWN = 200;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Inventory");
  const assetId = requireUuidParam(params.assetId);
  const { asOf } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const organizationId = auth.organization.id;
  const locale = await detectLocale(request);
  return scoped(context, auth, async (tx) => {
    const asset = await getAsset(tx, { organizationId, assetId });
    if (!asset) throw notFound();
    const versions = await assetHistory(tx, { organizationId, assetId });
    const at = asOf ? endOfDay(asOf) : null;
    const shown = at ? (versions.find((v) => v.validFrom <= at && (!v.validTo || v.validTo > at)) ?? null) : (versions[0] ?? null);
    const tenant = shown?.tenantId ? await getTenant(tx, { organizationId, tenantId: shown.tenantId }) : null;
    return {
      asset,
      tenantName: tenant?.legalName ?? null,
      asOf: asOf ?? null,
      shown,
      versions,
      chain: await parentChain(tx, { organizationId, assetId }),
      children: await childrenOf(tx, { organizationId, assetId, limit: CHILDREN_SHOWN + 1 }),
      site: asset.kind === "site" ? await siteSummary(tx, { organizationId, siteId: asset.id }) : null,
      // The site overview is the present: an "as of" page shows the stored version only.
      siteView:
        asset.kind === "site" && !asOf && !asset.deletedAt
          ? await siteView(tx, {
              organizationId,
              siteId: asset.id,
              now: clock.now(),
              today: clock.today(),
              policySet: await organizationPolicySet(tx, { organizationId }),
            })
          : null,
      frameworkNames: Object.fromEntries(catalogue().frameworks.map((f) => [f.id, localText(f.name, locale)])),
      canCreatePermit: auth.ability.can("create", "Permit"),
      findingsHere: await findingsHere(tx, { organizationId, assetId }),
    };
  });
}

function AttributeValue({ name, value }: { name: string; value: unknown }) {
  const { t } = useTranslation();
  const n = useNumbers();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  // A coded value (a transfer mechanism, a device role), or a list of them, in the reader's words.
  const label = attributeValueLabel(name, value);
  if (label) return <>{t(label)}</>;
  const labels = Array.isArray(value) && value.length > 0 ? value.map((v) => attributeValueLabel(name, v)) : [];
  if (labels.length > 0 && labels.every((l) => l !== null)) return <>{labels.map((l) => t(l!)).join(", ")}</>;
  if (typeof value === "object") return <code className="wrap">{JSON.stringify(value)}</code>;
  // A measure (kW, MW, m², TB, units): every digit it was given, in the reader's notation.
  if (typeof value === "number") return <>{n.number(value, 6)}</>;
  return <>{String(value)}</>;
}

/** A value of the history as the version stored it (code), or in words when it is a coded attribute's. */
function ChangedValue({ field, value }: { field: string; value: string | null }) {
  const { t } = useTranslation();
  if (value === null) return <>—</>;
  const label = attributeValueLabel(field, value);
  return label ? <>{t(label)}</> : <code>{value}</code>;
}

function PowerGauge({ latestKw, capacityMw }: { latestKw: number; capacityMw: number }) {
  const { t, i18n } = useTranslation();
  const share = latestKw / (capacityMw * 1000);
  const number = { format: (v: number) => formatNumber(v, i18n.language, 1) };
  return (
    <div className="gauge">
      <meter
        min={0}
        max={capacityMw * 1000}
        low={capacityMw * 800}
        high={capacityMw * 950}
        value={latestKw}
        aria-label={t("inventory.siteView.draw")}
      />
      <p>
        {t("inventory.siteView.drawOf", {
          draw: number.format(latestKw / 1000),
          capacity: number.format(capacityMw),
          share: formatPercent(share, i18n.language, 0),
        })}
      </p>
    </div>
  );
}

function SiteSection() {
  const { t, i18n } = useTranslation();
  const { site, asset } = useLoaderData<typeof loader>();
  if (!site) return null;
  const capacity = Number(asset.attributes.contracted_capacity_mw ?? 0);
  return (
    <section aria-labelledby="site-summary">
      <h2 id="site-summary">{t("inventory.siteView.title")}</h2>
      {site.latestKw !== null && capacity > 0 ? (
        <>
          <PowerGauge latestKw={site.latestKw} capacityMw={capacity} />
          <p className="muted small">
            {t("inventory.siteView.measuredAt")} {site.latestAt ? <DateTime value={site.latestAt} /> : "—"} ·{" "}
            {t("inventory.siteView.peak", {
              peak: formatNumber((site.peakKw30d ?? 0) / 1000, i18n.language, 1),
            })}
          </p>
        </>
      ) : (
        <p className="muted">{t("inventory.siteView.noReadings")}</p>
      )}
      <div className="diff-grid">
        <div>
          <h3>{t("inventory.siteView.halls")}</h3>
          <ul className="plain-list">
            {site.halls.map((h) => (
              <li key={h.id}>
                <Link to={`/inventory/${h.id}`}>{h.name}</Link> · {t("inventory.siteView.racks", { count: h.racks })}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

export default function AssetPage() {
  const { t, i18n } = useTranslation();
  const { asset, shown, versions, chain, children, asOf, tenantName, findingsHere, siteView, frameworkNames, canCreatePermit } =
    useLoaderData<typeof loader>();
  const country = asset.effectiveCountry ? countryName(asset.effectiveCountry, i18n.language) : "—";
  return (
    <>
      <nav aria-label={t("inventory.chain")} className="breadcrumbs">
        <Link to="/inventory">{t("nav.inventory")}</Link>
        {[...chain].reverse().map((p) => (
          <span key={p.id}>
            {" / "}
            <Link to={`/inventory/${p.id}`}>{p.name}</Link>
          </span>
        ))}
      </nav>
      <PageHeader
        title={shown?.name ?? asset.name}
        description={`${t(ASSET_KIND_LABEL[asset.kind])} · ${asset.source} · ${asset.externalId}`}
      />
      <FilterForm>
        <div className="field">
          <label htmlFor="asset-asof">{t("inventory.asOf")}</label>
          <input id="asset-asof" type="date" name="asOf" defaultValue={asOf ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("inventory.show")}
        </button>
        {asOf ? <Link to={`/inventory/${asset.id}`}>{t("inventory.now")}</Link> : null}
      </FilterForm>
      {siteView ? <SiteAnswer siteId={asset.id} view={siteView} /> : null}
      <FindingsHere {...findingsHere} siteId={asset.kind === "site" ? asset.id : null} />
      {siteView ? (
        <>
          <FindingsByFramework siteId={asset.id} view={siteView} frameworkNames={frameworkNames} />
          <PermitLimits siteId={asset.id} view={siteView} canCreatePermit={canCreatePermit} />
          <SiteSection />
          <TenantCapacity view={siteView} />
          <EnergyFigures view={siteView} />
          <SiteDeadlines view={siteView} />
        </>
      ) : (
        <SiteSection />
      )}
      {asset.deletedAt && !asOf ? (
        <p className="alert alert-error" role="status">
          {t("inventory.deletedNotice")} <DateTime value={asset.deletedAt} />
        </p>
      ) : null}
      {!shown ? (
        <p className="alert alert-info" role="status">
          {t("inventory.notYet", { date: asOf })}
        </p>
      ) : (
        <>
          {asOf ? (
            <p className="alert alert-info" role="status">
              {t("inventory.versionNotice", { version: shown.version, date: asOf })}
            </p>
          ) : null}
          <dl className="details">
            <dt>{t("inventory.tenant")}</dt>
            <dd>
              {shown.tenantId ? (
                <Link to={`/settings/tenants/${shown.tenantId}`}>{tenantName ?? t("inventory.openTenant")}</Link>
              ) : (
                t("inventory.operatorOwned")
              )}
            </dd>
            <dt>{t("inventory.country")}</dt>
            <dd>
              {country}
              {asset.country ? "" : ` (${t("inventory.inherited")})`}
            </dd>
            <dt>{t("inventory.region")}</dt>
            <dd>{shown.region ?? "—"}</dd>
            <dt>{t("inventory.owner")}</dt>
            <dd>{shown.owner ?? "—"}</dd>
            <dt>{t("inventory.tags")}</dt>
            <dd>{shown.tags.length ? shown.tags.join(", ") : "—"}</dd>
            <dt>{t("inventory.seen")}</dt>
            <dd>
              <DateTime value={asset.firstSeenAt} /> → <DateTime value={asset.lastSeenAt} />
            </dd>
          </dl>
          <h2>{t("inventory.attributes")}</h2>
          {Object.keys(shown.attributes).length === 0 ? (
            <p className="muted">{t("inventory.noAttributes")}</p>
          ) : (
            <dl className="details">
              {Object.entries(shown.attributes).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt>
                    <code>{key}</code>
                  </dt>
                  <dd>
                    <AttributeValue name={key} value={value} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </>
      )}
      {children.length > 0 ? (
        <section aria-labelledby="children">
          <h2 id="children">{t("inventory.children")}</h2>
          <ul className="plain-list columns">
            {children.slice(0, CHILDREN_SHOWN).map((c) => (
              <li key={c.id}>
                <Link to={`/inventory/${c.id}`}>{c.name}</Link> <span className="muted">({t(ASSET_KIND_LABEL[c.kind])})</span>
              </li>
            ))}
          </ul>
          {children.length > CHILDREN_SHOWN ? (
            <p>
              <Link to={asset.kind === "site" ? `/inventory?site=${asset.id}` : "/inventory"}>{t("inventory.moreChildren")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="history">
        <h2 id="history">{t("inventory.history")}</h2>
        <ol className="timeline">
          {versions.map((v, i) => {
            const previous = versions[i + 1];
            const changes = previous
              ? changedFields(
                  {
                    name: previous.name,
                    parentId: previous.parentId,
                    tenantId: previous.tenantId,
                    country: previous.country,
                    region: previous.region,
                    owner: previous.owner,
                    tags: previous.tags,
                    ...previous.attributes,
                  },
                  {
                    name: v.name,
                    parentId: v.parentId,
                    tenantId: v.tenantId,
                    country: v.country,
                    region: v.region,
                    owner: v.owner,
                    tags: v.tags,
                    ...v.attributes,
                  },
                )
              : [];
            return (
              <li key={v.version}>
                <strong>v{v.version}</strong> · <DateTime value={v.validFrom} /> →{" "}
                {v.validTo ? <DateTime value={v.validTo} /> : t("inventory.current")}
                {previous ? (
                  <ul>
                    {changes.map((c) => (
                      <li key={c.field}>
                        <code>{c.field}</code>: <ChangedValue field={c.field} value={c.before} /> →{" "}
                        <ChangedValue field={c.field} value={c.after} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted"> · {t("inventory.firstSeen")}</span>
                )}
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.inventory");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
