import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../db/connection.server";
import { assets, findings, organizations, permits, tenants, type Finding } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { namedInFinding, namedKey, resolveNamed } from "../app/policy-engine/evidence-links.server";
import { findingHref, findingsListHref, FindingQuery } from "../app/policy-engine/finding-schema";
import { listFindings } from "../app/policy-engine/findings.server";
import { compilePolicy, PolicyLoadError, builtInPolicies } from "../app/policy-engine/packs.server";
import * as findingPage from "../app/routes/_app.findings.$findingId";
import * as findingsPage from "../app/routes/_app.findings._index";
import * as findingsCsv from "../app/routes/findings.export[.]csv";
import * as newPermitPage from "../app/routes/_app.permits.new";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, createOrganization, testContext } from "./factories";

let database: TestDatabase;
let helios = "";
let other = "";
const emails = { officer: "", auditor: "", member: "" };
const ids = { lumen: "", frankfurt: "", otherSite: "" };

type Loaded = Awaited<ReturnType<typeof findingPage.loader>>;
const ctx = () => testContext(database.db);
const openFinding = async (email: string, findingId: string, query = "") => {
  const browser = await browserFor(database.db, email);
  return (await findingPage.loader({
    request: browser.get(`/findings/${findingId}${query}`),
    params: { findingId },
    context: ctx(),
  } as LoaderFunctionArgs)) as Loaded;
};
const liveFinding = async (where: (f: Finding) => boolean) => {
  const rows = await withSystem(database.db, (tx) =>
    tx
      .select()
      .from(findings)
      .where(and(eq(findings.organizationId, helios), ne(findings.status, "resolved"))),
  );
  const found = rows.find(where);
  if (!found) throw new Error("no such finding in the demo");
  return found;
};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await seedDemo(db);
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const [lumen] = await withSystem(db, (tx) => tx.select().from(tenants).where(eq(tenants.slug, "lumen-ai")));
  ids.lumen = lumen!.id;
  emails.officer = (await createMember(db, helios, "compliance_officer")).user.email;
  emails.auditor = (await createMember(db, helios, "auditor")).user.email;
  emails.member = (await createMember(db, helios, "tenant_member", { tenantId: ids.lumen })).user.email;
  other = (await createOrganization(db, "Other operator")).id;
  const [site] = await withSystem(db, (tx) =>
    tx
      .insert(assets)
      .values({
        organizationId: other,
        kind: "site",
        source: "t",
        externalId: "other-site",
        name: "Other operator's secret site",
        contentHash: "x",
        id: crypto.randomUUID(),
        firstSeenAt: new Date(),
        lastSeenAt: new Date(),
      })
      .returning(),
  );
  ids.otherSite = site!.id;
});
afterAll(() => database?.destroy());

describe("sorting the findings list", () => {
  const read = (sort: string, offset = 0, limit = 500) =>
    withScope(database.db, { organizationId: helios }, (tx) =>
      listFindings(tx, {
        organizationId: helios,
        filters: { status: "live" },
        sort: FindingQuery.parse({ sort }).sort,
        locale: "fr",
        offset,
        limit,
      }),
    );
  const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

  it("orders by each column both ways, with a stable order inside equal values", async () => {
    const bySeverity = (await read("-severity")).rows.map((r) => r.finding);
    expect(bySeverity.length).toBeGreaterThan(20);
    const ranks = bySeverity.map((f) => RANK[f.severity]!);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBeGreaterThan(1);
    // Inside a severity, the newest first.
    const critical = bySeverity.filter((f) => f.severity === "critical").map((f) => f.firstSeenAt.getTime());
    expect(critical).toEqual([...critical].sort((a, b) => b - a));
    const leastFirst = (await read("severity")).rows.map((r) => RANK[r.finding.severity]!);
    expect(leastFirst).toEqual([...leastFirst].sort((a, b) => a - b));

    const names = (await read("resource")).rows.map((r) => r.finding.resourceName.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const lastSeen = (await read("-last_seen")).rows.map((r) => r.finding.lastSeenAt.getTime());
    expect(lastSeen).toEqual([...lastSeen].sort((a, b) => b - a));
    const firstSeen = (await read("first_seen")).rows.map((r) => r.finding.firstSeenAt.getTime());
    expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));

    // By policy: the titles in the reader's language (French here), not the ids.
    const set = builtInPolicies();
    const titles = (await read("policy")).rows.map((r) => set.byId.get(r.finding.policyId)!.title.fr);
    const collator = new Intl.Collator("fr", { sensitivity: "base" });
    expect(titles).toEqual([...titles].sort(collator.compare));
    expect(titles[0]).not.toBe(titles.at(-1));

    // An unknown column falls back to the default, most severe first.
    expect((await read("password")).rows.map((r) => r.finding.id)).toEqual(bySeverity.map((f) => f.id));
  });

  it("pages through a sort without repeating or skipping a finding", async () => {
    const all = (await read("status")).rows.map((r) => r.finding.id);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 7) paged.push(...(await read("status", offset, 7)).rows.map((r) => r.finding.id));
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(all.length);
  });

  it("exports in the list's order", async () => {
    const auditor = await browserFor(database.db, emails.auditor);
    const csv = (await findingsCsv.loader({
      request: auditor.get("/findings/export.csv?sort=-resource"),
      params: {},
      context: ctx(),
    })) as Response;
    const ids = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[0]);
    expect(ids).toEqual((await read("-resource")).rows.map((r) => r.finding.id));
  });
});

