import { describe, expect, it } from "vitest";
import { ROLES } from "../../db/schema/identity";
import { defineAbilityFor, subject } from "./ability";

const ORG = "11111111-1111-4111-8111-111111111111";
const OTHER_ORG = "22222222-2222-4222-8222-222222222222";
const TENANT = "33333333-3333-4333-8333-333333333333";
const OTHER_TENANT = "44444444-4444-4444-8444-444444444444";

const tenant = (id: string, organizationId = ORG) => subject("Tenant", { id, organizationId });
const membership = (organizationId = ORG) => subject("Membership", { id: "m", organizationId });
const auditEntries = (organizationId = ORG) => subject("AuditLog", { organizationId });
const agreement = (organizationId = ORG) => subject("Agreement", { id: "a", organizationId });

function abilityFor(role: (typeof ROLES)[number]) {
  return defineAbilityFor({ role, organizationId: ORG, tenantId: role === "tenant_member" ? TENANT : null });
}

describe("defineAbilityFor", () => {
  it("lets an admin manage everything of its organisation and nothing of another", () => {
    const ability = abilityFor("admin");
    expect(ability.can("delete", tenant(TENANT))).toBe(true);
    expect(ability.can("create", membership())).toBe(true);
    expect(ability.can("read", tenant(TENANT, OTHER_ORG))).toBe(false);
    expect(ability.can("delete", membership(OTHER_ORG))).toBe(false);
  });

  it("lets an auditor read and export everything, and change nothing", () => {
    const ability = abilityFor("auditor");
    expect(ability.can("read", tenant(TENANT))).toBe(true);
    expect(ability.can("read", membership())).toBe(true);
    expect(ability.can("export", auditEntries())).toBe(true);
    for (const action of ["create", "update", "delete"] as const) {
      expect(ability.can(action, tenant(TENANT))).toBe(false);
      expect(ability.can(action, membership())).toBe(false);
      expect(ability.can(action, agreement())).toBe(false);
    }
    expect(ability.can("read", auditEntries(OTHER_ORG))).toBe(false);
  });

  it("keeps compliance officers and legal out of membership management", () => {
    for (const role of ["compliance_officer", "legal"] as const) {
      const ability = abilityFor(role);
      expect(ability.can("read", membership())).toBe(false);
      expect(ability.can("create", membership())).toBe(false);
      expect(ability.can("read", tenant(TENANT))).toBe(true);
      expect(ability.can("update", tenant(TENANT))).toBe(false);
      expect(ability.can("read", auditEntries())).toBe(true);
    }
  });

  it("gives legal the agreements and compliance officers the controls", () => {
    expect(abilityFor("legal").can("update", agreement())).toBe(true);
    expect(abilityFor("compliance_officer").can("update", agreement())).toBe(false);
    expect(abilityFor("compliance_officer").can("update", subject("Control", { organizationId: ORG }))).toBe(true);
    expect(abilityFor("legal").can("update", subject("Control", { organizationId: ORG }))).toBe(false);
  });

  it("shows a tenant member its own tenant only", () => {
    const ability = abilityFor("tenant_member");
    expect(ability.can("read", tenant(TENANT))).toBe(true);
    expect(ability.can("read", tenant(OTHER_TENANT))).toBe(false);
    expect(ability.can("update", tenant(TENANT))).toBe(false);
    expect(ability.can("read", membership())).toBe(false);
    expect(ability.can("read", auditEntries())).toBe(false);
    expect(ability.can("read", subject("Report", { organizationId: ORG, tenantId: TENANT }))).toBe(true);
    expect(ability.can("read", subject("Report", { organizationId: ORG, tenantId: OTHER_TENANT }))).toBe(false);
    expect(ability.can("read", subject("Agreement", { organizationId: ORG, tenantIds: [OTHER_TENANT, TENANT] }))).toBe(true);
    expect(ability.can("read", subject("Agreement", { organizationId: ORG, tenantIds: [OTHER_TENANT] }))).toBe(false);
    expect(ability.can("update", subject("Agreement", { organizationId: ORG, tenantIds: [TENANT] }))).toBe(false);
  });

  it("refuses an unknown role and a tenant member without a tenant", () => {
    expect(() => defineAbilityFor({ role: "root" as never, organizationId: ORG, tenantId: null })).toThrow(/Unknown role/);
    expect(() => defineAbilityFor({ role: "tenant_member", organizationId: ORG, tenantId: null })).toThrow();
  });
});
