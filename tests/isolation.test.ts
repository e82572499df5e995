import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem, withScope } from "../db/connection.server";
import { assets, invitations, tenants } from "../db/schema";
import * as auditPage from "../app/routes/_app.audit";
import * as dashboard from "../app/routes/_app._index";
import * as inventory from "../app/routes/_app.inventory._index";
import * as reports from "../app/routes/_app.reports._index";
import * as invitationRevoke from "../app/routes/_app.settings.invitations.$invitationId.revoke";
import * as memberEdit from "../app/routes/_app.settings.members.$membershipId._index";
import * as memberRemove from "../app/routes/_app.settings.members.$membershipId.remove";
import * as members from "../app/routes/_app.settings.members._index";
import * as invite from "../app/routes/_app.settings.members.invite";
import * as tenantDelete from "../app/routes/_app.settings.tenants.$tenantId.delete";
import * as tenantEdit from "../app/routes/_app.settings.tenants.$tenantId.edit";
import * as tenantView from "../app/routes/_app.settings.tenants.$tenantId._index";
import * as tenantList from "../app/routes/_app.settings.tenants._index";
import * as tenantNew from "../app/routes/_app.settings.tenants.new";
import * as switchOrganization from "../app/routes/switch-organization";
import * as auditCsv from "../app/routes/audit[.]csv";
import * as assetPage from "../app/routes/_app.inventory.$assetId";
import * as inventoryImport from "../app/routes/_app.inventory.import";
import * as tokensPage from "../app/routes/_app.settings.tokens._index";
import { ingestInventory } from "../app/inventory/ingest.server";
import { IngestRequest } from "../app/inventory/ingest-schema";
import * as controlsPage from "../app/routes/_app.controls._index";
import * as controlPage from "../app/routes/_app.controls.$frameworkId.$requirementId";
import * as evidenceFile from "../app/routes/controls.evidence.$evidenceId";
import * as soaCsv from "../app/routes/controls.export[.]csv";
import { addEvidence } from "../app/controls/controls.server";
import * as permitsPage from "../app/routes/_app.permits._index";
import * as permitPage from "../app/routes/_app.permits.$permitId._index";
import * as permitEdit from "../app/routes/_app.permits.$permitId.edit";
import { createPermit } from "../app/permits/permits.server";
import * as agreementsPage from "../app/routes/_app.agreements._index";
import * as agreementPage from "../app/routes/_app.agreements.$agreementId._index";
import * as agreementAmend from "../app/routes/_app.agreements.$agreementId.amend";
import { createAgreement } from "../app/agreements/agreements.server";
import { AgreementFormSchema } from "../app/agreements/content";
import { PermitFormSchema } from "../app/permits/permit-schema";
import { evidenceFormSchema } from "../app/controls/control-schema";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, createOrganization, createTenant, statusOf, testContext } from "./factories";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

let database: TestDatabase;
const ids = {} as Record<
  | "orgA"
  | "orgB"
  | "tenantA1"
  | "tenantA2"
  | "tenantB"
  | "memberB"
  | "invitationB"
  | "assetB"
  | "evidenceB"
  | "permitB"
  | "agreementB"
  | "agreementA2",
  string
