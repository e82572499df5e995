import type { Finding } from "../../db/schema";
import { PERMIT_TYPES, type PermitType } from "../../db/schema/permits";
import { loadTemplates } from "../agreements/templates.server";
import type { Action, SubjectName } from "../auth/ability";
import { kindOfResource, namedKey, type NamedRecord } from "./evidence-links.server";
import type { CompiledPolicy } from "./packs.server";
import type { PolicyText } from "./policy-schema";

/** One way to act on a finding, as its page links to it; the reader is allowed to follow it. */
export type RemediationLink =
  | { kind: "new_permit"; href: string; siteName: string; permitType: PermitType | null; renewal: boolean }
  | { kind: "new_agreement"; href: string; template: PolicyText | null }
  | { kind: "resource"; href: string; name: string; resourceKind: string }
  | { kind: "control"; href: string; framework: string; requirement: string };

/** Whether the reader may do something, against the real record when there is one (auth.ability.can). */
export type Can = (action: Action, subject: SubjectName, record?: Record<string, unknown>) => boolean;

/** The page of a named record and what one must be allowed to read to open it; null for a tenant member's reader. */
export function recordPage(record: NamedRecord): { href: string; subject: SubjectName } {
  if (record.kind === "permit") return { href: `/permits/${record.id}`, subject: "Permit" };
  if (record.kind === "agreement") return { href: `/agreements/${record.id}`, subject: "Agreement" };
  if (record.kind === "tenant") return { href: `/settings/tenants/${record.id}`, subject: "Tenant" };
  return { href: `/inventory/${record.id}`, subject: "Inventory" };
}

/**
 * The evidence as the facts it was read from (`resource.permits` → `{ resource: { permits } }`), for an action's
 * expression: the policy loader made sure it reads nothing else.
 */
export function factsOfEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(evidence)) {
    const segments = path.split(".");
    let at = facts;
    for (const segment of segments.slice(0, -1)) {
      const next = at[segment];
      at = (next && typeof next === "object" && !Array.isArray(next) ? next : (at[segment] = {})) as Record<string, unknown>;
    }
    at[segments.at(-1)!] = value;
  }
  return facts;
}

function permitTypes(policy: CompiledPolicy, evidence: Record<string, unknown>): PermitType[] {
  const expression = policy.compiled.actionTypes;
  if (!expression) return [];
  try {
    const value = expression.evaluate(factsOfEvidence(evidence));
    if (!Array.isArray(value)) return [];
    return value.filter((v): v is PermitType => (PERMIT_TYPES as readonly string[]).includes(v as string));
  } catch {
    // Evidence stored before the policy changed may not fit its expression: the plain form is still offered.
    return [];
  }
}

const newPermitHref = (siteId: string, type: PermitType | null, status?: "applied") => {
  const query = new URLSearchParams({ site: siteId });
  if (type) query.set("type", type);
  if (status) query.set("status", status);
  return `/permits/new?${query.toString()}`;
};

/**
 * Where to act on a finding, by its policy's `remediation_action` (its resource's page when it names none), as links
 * the reader may follow: `can` answers for the reader, `named` holds the records the finding names as the reader
 * may know them (evidence-links.server.ts). Nothing is offered that the reader could not do.
 */
export function remediationLinks(params: {
  policy: CompiledPolicy;
  finding: Pick<Finding, "resourceKind" | "resourceId" | "resourceName" | "evidence">;
  named: ReadonlyMap<string, NamedRecord>;
  can: Can;
}): RemediationLink[] {
  const { policy, finding, named, can } = params;
  const action = policy.remediation_action ?? { kind: "resource" as const };
  const resource = named.get(namedKey(kindOfResource(finding.resourceKind), finding.resourceId));
  switch (action.kind) {
    case "new_permit": {
      if (!can("create", "Permit")) return [];
      // A site's missing permits, or the renewal of the permit the finding is on.
      const site =
        resource?.kind === "asset" && resource.assetKind === "site"
          ? resource
          : resource?.kind === "permit" || resource?.kind === "asset"
            ? named.get(namedKey("asset", resource.siteId ?? ""))
            : undefined;
      if (!site) return [];
      if (resource?.kind === "permit")
        return [
          {
            kind: "new_permit",
            href: newPermitHref(site.id, resource.type, "applied"),
            siteName: site.name,
            permitType: resource.type,
            renewal: true,
          },
        ];
      const types = permitTypes(policy, finding.evidence);
      if (!types.length)
        return [{ kind: "new_permit", href: newPermitHref(site.id, null), siteName: site.name, permitType: null, renewal: false }];
      return types.map((type) => ({
        kind: "new_permit",
        href: newPermitHref(site.id, type),
        siteName: site.name,
        permitType: type,
        renewal: false,
      }));
    }
    case "new_agreement": {
      if (!can("create", "Agreement")) return [];
      const template = action.template ? loadTemplates().find((t) => t.id === action.template) : undefined;
      return [
        {
          kind: "new_agreement",
          href: template ? `/agreements/new?template=${encodeURIComponent(template.id)}` : "/agreements/new",
          template: template?.title ?? null,
        },
      ];
    }
    case "control": {
      const reference = policy.references[0];
      if (!reference || !can("update", "Control")) return [];
      return [
        {
          kind: "control",
          href: `/controls/${reference.framework}/${encodeURIComponent(reference.requirement)}`,
          framework: reference.framework,
          requirement: reference.requirement,
        },
      ];
    }
    case "resource": {
      if (!resource) return [];
      const page = recordPage(resource);
      // To act is to change the record: its page is offered to those who may.
      if (!can("update", page.subject, resource)) return [];
      const href = resource.kind === "permit" ? `${page.href}/edit` : page.href;
      return [{ kind: "resource", href, name: resource.name, resourceKind: finding.resourceKind }];
    }
  }
}
