import {
  AbilityBuilder,
  createMongoAbility,
  subject as asSubject,
  type AnyMongoAbility,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
} from "@casl/ability";
import type { Role } from "../../db/schema/identity";

export const ACTIONS = ["manage", "read", "create", "update", "delete", "export"] as const;
export type Action = (typeof ACTIONS)[number];

export const SUBJECTS = [
  "Organization",
  "Tenant",
  "Membership",
  "Invitation",
  "AuditLog",
  "Inventory",
  "Finding",
  /** A request for a four-eyes exception: made by whoever may update the finding, decided by another person. */
  "ExceptionRequest",
  "Policy",
  "Control",
  "Permit",
  "Agreement",
  "Report",
  "Audit",
  /** The risk register: the operator's own analysis, never a tenant's (docs/decisions/014-risk-register.md). */
  "Risk",
  "ApiToken",
] as const;
export type SubjectName = (typeof SUBJECTS)[number];
type SubjectRecord = ForcedSubject<SubjectName>;
export type AppAbility = MongoAbility<[Action, SubjectName | SubjectRecord | "all"], MongoQuery>;

export type AbilityMembership = {
  role: Role;
  organizationId: string;
  tenantId: string | null;
};

// Rules name subjects by type and put Mongo-style conditions on the row's columns. CASL's own builder types
// cannot infer condition fields for string-named subjects, so the rules are written against this narrower view.
type Conditions = Record<string, unknown>;
type RuleFn = (action: Action | Action[], subject: SubjectName | SubjectName[], conditions?: Conditions) => unknown;
type Builder = { can: RuleFn; cannot: RuleFn };

/** Everything in the organisation, for the roles that may read it all. */
function readOrganization({ can }: Builder, organizationId: string) {
  can("read", SUBJECTS as unknown as SubjectName[], { organizationId });
  can("read", "Organization", { id: organizationId });
}

const ROLE_RULES: Record<Role, (builder: Builder, m: AbilityMembership) => void> = {
  admin(builder, { organizationId }) {
    builder.can("manage", SUBJECTS as unknown as SubjectName[], { organizationId });
    builder.can("manage", "Organization", { id: organizationId });
  },
  compliance_officer(builder, { organizationId }) {
    readOrganization(builder, organizationId);
    builder.can(["create", "update", "delete"], ["Inventory", "Finding", "Policy", "Control", "Permit", "Report", "Audit"], {
      organizationId,
    });
    // Risks are archived, never deleted (decision 014).
    builder.can(["create", "update"], "Risk", { organizationId });
    // Deciding a four-eyes request (approve or refuse); that the decider is not the requester is checked on the row.
    builder.can("update", "ExceptionRequest", { organizationId });
    builder.can("export", ["AuditLog", "Report", "Finding", "Control", "Inventory", "Risk"], { organizationId });
    builder.cannot("read", ["Membership", "Invitation", "ApiToken"]);
  },
  legal(builder, { organizationId }) {
    readOrganization(builder, organizationId);
    builder.can(["create", "update", "delete"], ["Agreement", "Permit"], { organizationId });
    builder.can("export", ["Agreement", "Report"], { organizationId });
    builder.cannot("read", ["Membership", "Invitation", "ApiToken"]);
  },
  auditor(builder, { organizationId }) {
    readOrganization(builder, organizationId);
    builder.can("export", SUBJECTS as unknown as SubjectName[], { organizationId });
  },
  tenant_member(builder, { organizationId, tenantId }) {
    if (!tenantId) throw new Error("A tenant member must belong to a tenant");
    builder.can("read", "Organization", { id: organizationId });
    builder.can("read", "Tenant", { organizationId, id: tenantId });
    builder.can("read", "Report", { organizationId, tenantId });
    builder.can("read", "Finding", { organizationId, tenantId });
    // An agreement lists its tenants: the member reads those its own tenant signed.
    builder.can("read", "Agreement", { organizationId, tenantIds: tenantId });
  },
};

export function defineAbilityFor(membership: AbilityMembership): AppAbility {
  const rules = ROLE_RULES[membership.role];
  if (!rules) throw new Error(`Unknown role: ${String(membership.role)}`);
  const builder = new AbilityBuilder<AnyMongoAbility>(createMongoAbility);
  rules(builder as unknown as Builder, membership);
  return builder.build() as unknown as AppAbility;
}

/** Tags a record with its subject type so that CASL checks its conditions against the real row. */
export function subject<T extends Record<string, unknown>>(name: SubjectName, record: T) {
  return asSubject(name, { ...record });
}