>;
const emails = {} as Record<"adminA" | "adminB" | "auditorA" | "legalA" | "memberA1", string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const orgA = await createOrganization(db, "Operator A");
  const orgB = await createOrganization(db, "Operator B");
  ids.orgA = orgA.id;
  ids.orgB = orgB.id;
  ids.tenantA1 = (await createTenant(db, orgA.id, "Tenant A1")).id;
  ids.tenantA2 = (await createTenant(db, orgA.id, "Tenant A2")).id;
  ids.tenantB = (await createTenant(db, orgB.id, "Secret Tenant of B")).id;
  emails.adminA = (await createMember(db, orgA.id, "admin")).user.email;
  emails.auditorA = (await createMember(db, orgA.id, "auditor")).user.email;
  emails.legalA = (await createMember(db, orgA.id, "legal")).user.email;
  emails.memberA1 = (await createMember(db, orgA.id, "tenant_member", { tenantId: ids.tenantA1 })).user.email;
  const adminB = await createMember(db, orgB.id, "admin");
  emails.adminB = adminB.user.email;
  ids.memberB = adminB.membership.id;
  await withSystem(db, async (tx) => {
    const [inv] = await tx
      .insert(invitations)
      .values({
        organizationId: orgB.id,
        email: "invitee-of-b@example.com",
        role: "auditor",
        tokenHash: "hash-b",
        invitedByUserId: adminB.user.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    ids.invitationB = inv!.id;
  });
  await withScope(db, { organizationId: orgB.id }, async (tx) => {
    const request = IngestRequest.parse({
      source: "b",
      mode: "upsert",
      assets: [{ kind: "site", external_id: "b-site", name: "Secret site of B", attributes: {} }],
    });
    await ingestInventory(tx, { organizationId: orgB.id, actor: { userId: null, label: "test" }, request });
  });
  const evidenceB = await withScope(db, { organizationId: orgB.id }, (tx) =>
    addEvidence(tx, {
      organizationId: orgB.id,
      actor: { userId: null, label: "test" },
      frameworkId: "iso27001-2022",
      requirementId: "A.5.1",
      input: evidenceFormSchema("2026-01-01").parse({ kind: "file", title: "B's secret policy", evidenceDate: "2026-01-01" }),
      upload: { bytes: Buffer.from("secret of B"), fileName: "b.txt", contentType: "text/plain" },
    }),
  );
  ids.evidenceB = evidenceB!.id;
  const [assetB] = await db.select().from(assets);
  ids.assetB = assetB!.id;
  const permitB = await withScope(db, { organizationId: orgB.id }, (tx) =>
    createPermit(tx, {
      organizationId: orgB.id,
      actor: { userId: null, label: "test" },
      input: PermitFormSchema.parse({
        siteId: assetB!.id,
        type: "icpe",
        authority: "Préfecture",
        reference: "SECRET-B",
        status: "applied",
      }),
    }),
  );
  if (!permitB.ok) throw new Error("permit of B not created");
  ids.permitB = permitB.value.id;
  const agreementForm = (organizationId: string, tenantId: string, title: string) =>
    AgreementFormSchema.parse({
      title,
      type: "dpa",
      effectiveDate: "2026-01-01",
      autoRenew: "no",
      governingLaw: "FR",
      parties: [
        { ref: `organization:${organizationId}`, role: "processor", signature: "signed" },
        { ref: `tenant:${tenantId}`, role: "controller", signature: "signed" },
      ],
    });
  const agreementB = await withScope(db, { organizationId: orgB.id }, (tx) =>
    createAgreement(tx, {
      organizationId: orgB.id,
      actor: { userId: null, label: "test" },
      form: agreementForm(orgB.id, ids.tenantB, "SECRET agreement of B"),
    }),
  );
  const agreementA2 = await withScope(db, { organizationId: orgA.id }, (tx) =>
    createAgreement(tx, {
      organizationId: orgA.id,
      actor: { userId: null, label: "test" },
      form: agreementForm(orgA.id, ids.tenantA2, "Agreement of tenant A2"),
    }),
  );
  if (!agreementB.ok || !agreementA2.ok) throw new Error("agreements not created");
  ids.agreementB = agreementB.value.id;
  ids.agreementA2 = agreementA2.value.id;
});
afterAll(() => database?.destroy());

async function as(email: string) {
  return browserFor(database.db, email);
}

function get(loader: Loader, request: Request, params: Record<string, string> = {}) {
  return statusOf(() => loader({ request, params, context: testContext(database.db) }));
}

function post(action: Action, request: Request, params: Record<string, string> = {}) {
  return statusOf(() => action({ request, params, context: testContext(database.db) }));
}

async function loaded(loader: Loader, request: Request, params: Record<string, string> = {}) {
  return JSON.stringify(await loader({ request, params, context: testContext(database.db) }));
}

