import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { residencyProfile } from "../agreements/agreements.server";
import { countryName } from "../i18n/countries";
import { translator, type Locale } from "../i18n/i18n";
import { formatNumber } from "../ui/numbers";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import {
  belongedToTenantAt,
  exceptionHeldAt,
  findingLiveAt,
  findingStatusAt,
  resultCountsAt,
  standingRun,
  type ClosingRun,
  type FindingInstants,
  type NoStandingRun,
} from "../policy-engine/history.server";
import { loadFacts } from "../policy-engine/load-facts.server";
import { inventoryDigestAt, withInventoryAsOf } from "../inventory/as-of.server";
import * as clock from "../config/clock";
import { actorName, labelOf, ASSET_KIND_LABEL, CLOUD_PROVIDER_LABEL, POLICY_PACK_LABEL, SEVERITY_LABEL } from "../i18n/labels";
import type { MessageKey } from "../i18n/keys";

type Params = { organizationId: string; tenantId: string };

/** Why nothing was attested, with what the reader needs to choose another instant. */
export type AttestationRefusal = { code: "no_tenant" } | { code: "future_as_of" } | NoStandingRun;

const FIELD_OF: Record<AttestationRefusal["code"], "tenant" | "as_of" | "run"> = {
  no_tenant: "tenant",
  future_as_of: "as_of",
  no_run: "run",
  before_first_run: "as_of",
  not_recorded: "as_of",
};

function refusalText(refusal: AttestationRefusal): string {
  switch (refusal.code) {
    case "no_tenant":
      return "no such tenant";
    case "future_as_of":
      return "as_of is in the future: Attest attests what held at a past instant";
    case "no_run":
      return "no completed evaluation run: run the policies first";
    case "before_first_run":
      return `no evaluation run had completed by as_of: the first one completed at ${refusal.firstRunAt.toISOString()}`;
    case "not_recorded":
      return `the checks' results before ${refusal.firstRecordedAt?.toISOString() ?? "the next run"} were not kept: choose a later as_of`;
  }
}

const REFUSAL_KEY = {
  no_tenant: "reports.attestations.refusals.no_tenant",
  future_as_of: "reports.attestations.refusals.future_as_of",
  no_run: "reports.attestations.refusals.no_run",
  before_first_run: "reports.attestations.refusals.before_first_run",
  not_recorded: "reports.attestations.refusals.not_recorded",
} as const satisfies Record<AttestationRefusal["code"], MessageKey>;

/** The refusal as a message, for the reader's language. */
export function refusalMessage(refusal: AttestationRefusal): { key: MessageKey; values: Record<string, string> } {
  const values: Record<string, string> = {};
  if (refusal.code === "before_first_run") values.firstRunAt = documentTime(refusal.firstRunAt);
  if (refusal.code === "not_recorded") values.firstRecordedAt = refusal.firstRecordedAt ? documentTime(refusal.firstRecordedAt) : "—";
  return { key: REFUSAL_KEY[refusal.code], values };
}

export class AttestationError extends Error {
  readonly field: "tenant" | "as_of" | "run";
  constructor(readonly refusal: AttestationRefusal) {
    super(refusalText(refusal));
    this.field = FIELD_OF[refusal.code];
  }
}

/** A place: a site's name, or a cloud region (`cloud`, whose provider a document names by its label). */
type Place = { place: string; country: string | null; kinds: Map<string, number>; cloud?: { provider: string; region: string } };
type DatasetPlaces = { name: string; storage: string[]; replicas: string[]; backups: string[]; holders: string[] };

/** What an attestation states, independent of language: everything is read inside one transaction. */
export type AttestationState = Awaited<ReturnType<typeof attestationState>>;

/** Kinds that sit somewhere: transfers are flows (checked by the residency policies), feeds carry power. */
const PLACED_KINDS = new Set<string>(["site", "hall", "rack", "device", "storage_volume", "dataset", "backup", "cloud_resource"]);

