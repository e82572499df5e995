import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { residencyProfile } from "../agreements/agreements.server";
import { countryName } from "../i18n/countries";
import { translator, type Locale } from "../i18n/i18n";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { loadFacts } from "../policy-engine/load-facts.server";

type Params = { organizationId: string; tenantId: string };

export class AttestationError extends Error {
  constructor(
    readonly field: "tenant" | "as_of" | "run",
    message: string,
  ) {
    super(message);
  }
}

type Place = { place: string; country: string | null; kinds: Map<string, number> };
type DatasetPlaces = { name: string; storage: string[]; replicas: string[]; backups: string[]; holders: string[] };

/** What an attestation states, independent of language: everything is read inside one transaction. */
export type AttestationState = Awaited<ReturnType<typeof attestationState>>;

/** Kinds that sit somewhere: transfers are flows (checked by the residency policies), feeds carry power. */
const PLACED_KINDS = new Set<string>(["site", "hall", "rack", "device", "storage_volume", "dataset", "backup", "cloud_resource"]);

/** Long hashes in groups of 16, so that they wrap on a page and can still be read out. */
export const grouped = (hex: string) => hex.replace(/(.{16})(?=.)/g, "$1 ");

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

async function latestRun(tx: Tx, organizationId: string, asOf: Date | null) {
  const [run] = rowsOf<{ id: string; finished_at: Date; inventory_version: number | null }>(
    await tx.execute(sql`
      select id, finished_at, inventory_version from evaluation_runs
      where organization_id = ${organizationId} and status = 'completed' ${asOf ? sql`and finished_at <= ${asOf.toISOString()}::timestamptz` : sql``}
      order by finished_at desc limit 1`),
  );
  return run ?? null;
}