describe("organisation A's admin and organisation B's records", () => {
  it("gets 404 for B's tenant on every tenant route, and changes nothing", async () => {
    const browser = await as(emails.adminA);
    const params = { tenantId: ids.tenantB };
    expect(await get(tenantView.loader, browser.get(`/settings/tenants/${ids.tenantB}`), params)).toBe(404);
    expect(await get(tenantEdit.loader, browser.get(`/settings/tenants/${ids.tenantB}/edit`), params)).toBe(404);
    expect(await get(tenantDelete.loader, browser.get(`/settings/tenants/${ids.tenantB}/delete`), params)).toBe(404);
    const edit = browser.post(`/settings/tenants/${ids.tenantB}/edit`, {
      legalName: "Hijacked",
      slug: "hijacked",
      country: "FR",
      registrationNumber: "x",
      "contacts[0].name": "x",
      "contacts[0].email": "x@example.com",
    });
    expect(await post(tenantEdit.action, edit, params)).toBe(404);
    expect(await post(tenantDelete.action, browser.post(`/settings/tenants/${ids.tenantB}/delete`), params)).toBe(404);
    const [still] = await database.db.select().from(tenants).where(eq(tenants.id, ids.tenantB));
    expect(still?.legalName).toBe("Secret Tenant of B");
  });

  it("gets 404 for B's members and invitations", async () => {
    const browser = await as(emails.adminA);
    const params = { membershipId: ids.memberB };
    expect(await get(memberEdit.loader, browser.get(`/settings/members/${ids.memberB}`), params)).toBe(404);
    expect(await post(memberEdit.action, browser.post(`/settings/members/${ids.memberB}`, { name: "x", role: "auditor" }), params)).toBe(
      404,
    );
    expect(await get(memberRemove.loader, browser.get(`/settings/members/${ids.memberB}/remove`), params)).toBe(404);
    expect(await post(memberRemove.action, browser.post(`/settings/members/${ids.memberB}/remove`), params)).toBe(404);
    const inv = { invitationId: ids.invitationB };
    expect(await get(invitationRevoke.loader, browser.get(`/settings/invitations/${ids.invitationB}/revoke`), inv)).toBe(404);
    expect(await post(invitationRevoke.action, browser.post(`/settings/invitations/${ids.invitationB}/revoke`), inv)).toBe(404);
  });

  it("sees nothing of B in any list", async () => {
    const browser = await as(emails.adminA);
    const pages = [
      await loaded(tenantList.loader, browser.get("/settings/tenants")),
      await loaded(members.loader, browser.get("/settings/members")),
      await loaded(auditPage.loader, browser.get("/audit")),
      await loaded(dashboard.loader, browser.get("/")),
    ];
    for (const page of pages) {
      expect(page).not.toContain(ids.orgB);
      expect(page).not.toContain(ids.tenantB);
      expect(page).not.toContain(emails.adminB);
      expect(page).not.toContain("invitee-of-b");
    }
    expect(pages[0]).toContain(ids.tenantA1);
  });

  it("gets 404 for B's assets and sees none of them in the inventory", async () => {
    const browser = await as(emails.adminA);
    expect(await get(assetPage.loader, browser.get(`/inventory/${ids.assetB}`), { assetId: ids.assetB })).toBe(404);
    const list = await loaded(inventory.loader, browser.get("/inventory"));
    expect(list).not.toContain(ids.assetB);
    expect(list).not.toContain("Secret site of B");
  });

  it("cannot download B's evidence nor see it on its own controls", async () => {
    const browser = await as(emails.adminA);
    expect(await get(evidenceFile.loader, browser.get(`/controls/evidence/${ids.evidenceB}`), { evidenceId: ids.evidenceB })).toBe(404);
    const page = await loaded(controlPage.loader, browser.get("/controls/iso27001-2022/A.5.1"), {
      frameworkId: "iso27001-2022",
      requirementId: "A.5.1",
    });
    expect(page).not.toContain("secret policy");
    const csv = (await soaCsv.loader({
      request: browser.get("/controls/export.csv"),
      params: {},
      context: testContext(database.db),
    })) as Response;
    // Its evidence counts (current, expired), then the automated checks (passing, failing), and no risk treated.
    expect(await csv.text()).toMatch(/A\.5\.1,[^\n]*,0,0,0,0,\r\n/);
  });

  it("gets 404 for B's permits and sees none of them", async () => {
    const browser = await as(emails.adminA);
    expect(await get(permitPage.loader, browser.get(`/permits/${ids.permitB}`), { permitId: ids.permitB })).toBe(404);
    expect(await get(permitEdit.loader, browser.get(`/permits/${ids.permitB}/edit`), { permitId: ids.permitB })).toBe(404);
    expect(await loaded(permitsPage.loader, browser.get("/permits"))).not.toContain("SECRET-B");
  });

  it("gets 404 for B's agreements and sees none of them", async () => {
    const browser = await as(emails.adminA);
    expect(await get(agreementPage.loader, browser.get(`/agreements/${ids.agreementB}`), { agreementId: ids.agreementB })).toBe(404);
    expect(await get(agreementAmend.loader, browser.get(`/agreements/${ids.agreementB}/amend`), { agreementId: ids.agreementB })).toBe(404);
    expect(await loaded(agreementsPage.loader, browser.get("/agreements"))).not.toContain("SECRET agreement");
  });

  it("cannot switch into an organisation it does not belong to", async () => {
    const browser = await as(emails.adminA);
    const request = browser.post("/switch-organization", { organizationId: ids.orgB });
    expect(await post(switchOrganization.action, request)).toBe(403);
  });

  it("rejects answers 404 for ids that are not UUIDs", async () => {
    const browser = await as(emails.adminA);
    expect(await get(tenantView.loader, browser.get("/settings/tenants/nope"), { tenantId: "nope" })).toBe(404);
  });
});