/** Long hashes in groups of 16, so that they wrap on a page and can still be read out. */
export const grouped = (hex: string) => hex.replace(/(.{16})(?=.)/g, "$1 ");

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The tenant's inventory at an instant (now by default): its digest and asset ids (see inventoryDigestAt). */
export function inventoryDigest(tx: Tx, params: Params & { at?: Date }) {
  return inventoryDigestAt(tx, { organizationId: params.organizationId, tenantId: params.tenantId, at: params.at ?? clock.now() });
}

export async function locationsOf(tx: Tx, organizationId: string, assetIds: string[], now: Date) {
  const facts = await loadFacts(
    tx,
    organizationId,
    { full: false, assetIds: new Set(assetIds), tenantIds: new Set(), permitIds: new Set(), agreementIds: new Set() },
    now,
  );
  const places = new Map<string, Place>();
  const datasets: DatasetPlaces[] = [];
  for (const resource of facts.resources) {
    if (!PLACED_KINDS.has(resource.kind)) continue;
    const country = (resource.country as string | null) ?? null;
    const attributes = (resource.attributes ?? {}) as Record<string, unknown>;
    const place =
      resource.kind === "cloud_resource"
        ? `${String(attributes.provider ?? "?")} ${String(attributes.region_id ?? "?")}`
        : resource.kind === "site"
          ? resource.name
          : (facts.sites.get(resource.site_id ?? "")?.name ?? "");
    const key = `${place}\u0000${country ?? ""}`;
    const cloud =
      resource.kind === "cloud_resource"
        ? { provider: String(attributes.provider ?? "?"), region: String(attributes.region_id ?? "?") }
        : undefined;
    const entry = places.get(key) ?? { place, country, kinds: new Map(), ...(cloud ? { cloud } : {}) };
    entry.kinds.set(resource.kind, (entry.kinds.get(resource.kind) ?? 0) + 1);
    places.set(key, entry);
    if (resource.kind === "dataset") {
      datasets.push({
        name: resource.name,
        storage: resource.storage_countries as string[],
        replicas: resource.replica_countries as string[],
        backups: resource.backup_countries as string[],
        holders: (resource.holders as { name: string }[]).map((h) => h.name).sort(),
      });
    }
  }
  const byName = (a: { place: string; country: string | null }, b: { place: string; country: string | null }) =>
    a.place.localeCompare(b.place) || (a.country ?? "").localeCompare(b.country ?? "");
  return { places: [...places.values()].sort(byName), datasets: datasets.sort((a, b) => a.name.localeCompare(b.name)) };
}

type TenantFinding = {
  id: string;
  policy_id: string;
  severity: string;
  resource_name: string;
  message: { en: string; fr: string };
  first_seen_at: Date;
  status: "open" | "accepted";
};