/** SHA-256 of the tenant's live assets as `id:version:content hash` lines sorted by id: what was attested. */
export async function inventoryDigest(tx: Tx, { organizationId, tenantId }: Params) {
  const rows = rowsOf<{ id: string; version: number; content_hash: string }>(
    await tx.execute(
      sql`select id, version, content_hash from assets where organization_id = ${organizationId} and tenant_id = ${tenantId} and deleted_at is null order by id`,
    ),
  );
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${row.id}:${row.version}:${row.content_hash}\n`);
  return { digest: hash.digest("hex"), assetIds: rows.map((r) => r.id) };
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
    const entry = places.get(key) ?? { place, country, kinds: new Map() };
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

async function policyResults(tx: Tx, { organizationId, tenantId }: Params) {
  return rowsOf<{ policy_id: string; checked: number; failing: number; accepted: number }>(
    await tx.execute(sql`
      select r.policy_id,
        count(*) filter (where r.status <> 'not_applicable')::int as checked,
        count(*) filter (where r.status in ('fail','error'))::int as failing,
        (select count(*)::int from findings f where f.organization_id = r.organization_id and f.tenant_id = ${tenantId} and f.policy_id = r.policy_id and f.status = 'accepted') as accepted
      from policy_results r
      where r.organization_id = ${organizationId} and r.tenant_id = ${tenantId}
      group by r.organization_id, r.policy_id
      having count(*) filter (where r.status <> 'not_applicable') > 0
      order by r.policy_id`),
  );
}

async function openFindings(tx: Tx, { organizationId, tenantId }: Params) {
  const rows = rowsOf<{
    id: string;
    policy_id: string;
    severity: string;
    resource_name: string;
    message: { en: string; fr: string };
    first_seen_at: Date;
  }>(
    await tx.execute(sql`
      select id, policy_id, severity, resource_name, message, first_seen_at from findings
      where organization_id = ${organizationId} and tenant_id = ${tenantId} and status = 'open'`),
  );
  return rows.sort(
    (a, b) =>
      (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
      a.policy_id.localeCompare(b.policy_id) ||
      a.resource_name.localeCompare(b.resource_name) ||
      a.id.localeCompare(b.id),
  );
}

async function openExceptions(tx: Tx, { organizationId, tenantId }: Params) {
  return rowsOf<{ policy_id: string; resource_name: string; justification: string; granted_by_label: string; expires_on: string }>(
    await tx.execute(sql`
      select f.policy_id, f.resource_name, e.justification, e.granted_by_label, e.expires_on::text as expires_on
      from finding_exceptions e join findings f on f.id = e.finding_id
      where e.organization_id = ${organizationId} and f.tenant_id = ${tenantId} and e.ended_at is null
      order by f.policy_id, f.resource_name, e.id`),
  );
}

/**
 * The tenant's state as judged by the latest completed evaluation run (at or before `asOf`). Attest keeps the
 * latest result of each check, not every past one: an `asOf` earlier than the tenant's latest results is refused
 * rather than answered with today's state.
 */
export async function attestationState(tx: Tx, params: Params & { asOf: Date | null; now: Date }) {
  const [tenant] = rowsOf<{ id: string; name: string; slug: string }>(
    await tx.execute(
      sql`select id, legal_name as name, slug from tenants where organization_id = ${params.organizationId} and id = ${params.tenantId}`,
    ),
  );
  if (!tenant) throw new AttestationError("tenant", "no such tenant");
  const [org] = rowsOf<{ name: string; slug: string }>(
    await tx.execute(sql`select name, slug from organizations where id = ${params.organizationId}`),
  );
  const run = await latestRun(tx, params.organizationId, params.asOf);
  if (!run) throw new AttestationError("run", "no completed evaluation run: run the policies first");
  if (params.asOf) {
    const [latest] = rowsOf<{ at: Date | null }>(
      await tx.execute(
        sql`select max(evaluated_at) as at from policy_results where organization_id = ${params.organizationId} and tenant_id = ${params.tenantId}`,
      ),
    );
    if (latest?.at && new Date(latest.at) > params.asOf) {
      throw new AttestationError(
        "as_of",
        `the tenant's results were re-evaluated at ${new Date(latest.at).toISOString()}, after as_of; Attest attests the latest evaluated state only`,
      );
    }
  }
  const inventory = await inventoryDigest(tx, params);
  const { places, datasets } = await locationsOf(tx, params.organizationId, inventory.assetIds, params.now);
  const policySet = await organizationPolicySet(tx, { organizationId: params.organizationId });
  return {
    org: org!,
    tenant,
    run: { id: run.id, finishedAt: new Date(run.finished_at), inventoryVersion: run.inventory_version ?? 0 },
    inventoryDigest: inventory.digest,
    assetCount: inventory.assetIds.length,
    places,
    datasets,
    profile: await residencyProfile(tx, params),
    policies: (await policyResults(tx, params)).map((p) => ({ ...p, policy: policySet.byId.get(p.policy_id) ?? null })),
    findings: await openFindings(tx, params),
    exceptions: await openExceptions(tx, params),
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

/** The template's data in one language: every value is already text. */
export function attestationData(state: AttestationState, language: Locale, doc: AttestationDocument) {
  const t = translator(language);
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
      issuedBy: doc.issuedBy,
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
    summary: { assets: String(state.assetCount), places: String(state.places.length), countries: countries([...allCountries].sort()) },
    locations: state.places.map((p) => ({
      place: p.place || t("reports.attestation.noSite"),
      country: country(p.country),
      resources: [...p.kinds.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, n]) => `${t(`kinds.${kind}`)} × ${n}`)
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
      pack: p.policy?.pack ?? "—",
      checked: String(p.checked),
      failing: String(p.failing),
      result:
        p.failing === 0 ? t("reports.results.pass") : p.failing === p.accepted ? t("reports.results.exception") : t("reports.results.fail"),
    })),
    findings: state.findings.map((f) => ({
      severity: t(`findings.severities.${f.severity}`),
      resource: f.resource_name,
      message: f.message[language],
      since: documentTime(new Date(f.first_seen_at)),
    })),
    exceptions: state.exceptions.map((e) => ({
      policy: e.policy_id,
      resource: e.resource_name,
      justification: e.justification,
      grantedBy: e.granted_by_label,
      expiresOn: e.expires_on,
    })),
  };
}