describe("roles inside one organisation", () => {
  it("gives a tenant member 403 on another tenant's page and on operator-only sections", async () => {
    const browser = await as(emails.memberA1);
    expect(await get(tenantView.loader, browser.get(`/settings/tenants/${ids.tenantA1}`), { tenantId: ids.tenantA1 })).toBe(200);
    expect(await get(tenantView.loader, browser.get(`/settings/tenants/${ids.tenantA2}`), { tenantId: ids.tenantA2 })).toBe(403);
    expect(await get(members.loader, browser.get("/settings/members"))).toBe(403);
    expect(await get(auditPage.loader, browser.get("/audit"))).toBe(403);
    expect(await get(inventory.loader, browser.get("/inventory"))).toBe(403);
    expect(await get(reports.loader, browser.get("/reports"))).toBe(200);
    const list = await loaded(tenantList.loader, browser.get("/settings/tenants"));
    expect(list).toContain(ids.tenantA1);
    expect(list).not.toContain(ids.tenantA2);
  });

  it("lets an auditor read everything and change nothing", async () => {
    const browser = await as(emails.auditorA);
    expect(await get(auditPage.loader, browser.get("/audit"))).toBe(200);
    expect(await get(members.loader, browser.get("/settings/members"))).toBe(200);
    expect(await get(tenantNew.loader, browser.get("/settings/tenants/new"))).toBe(403);
    expect(await post(tenantNew.action, browser.post("/settings/tenants/new", { legalName: "Nope" }))).toBe(403);
    expect(await get(tenantEdit.loader, browser.get(`/settings/tenants/${ids.tenantA1}/edit`), { tenantId: ids.tenantA1 })).toBe(403);
    expect(await post(tenantDelete.action, browser.post(`/settings/tenants/${ids.tenantA1}/delete`), { tenantId: ids.tenantA1 })).toBe(403);
    expect(await get(invite.loader, browser.get("/settings/members/invite"))).toBe(403);
    expect(await get(tokensPage.loader, browser.get("/settings/tokens"))).toBe(200);
    expect(await post(tokensPage.action, browser.post("/settings/tokens", { name: "x", scopes: "inventory:read" }))).toBe(403);
    expect(await get(inventoryImport.loader, browser.get("/inventory/import"))).toBe(403);
    expect(await post(inventoryImport.action, browser.post("/inventory/import", { intent: "preview" }))).toBe(403);
    expect(
      await get(controlPage.loader, browser.get("/controls/iso27001-2022/A.5.1"), { frameworkId: "iso27001-2022", requirementId: "A.5.1" }),
    ).toBe(200);
    expect(
      await post(
        controlPage.action,
        browser.post("/controls/iso27001-2022/A.5.1", { applicable: "yes", status: "implemented", reviewIntervalMonths: "12" }),
        { frameworkId: "iso27001-2022", requirementId: "A.5.1" },
      ),
    ).toBe(403);
  });

  it("keeps tenant members out of the inventory, the controls and API tokens", async () => {
    const browser = await as(emails.memberA1);
    expect(await get(controlsPage.loader, browser.get("/controls"))).toBe(403);
    expect(await get(permitsPage.loader, browser.get("/permits"))).toBe(403);
    // Another tenant's agreement is invisible to the database, hence 404; its own list holds none of it.
    expect(await get(agreementPage.loader, browser.get(`/agreements/${ids.agreementA2}`), { agreementId: ids.agreementA2 })).toBe(404);
    expect(await loaded(agreementsPage.loader, browser.get("/agreements"))).not.toContain("tenant A2");
    expect(await get(agreementAmend.loader, browser.get(`/agreements/${ids.agreementA2}/amend`), { agreementId: ids.agreementA2 })).toBe(
      403,
    );
    expect(await get(evidenceFile.loader, browser.get(`/controls/evidence/${ids.evidenceB}`), { evidenceId: ids.evidenceB })).toBe(403);
    expect(await get(tokensPage.loader, browser.get("/settings/tokens"))).toBe(403);
    expect(await get(assetPage.loader, browser.get(`/inventory/${ids.assetB}`), { assetId: ids.assetB })).toBe(403);
    expect(await get(inventoryImport.loader, browser.get("/inventory/import"))).toBe(403);
  });

  it("lets an auditor export the audit log as CSV, with nothing of another organisation, and records the export", async () => {
    const browser = await as(emails.auditorA);
    const response = (await auditCsv.loader({
      request: browser.get("/audit.csv"),
      params: {},
      context: testContext(database.db),
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A byte-order mark first, so that spreadsheet software reads the UTF-8 (é, ü, …) correctly.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split("\r\n")[0]).toBe(
      "Sequence,Time (UTC),Actor,Action (code),Entity type (code),Entity id,Before (JSON),After (JSON),Previous hash (SHA-256),Hash (SHA-256)",
    );
    expect(csv).not.toContain(ids.orgB);
    const again = await (
      (await auditCsv.loader({ request: browser.get("/audit.csv"), params: {}, context: testContext(database.db) })) as Response
    ).text();
    expect(again).toContain("audit_log.export");
    const member = await as(emails.memberA1);
    expect(await get(auditCsv.loader, member.get("/audit.csv"))).toBe(403);
    const legal = await as(emails.legalA);
    expect(await get(auditCsv.loader, legal.get("/audit.csv"))).toBe(403);
  });

  it("keeps legal out of membership management", async () => {
    const browser = await as(emails.legalA);
    expect(await get(members.loader, browser.get("/settings/members"))).toBe(403);
    expect(await get(tenantList.loader, browser.get("/settings/tenants"))).toBe(200);
  });

  it("sends an anonymous visitor to the sign-in page, remembering where it was going", async () => {
    const request = new Request("http://localhost/audit?page=2");
    try {
      await auditPage.loader({ request, params: {}, context: testContext(database.db) });
      expect.unreachable();
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(302);
      expect((thrown as Response).headers.get("Location")).toBe("/login?redirectTo=%2Faudit%3Fpage%3D2");
    }
  });
});

describe("writes", () => {
  it("refuses a form without the CSRF token", async () => {
    const browser = await as(emails.adminA);
    const request = browser.post("/settings/tenants/new", { legalName: "No token SAS" }, { withCsrf: false });
    expect(await post(tenantNew.action, request)).toBe(403);
  });

  it("answers 400 with the field named for bad input, and writes nothing", async () => {
    const browser = await as(emails.adminA);
    const before = await database.db.select().from(tenants);
    const request = browser.post("/settings/tenants/new", {
      legalName: "Valid Name SAS",
      slug: "valid-name",
      country: "ZZ",
      registrationNumber: "RCS 1",
      "contacts[0].name": "A",
      "contacts[0].email": "a@example.com",
    });
    const result = (await tenantNew.action({ request, params: {}, context: testContext(database.db) })) as {
      init: { status: number };
      data: { result: { error: Record<string, string[]> } };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.result.error).toEqual({ country: ["validation.country"] });
    expect(await database.db.select().from(tenants)).toHaveLength(before.length);
  });
});