describe("a finding in words, with links to what it names", () => {
  it("names a site's permits and offers a prefilled permit form for each missing type", async () => {
    const finding = await liveFinding((f) => f.policyId === "permits.required.active-for-operating-site");
    const page = await openFinding(emails.officer, finding.id);
    const sitePermits = await withSystem(database.db, (tx) => tx.select().from(permits).where(eq(permits.siteId, finding.resourceId)));
    expect(sitePermits.length).toBeGreaterThan(0);
    for (const permit of sitePermits) {
      expect(page.named[namedKey("permit", permit.id)]).toEqual({
        kind: "permit",
        name: permit.reference,
        what: permit.type,
        href: `/permits/${permit.id}`,
      });
    }
    // The evidence's list of permits, one line each, by name, the rest of each in words (no raw id left in the text).
    const listed = page.evidence.find((e) => e.path === "resource.permits")!;
    expect(listed.items!.map((i) => i.ref)).toEqual(
      sitePermits.map((p) => namedKey("permit", p.id)).filter((k) => listed.items!.some((i) => i.ref === k)),
    );
    expect(listed.items!.every((i) => i.ref && !i.text.includes(i.ref.split(":")[1]!))).toBe(true);
    // Fields and coded values in words: "Type: Environmental authorisation (ICPE)", never "type: icpe".
    expect(listed.items!.every((i) => /^Type: [A-Z]/.test(i.text) && /In force: (Yes|No)/.test(i.text))).toBe(true);
    expect(listed.items!.some((i) => /expires_at|max_power_mw/.test(i.text))).toBe(false);
    expect(page.rawEvidence).toContain('"resource.permits"');
    // What is missing: the required types with no permit in force, each a link to the form for that site and type.
    const required = ["icpe", "grid_connection", "building"];
    const missing = required.filter((t) => !sitePermits.some((p) => p.type === t && p.status === "granted"));
    expect(missing.length).toBeGreaterThan(0);
    expect(page.policy!.actions.map((a) => a.href)).toEqual(missing.map((t) => `/permits/new?site=${finding.resourceId}&type=${t}`));
    expect(page.policy!.actions[0]).toMatchObject({ kind: "new_permit", renewal: false });
  });

  it("links an expiring permit's renewal, and only for a reader who may record it", async () => {
    const finding = await liveFinding((f) => f.policyId.startsWith("permits.expiry."));
    const [permit] = await withSystem(database.db, (tx) => tx.select().from(permits).where(eq(permits.id, finding.resourceId)));
    const officer = await openFinding(emails.officer, finding.id);
    expect(officer.policy!.actions).toEqual([
      {
        kind: "new_permit",
        href: `/permits/new?site=${permit!.siteId}&type=${permit!.type}&status=applied`,
        siteName: expect.any(String),
        permitType: permit!.type,
        renewal: true,
      },
    ]);
    expect(officer.resourceHref).toBe(`/permits/${permit!.id}`);
    const auditor = await openFinding(emails.auditor, finding.id);
    expect(auditor.policy!.actions).toEqual([]);
    // The auditor still reads the permit and its site.
    expect(auditor.named[namedKey("permit", permit!.id)]!.href).toBe(`/permits/${permit!.id}`);
    expect(auditor.named[namedKey("asset", permit!.siteId)]!.href).toBe(`/inventory/${permit!.siteId}`);
  });

  it("gives the asset's page for an attribute to correct, and names the asset's site", async () => {
    const finding = await liveFinding((f) => f.policyId === "iso27001.a7-4.hall-monitoring");
    const page = await openFinding(emails.officer, finding.id);
    const [hall] = await withSystem(database.db, (tx) => tx.select().from(assets).where(eq(assets.id, finding.resourceId)));
    expect(page.policy!.actions).toEqual([{ kind: "resource", href: `/inventory/${hall!.id}`, name: hall!.name, resourceKind: "hall" }]);
    expect(page.named[namedKey("asset", hall!.siteId!)]).toMatchObject({ kind: "asset", what: "site", href: `/inventory/${hall!.siteId}` });
    expect(page.evidence.find((e) => e.path === "resource.attributes.cctv")!.text).toBe("No");
  });

  it("shows a tenant member only its own tenant's records, without links to the operator's pages", async () => {
    const finding = await liveFinding((f) => f.tenantId === ids.lumen && f.resourceKind === "dataset");
    const page = await openFinding(emails.member, finding.id);
    expect(page.named[namedKey("tenant", ids.lumen)]).toMatchObject({ name: "Lumen AI Research SAS", href: null });
    const links = Object.values(page.named).map((n) => n.href);
    expect(links.some((href) => href && /^\/(inventory|permits|settings)\//.test(href))).toBe(false);
    expect(page.resourceHref).toBeNull();
    expect(page.policy!.actions).toEqual([]);
    // The operator reads the same finding with its links.
    const officer = await openFinding(emails.officer, finding.id);
    expect(officer.resourceHref).toBe(`/inventory/${finding.resourceId}`);
    expect(officer.named[namedKey("tenant", ids.lumen)]!.href).toBe(`/settings/tenants/${ids.lumen}`);
  });

  it("resolves names only within the reader's organisation and tenant", async () => {
    const tenantFinding = await liveFinding((f) => f.policyId === "agreements.tenant.assets-without-agreement");
    const named = namedInFinding(tenantFinding);
    const agreementKeys = [...named].filter((k) => k.startsWith("agreement:"));
    expect(agreementKeys.length).toBeGreaterThan(0);
    const asOperator = await withScope(database.db, { organizationId: helios }, (tx) =>
      resolveNamed(tx, { organizationId: helios, tenantId: null, named }),
    );
    expect(agreementKeys.every((k) => asOperator.has(k))).toBe(true);
    // Another organisation resolves none of these ids, not even with row-level security out of the way.
    const fromOther = await withSystem(database.db, (tx) => resolveNamed(tx, { organizationId: other, tenantId: null, named }));
    expect(fromOther.size).toBe(0);
    // Another tenant's member gets neither that tenant nor its agreements.
    const asLumen = await withSystem(database.db, (tx) => resolveNamed(tx, { organizationId: helios, tenantId: ids.lumen, named }));
    expect(tenantFinding.tenantId).not.toBe(ids.lumen);
    expect([...asLumen.keys()].filter((k) => k.startsWith("agreement:") || k.startsWith("tenant:"))).toEqual([]);
    // An id of another organisation in a finding's evidence is not named on the page.
    const smuggled = namedInFinding({ ...tenantFinding, evidence: { "resource.site_id": ids.otherSite } });
    expect(smuggled.has(namedKey("asset", ids.otherSite))).toBe(true);
    const resolved = await withSystem(database.db, (tx) => resolveNamed(tx, { organizationId: helios, tenantId: null, named: smuggled }));
    expect(resolved.has(namedKey("asset", ids.otherSite))).toBe(false);
  });
});

describe("back to the list as it was", () => {
  it("carries the list's address and accepts only the findings list of this app", async () => {
    const href = findingHref("f1", "?status=open&sort=-last_seen&page=2");
    expect(href).toBe("/findings/f1?from=%2Ffindings%3Fstatus%3Dopen%26sort%3D-last_seen%26page%3D2");
    const from = new URL(href, "http://x").searchParams.get("from");
    expect(findingsListHref(from)).toBe("/findings?status=open&sort=-last_seen&page=2");
    for (const evil of [
      "https://evil.example/findings",
      "//evil.example/findings",
      "/settings/members",
      "/findingsx?a=1",
      "/\\evil",
      null,
    ]) {
      expect(findingsListHref(evil)).toBe("/findings");
    }
    const finding = await liveFinding(() => true);
    const page = await openFinding(emails.officer, finding.id, `?from=${encodeURIComponent("/findings?severity=high&page=3")}`);
    expect(page.backTo).toBe("/findings?severity=high&page=3");
    expect((await openFinding(emails.officer, finding.id, "?from=https%3A%2F%2Fevil.example")).backTo).toBe("/findings");
  });
});

describe("the new-permit form prefilled from a finding", () => {
  it("prefills the site and type it is given, only with the organisation's own site", async () => {
    const [site] = await withSystem(database.db, (tx) =>
      tx
        .select()
        .from(assets)
        .where(and(eq(assets.organizationId, helios), eq(assets.kind, "site"))),
    );
    ids.frankfurt = site!.id;
    const officer = await browserFor(database.db, emails.officer);
    const load = async (query: string, browser = officer) =>
      (await newPermitPage.loader({ request: browser.get(`/permits/new${query}`), params: {}, context: ctx() } as LoaderFunctionArgs)) as {
        defaultValue: Record<string, string>;
      };
    expect((await load(`?site=${site!.id}&type=grid_connection&status=applied`)).defaultValue).toEqual({
      siteId: site!.id,
      type: "grid_connection",
      status: "applied",
    });
    expect((await load(`?site=${ids.otherSite}&type=rocket&status=forged`)).defaultValue).toEqual({ status: "granted" });
  });
});

describe("remediation actions in policy files", () => {
  it("refuses an action expression that reads what the evidence does not hold", () => {
    const policy = {
      id: "custom.test.action",
      title: { en: "T", fr: "T" },
      description: { en: "D", fr: "D" },
      severity: "low",
      references: [{ framework: "iso27001-2022", requirement: "A.5.31" }],
      kind: "site",
      assert: "size(resource.permits) > 0",
      message: { en: "M", fr: "M" },
      remediation: { en: "R", fr: "R" },
      remediation_action: { kind: "new_permit", types: "resource.attributes.wanted" },
      fixtures: [
        { name: "p", expect: "pass", resource: { permits: [{ type: "icpe" }] } },
        { name: "f", expect: "fail", resource: { permits: [] } },
      ],
    };
    expect(() => compilePolicy(policy, "custom.yaml", "custom")).toThrow(PolicyLoadError);
    expect(() => compilePolicy(policy, "custom.yaml", "custom")).toThrow(/remediation_action.types: reads resource.attributes.wanted/);
    const fine = compilePolicy(
      { ...policy, remediation_action: { kind: "new_permit", types: "resource.permits.map(p, p.type)" } },
      "c.yaml",
      "c",
    );
    expect(fine.compiled.actionTypes?.source).toBe("resource.permits.map(p, p.type)");
    expect(() => compilePolicy({ ...policy, remediation_action: { kind: "teleport" } }, "c.yaml", "c")).toThrow(PolicyLoadError);
  });
});

describe("bulk exceptions in two steps", () => {
  it("asks to confirm what it will accept, then accepts only the organisation's open findings", async () => {
    const officer = await browserFor(database.db, emails.officer);
    // A severity that needs no second person (four eyes: critical and high wait for approval instead, see
    // app/policy-engine/exception-requests.server.test.ts).
    const open = await liveFinding((f) => f.status === "open" && (f.severity === "medium" || f.severity === "low"));
    const fields = {
      findingId: open.id,
      justification: "Disks replaced during the maintenance window",
      expiresOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
    };
    const first = (await findingsPage.action({ request: officer.post("/findings", fields), params: {}, context: ctx() })) as {
      confirm: { findingId: string[] } | null;
      outcome: unknown;
    };
    expect(first.confirm?.findingId).toEqual([open.id]);
    expect(first.outcome).toBeNull();
    const [still] = await withSystem(database.db, (tx) => tx.select().from(findings).where(eq(findings.id, open.id)));
    expect(still!.status).toBe("open");

    // Confirmed, with an id that is no open finding of the organisation beside it: that one is skipped.
    const stranger = crypto.randomUUID();
    const request = officer.post("/findings", { ...fields, intent: "confirm" });
    const form = new URLSearchParams(await request.text());
    form.append("findingId", stranger);
    const second = (await findingsPage.action({
      request: new Request(request.url, { method: "POST", headers: request.headers, body: form }),
      params: {},
      context: ctx(),
    })) as { outcome: { granted: string[]; skipped: string[] } };
    expect(second.outcome).toEqual({ granted: [open.id], requested: [], skipped: [stranger] });
    const [accepted] = await withSystem(database.db, (tx) => tx.select().from(findings).where(eq(findings.id, open.id)));
    expect(accepted!.status).toBe("accepted");
  });
});
