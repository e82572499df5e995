import type { EvaluationContext, OrgFacts } from "./facts";

/**
 * What the members of one tenant may read of the organisation-wide facts a policy sees (`org`), for the results of
 * that tenant's resources: their finding page, the tenant portal and the attestations show the evidence and the
 * message stored with each result.
 *
 * Policies still decide on every fact (a tenant's cloud resource is covered by the operator's own agreement with
 * its provider); what is stored and shown is the tenant's view:
 * - `org.id`, `org.name`: the operator, whom the tenant knows;
 * - `org.agreements`: only the agreements the tenant is a party of; the others are said as a count,
 *   `{ "not_shown": n }`, never by title, id or counterparty;
 * - any other organisation-wide fact (none today): left out.
 *
 * One rule, two places: the engine applies it when it stores a tenant resource's result (so that no output, now or
 * later, can forget it), and the finding page applies it again when a tenant member reads a finding stored before.
 */

/** `org` as the expressions of a tenant's message see it: built field by field, so that a new org fact is a decision here. */
export function orgSeenByTenant(org: OrgFacts, agreementIds: ReadonlySet<string>): OrgFacts {
  return { id: org.id, name: org.name, agreements: org.agreements.filter((a) => agreementIds.has(a.id)) };
}

const KEPT = new Set(["org.id", "org.name"]);
const MORE = /^… (\d+) more$/;

/** A result's evidence as a member of the tenant party to `agreementIds` may read it (see above). */
export function evidenceSeenByTenant(evidence: Record<string, unknown>, agreementIds: ReadonlySet<string>): Record<string, unknown> {
  if (!Object.keys(evidence).some((path) => path === "org" || path.startsWith("org."))) return evidence;
  const seen: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(evidence)) {
    if (path !== "org" && !path.startsWith("org.")) seen[path] = value;
    else if (KEPT.has(path)) seen[path] = value;
    else if (path === "org.agreements") seen[path] = agreementsSeen(value, agreementIds);
  }
  return seen;
}

function agreementsSeen(value: unknown, agreementIds: ReadonlySet<string>): unknown[] {
  if (!Array.isArray(value)) return [];
  const kept: unknown[] = [];
  let hidden = 0;
  for (const item of value) {
    if (item && typeof item === "object" && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      if (typeof record.not_shown === "number" && Object.keys(record).length === 1) hidden += record.not_shown;
      else if (typeof record.id === "string" && agreementIds.has(record.id)) kept.push(item);
      else hidden += 1;
    } else {
      const more = typeof item === "string" ? MORE.exec(item) : null;
      hidden += more ? Number(more[1]) : 1;
    }
  }
  return hidden > 0 ? [...kept, { not_shown: hidden }] : kept;
}

/** The tenant's view of one resource's context, or null for a resource of no tenant (the operator's own). */
export type TenantView = { facts: EvaluationContext; agreementIds: ReadonlySet<string> };

/** Builds (and keeps, per tenant) the view policies' evidence and messages are stored from. */
export function tenantViews() {
  const byTenant = new Map<string, { org: OrgFacts; agreementIds: ReadonlySet<string> }>();
  return (context: EvaluationContext): TenantView | null => {
    const tenantId = context.resource.tenant_id ?? (context.resource.kind === "tenant" ? context.resource.id : null);
    if (!tenantId) return null;
    let view = byTenant.get(tenantId);
    if (!view) {
      const agreementIds = new Set((context.tenant?.id === tenantId ? context.tenant.agreements : []).map((a) => a.id));
      view = { org: orgSeenByTenant(context.org, agreementIds), agreementIds };
      byTenant.set(tenantId, view);
    }
    return { facts: { ...context, org: view.org }, agreementIds: view.agreementIds };
  };
}