/** The findings live at the instants on resources that were the tenant's then, with their status then. */
async function tenantFindingsAt(tx: Tx, { organizationId, tenantId }: Params, instants: FindingInstants): Promise<TenantFinding[]> {
  const rows = rowsOf<TenantFinding>(
    await tx.execute(sql`
      select f.id, f.policy_id, f.severity, f.resource_name, f.message, f.first_seen_at, ${findingStatusAt(instants)} as status from findings f
      where f.organization_id = ${organizationId} and ${findingLiveAt(instants.runAt)} and ${belongedToTenantAt(tenantId, instants.runAt)}`),
  );
  return rows.sort(
    (a, b) =>
      (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
      a.policy_id.localeCompare(b.policy_id) ||
      a.resource_name.localeCompare(b.resource_name) ||
      a.id.localeCompare(b.id),
  );
}

async function policyResultsAt(tx: Tx, params: Params, run: ClosingRun, findings: TenantFinding[]) {
  const counts = await resultCountsAt(tx, { organizationId: params.organizationId, run, tenantId: params.tenantId });
  const accepted = (policyId: string) => findings.filter((f) => f.policy_id === policyId && f.status === "accepted").length;
  return [...counts.entries()]
    .map(([policy_id, c]) => ({ policy_id, checked: c.pass + c.fail + c.error, failing: c.fail + c.error, accepted: accepted(policy_id) }))
    .filter((p) => p.checked > 0)
    .sort((a, b) => a.policy_id.localeCompare(b.policy_id));
}

async function exceptionsHeldAt(tx: Tx, { organizationId, tenantId }: Params, instants: FindingInstants) {
  return rowsOf<{ policy_id: string; resource_name: string; justification: string; granted_by_label: string; expires_on: string }>(
    await tx.execute(sql`
      select f.policy_id, f.resource_name, e.justification, e.granted_by_label, e.expires_on::text as expires_on
      from finding_exceptions e join findings f on f.id = e.finding_id
      where e.organization_id = ${organizationId} and ${exceptionHeldAt(instants.at)} and ${findingLiveAt(instants.runAt)}
        and ${belongedToTenantAt(tenantId, instants.runAt)}
      order by f.policy_id, f.resource_name, e.id`),
  );
}

/**
 * The tenant's state at an instant (`asOf`, or now): the checks as the run standing then left them, the findings
 * open and the exceptions holding then, its inventory and locations as they were then, and its residency profile then.
 */
export async function attestationState(tx: Tx, params: Params & { asOf: Date | null; now: Date }) {
  const at = params.asOf ?? params.now;
  if (at > params.now) throw new AttestationError({ code: "future_as_of" });
  const [tenant] = rowsOf<{ id: string; name: string; slug: string }>(
    await tx.execute(
      sql`select id, legal_name as name, slug from tenants where organization_id = ${params.organizationId} and id = ${params.tenantId}`,
    ),
  );
  if (!tenant) throw new AttestationError({ code: "no_tenant" });
  const [org] = rowsOf<{ name: string; slug: string }>(
    await tx.execute(sql`select name, slug from organizations where id = ${params.organizationId}`),
  );
  const standing = await standingRun(tx, params.organizationId, at);
  if ("missing" in standing) throw new AttestationError(standing.missing);
  const { run } = standing;
  const inventory = await inventoryDigest(tx, { ...params, at });
  const described = () => locationsOf(tx, params.organizationId, inventory.assetIds, at);
  const { places, datasets } = params.asOf ? await withInventoryAsOf(tx, params.organizationId, params.asOf, described) : await described();
  const policySet = await organizationPolicySet(tx, { organizationId: params.organizationId });
  const instants = { runAt: run.finishedAt, at };
  const findings = await tenantFindingsAt(tx, params, instants);
  return {
    org: org!,
    tenant,
    run: { id: run.id, finishedAt: run.finishedAt, inventoryVersion: run.inventoryVersion ?? 0 },
    inventoryDigest: inventory.digest,
    assetCount: inventory.assetIds.length,
    places,
    datasets,
    profile: await residencyProfile(tx, { ...params, at }),
    policies: (await policyResultsAt(tx, params, run, findings)).map((p) => ({ ...p, policy: policySet.byId.get(p.policy_id) ?? null })),
    findings: findings.filter((f) => f.status === "open").map(({ status: _status, ...f }) => f),
    exceptions: await exceptionsHeldAt(tx, params, instants),
  };
}

/** Dates in documents: UTC, to the minute, the same whoever reads them. */
export function documentTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export type AttestationDocument = {
  code: string;
  attestedAt: Date;
  issuedAt: Date;
  issuedBy: string;
  verifyUrl: string;
  keysUrl: string;
  kid: string;
  /** The audit chain head the document saw (seq and hash of the organisation's newest entry). */
  auditHead?: { seq: number; hash: string } | null;
};

/**
 * The template's data in one language: text, and quantities as numbers that the template engine writes in the
 * language (app/reports/pdf/resolve.ts); numeric identifiers (the inventory version) are text.
 */
export function attestationData(state: AttestationState, language: Locale, doc: AttestationDocument) {
  const t = translator(language);
  const n = (value: number) => formatNumber(value, language);
  const country = (code: string | null) => (code ? `${countryName(code, language)} (${code})` : t("reports.attestation.unknownCountry"));
  const countries = (codes: string[]) => (codes.length ? codes.map(country).join(", ") : "—");
  const allCountries = new Set<string>();
  for (const p of state.places) if (p.country) allCountries.add(p.country);
  for (const d of state.datasets) for (const c of [...d.storage, ...d.replicas, ...d.backups]) allCountries.add(c);
  const failing = state.findings.length;
  const checked = state.policies.reduce((sum, p) => sum + p.checked, 0);
  return {
    org: { name: state.org.name },
    tenant: { name: state.tenant.name, slug: state.tenant.slug },
    doc: {
      code: doc.code,
      attestedAt: documentTime(doc.attestedAt),
      issuedAt: documentTime(doc.issuedAt),
      issuedBy: actorName(doc.issuedBy, language),
      runId: state.run.id,
      runFinishedAt: documentTime(state.run.finishedAt),
      inventoryVersion: String(state.run.inventoryVersion),
      inventoryDigest: grouped(state.inventoryDigest),
      verifyUrl: doc.verifyUrl,
      keysUrl: doc.keysUrl,
      kid: doc.kid,
      auditHead: doc.auditHead ? `seq ${doc.auditHead.seq}, SHA-256 ${grouped(doc.auditHead.hash)}` : "—",
    },
    verdict:
      failing === 0
        ? t("reports.attestation.verdictPass", { count: checked, exceptions: state.exceptions.length })
        : t("reports.attestation.verdictFail", { count: checked, failing }),
    summary: { assets: state.assetCount, places: state.places.length, countries: countries([...allCountries].sort()) },
    locations: state.places.map((p) => ({
      place: p.cloud
        ? `${t(labelOf(CLOUD_PROVIDER_LABEL, p.cloud.provider))} ${p.cloud.region}`
        : p.place || t("reports.attestation.noSite"),
      country: country(p.country),
      resources: [...p.kinds.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, count]) => `${t(labelOf(ASSET_KIND_LABEL, kind))} × ${n(count)}`)
        .join(", "),
    })),
    datasets: state.datasets.map((d) => ({
      name: d.name,
      storage: countries(d.storage),
      replicas: countries(d.replicas),
      backups: countries(d.backups),
      holders: d.holders.join(", ") || "—",
    })),
    profile: {
      allowed: countries(state.profile.allowedCountries),
      sources: state.profile.entries.map((e) => ({
        text:
          e.source === "agreement"
            ? t("reports.attestation.sourceAgreement", { title: e.title, version: e.version, allowed: e.allowed.join(", ") })
            : e.source === "manual"
              ? t("reports.attestation.sourceManual", {
                  allowed: e.allowed.join(", "),
                  justification: e.justification,
                  author: e.author,
                  date: e.createdAt ? documentTime(new Date(e.createdAt)) : "—",
                })
              : t("reports.attestation.sourceDefault", { allowed: e.allowed.join(", ") }),
      })),
    },
    policies: state.policies.map((p) => ({
      id: p.policy_id,
      title: p.policy ? p.policy.title[language] : p.policy_id,
      pack: p.policy ? t(labelOf(POLICY_PACK_LABEL, p.policy.pack)) : "—",
      checked: p.checked,
      failing: p.failing,
      result:
        p.failing === 0 ? t("reports.results.pass") : p.failing === p.accepted ? t("reports.results.exception") : t("reports.results.fail"),
    })),
    findings: state.findings.map((f) => ({
      severity: t(labelOf(SEVERITY_LABEL, f.severity)),
      resource: f.resource_name,
      message: f.message[language],
      since: documentTime(new Date(f.first_seen_at)),
    })),
    exceptions: state.exceptions.map((e) => ({
      policy: e.policy_id,
      resource: e.resource_name,
      justification: e.justification,
      grantedBy: actorName(e.granted_by_label, language),
      expiresOn: e.expires_on,
    })),
  };
}
