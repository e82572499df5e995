import { describe, expect, it } from "vitest";
import { ORG_DEFAULTS, REFERENCE, RESOURCE_DEFAULTS, TENANT_DEFAULTS, type EvaluationContext } from "./facts";
import { evidenceSeenByTenant, orgSeenByTenant, tenantViews } from "./tenant-view";

const agreement = (id: string, title: string) => ({ id, title, type: "dpa", counterparty_names: [`${title} counterparty`] });
const org = {
  ...ORG_DEFAULTS,
  agreements: [agreement("a-own", "Own DPA"), agreement("a-other", "Other tenant's DPA"), agreement("a-op", "AWS")],
};

describe("the tenant's view of organisation-wide facts", () => {
  it("keeps the operator's id and name and only the agreements the tenant is a party of", () => {
    expect(orgSeenByTenant(org, new Set(["a-own"]))).toEqual({ id: org.id, name: org.name, agreements: [org.agreements[0]] });
  });

  it("narrows stored evidence: own agreements kept, others counted, unknown org facts left out, the rest untouched", () => {
    const evidence = {
      "resource.provider": "aws",
      "org.name": "Operator",
      "org.agreements": [...org.agreements, "… 4 more", { not_shown: 2 }],
      "org.secret_list": ["x"],
    };
    expect(evidenceSeenByTenant(evidence, new Set(["a-own"]))).toEqual({
      "resource.provider": "aws",
      "org.name": "Operator",
      "org.agreements": [org.agreements[0], { not_shown: 8 }],
    });
    expect(evidenceSeenByTenant({ "resource.name": "x" }, new Set())).toEqual({ "resource.name": "x" });
    expect(evidenceSeenByTenant({ "org.agreements": [org.agreements[0]] }, new Set(["a-own"]))).toEqual({
      "org.agreements": [org.agreements[0]],
    });
  });

  it("gives a tenant's resource the tenant's view and the operator's own resource none", () => {
    const context = (tenantId: string | null): EvaluationContext => ({
      resource: { id: "r", kind: "cloud_resource", name: "r", tenant_id: tenantId, site_id: null, ...RESOURCE_DEFAULTS.cloud_resource },
      site: null,
      tenant: tenantId
        ? { ...TENANT_DEFAULTS, id: tenantId, agreements: [{ id: "a-own", title: "Own DPA", type: "dpa", parties_hq: [] }] }
        : null,
      org,
      params: {},
      now: new Date(0),
      ref: REFERENCE,
    });
    const viewOf = tenantViews();
    expect(viewOf(context(null))).toBeNull();
    const view = viewOf(context("t1"))!;
    expect(view.facts.org.agreements.map((a) => a.id)).toEqual(["a-own"]);
    expect([...view.agreementIds]).toEqual(["a-own"]);
  });
});
