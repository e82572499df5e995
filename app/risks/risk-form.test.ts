import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../db/connection.server";
import { auditLog, riskControls, risks, riskScope } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import {
  browserFor,
  createAsset,
  createMember,
  createOrganization,
  createTenant,
  runRoute,
  statusOf,
  type RouteHandler,
} from "../../tests/factories";
import * as acceptPage from "../routes/_app.risks.$riskId.accept";
import * as archivePage from "../routes/_app.risks.$riskId.archive";
import * as editPage from "../routes/_app.risks.$riskId.edit";
import * as newPage from "../routes/_app.risks.new";

let database: TestDatabase;
const ids = { a: "", site: "", tenant: "", foreignSite: "", officer: "" };
const emails = { officer: "", auditor: "", otherOfficer: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ids.a = (await createOrganization(db, "Form A")).id;
  const b = await createOrganization(db, "Form B");
  ids.site = (await createAsset(db, ids.a, "site", { name: "Saclay" })).id;
  ids.tenant = (await createTenant(db, ids.a, "Lumen AI")).id;
  ids.foreignSite = (await createAsset(db, b.id, "site", { name: "Elsewhere" })).id;
  const officer = await createMember(db, ids.a, "compliance_officer");
  ids.officer = officer.user.id;
  emails.officer = officer.user.email;
  emails.auditor = (await createMember(db, ids.a, "auditor")).user.email;
  emails.otherOfficer = (await createMember(db, b.id, "compliance_officer")).user.email;
});
afterAll(() => database?.destroy());

const run = (handler: RouteHandler, request: Request, params: Record<string, string> = {}) =>
  runRoute(database.db, handler, request, params);
const count = () => withSystem(database.db, async (tx) => (await tx.select().from(risks).where(eq(risks.organizationId, ids.a))).length);

const fields = () => ({
  language: "en",
  title: "Chiller plant single point of failure",
  threat: "Chiller trip during a heat wave",
  ownerUserId: ids.officer,
  inherentLikelihood: "4",
  inherentImpact: "5",
  residualLikelihood: "2",
  residualImpact: "4",
  treatment: "modify",
  controls: ["iso27001-2022:A.7.11", "iso27001-2022:A.7.5"],
  scope: [`asset:${ids.site}`, `tenant:${ids.tenant}`],
  nextReviewOn: "2027-03-31",
});
type Reply = { data: { result: { error: Record<string, string[]> } } };

describe("the new risk form", () => {
  it("offers the scale's levels by label, Annex A by theme, the owners, sites and tenants by name", async () => {
    const browser = await browserFor(database.db, emails.officer);
    type Page = Awaited<ReturnType<typeof newPage.loader>>;
    const page = (await run(newPage.loader as RouteHandler, browser.get("/risks/new"))) as Page;
    expect(page.choices.levels.impact.map((l) => l.label)).toEqual([
      "1 — Negligible",
      "2 — Minor",
      "3 — Moderate",
      "4 — Major",
      "5 — Severe",
    ]);
    expect(page.choices.controls.map((g) => g.choices.length).reduce((a, b) => a + b)).toBe(93);
    expect(page.choices.owners.map((o) => o.value)).toContain(ids.officer);
    expect(page.choices.scope.flatMap((g) => g.choices.map((c) => c.label))).toEqual(["Saclay", "Lumen AI"]);
    expect(page.defaultValue).toEqual({ language: "en" });
  });

  it("starts from the library: its words, typical controls and reference rating", async () => {
    const browser = await browserFor(database.db, emails.officer);
    type Page = Awaited<ReturnType<typeof newPage.loader>>;
    const page = (await run(newPage.loader as RouteHandler, browser.get("/risks/new?library=dc.cooling-failure"))) as Page;
    expect(page.libraryId).toBe("dc.cooling-failure");
    expect(page.defaultValue.libraryId).toBe("dc.cooling-failure");
    expect(String(page.defaultValue.title)).toMatch(/cooling/i);
    expect((page.defaultValue.controls as string[]).length).toBeGreaterThan(0);
    const unknown = (await run(newPage.loader as RouteHandler, browser.get("/risks/new?library=dc.nope"))) as Page;
    expect(unknown.libraryId).toBe("");
  });

  it("refuses bad input on the fields it names and writes nothing", async () => {
    const browser = await browserFor(database.db, emails.officer);
    const before = await count();
    const reply = (await run(
      newPage.action as RouteHandler,
      browser.post("/risks/new", {
        ...fields(),
        residualLikelihood: "5",
        residualImpact: "5",
        scope: [`asset:${ids.foreignSite}`],
        controls: ["A.99"],
      }),
    )) as Reply;
    expect(await statusOf(async () => reply)).toBe(400);
    expect(Object.keys(reply.data.result.error).sort()).toEqual(["controls", "residualLikelihood", "scope"]);
    expect(await count()).toBe(before);
  });

  it("records the risk with its controls and scope, and opens its page", async () => {
    const browser = await browserFor(database.db, emails.officer);
    const response = (await run(newPage.action as RouteHandler, browser.post("/risks/new", fields()))) as Response;
    expect(response.status).toBe(302);
    const riskId = response.headers.get("Location")!.split("/").pop()!;
    const links = await withSystem(database.db, async (tx) => ({
      controls: (await tx.select().from(riskControls).where(eq(riskControls.riskId, riskId))).map((c) => c.requirementId).sort(),
      scope: (await tx.select().from(riskScope).where(eq(riskScope.riskId, riskId))).map((s) => s.type).sort(),
    }));
    expect(links).toEqual({ controls: ["A.7.11", "A.7.5"], scope: ["asset", "tenant"] });
  });

  it("is refused to an auditor", async () => {
    const browser = await browserFor(database.db, emails.auditor);
    expect(await statusOf(() => run(newPage.action as RouteHandler, browser.post("/risks/new", fields())))).toBe(403);
  });
});

describe("the edit form", () => {
  it("shows the risk as stored, saves a change with its audit entry, and hides the risk from another organisation", async () => {
    const browser = await browserFor(database.db, emails.officer);
    const created = (await run(newPage.action as RouteHandler, browser.post("/risks/new", fields()))) as Response;
    const riskId = created.headers.get("Location")!.split("/").pop()!;
    type Page = Awaited<ReturnType<typeof editPage.loader>>;
    const page = (await run(editPage.loader as RouteHandler, browser.get(`/risks/${riskId}/edit`), { riskId })) as Page;
    expect(page.defaultValue.scope).toEqual(expect.arrayContaining([`asset:${ids.site}`, `tenant:${ids.tenant}`]));
    expect(page.defaultValue.residualImpact).toBe("4");
    const saved = (await run(
      editPage.action as RouteHandler,
      browser.post(`/risks/${riskId}/edit`, { ...fields(), title: "Chiller plant without N+1" }),
      { riskId },
    )) as Response;
    expect(saved.status).toBe(302);
    const entries = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, riskId)));
    expect(entries.map((e) => e.action).sort()).toEqual(["risk.create", "risk.update"]);
    const other = await browserFor(database.db, emails.otherOfficer);
    expect(await statusOf(() => run(editPage.loader as RouteHandler, other.get(`/risks/${riskId}/edit`), { riskId }))).toBe(404);
    expect(
      await statusOf(() =>
        run(editPage.action as RouteHandler, other.post(`/risks/${riskId}/edit`, { ...fields(), title: "Taken" }), { riskId }),
      ),
    ).toBe(404);
  });
});

describe("accepting and archiving a risk", () => {
  const create = async (overrides: Record<string, string | string[]> = {}) => {
    const browser = await browserFor(database.db, emails.officer);
    const created = (await run(newPage.action as RouteHandler, browser.post("/risks/new", { ...fields(), ...overrides }))) as Response;
    return created.headers.get("Location")!.split("/").pop()!;
  };
  const stored = (riskId: string) => withSystem(database.db, async (tx) => (await tx.select().from(risks).where(eq(risks.id, riskId)))[0]!);

  it("is the owner's, for a retained risk, until a day after today; a refusal says why and writes nothing", async () => {
    const modified = await create();
    const owner = await browserFor(database.db, emails.officer);
    const refused = (await run(acceptPage.action as RouteHandler, owner.post(`/risks/${modified}/accept`, { expiresOn: "2099-01-01" }), {
      riskId: modified,
    })) as Reply & { data: { result: { error: Record<string, string[]> } } };
    expect(await statusOf(async () => refused)).toBe(400);
    expect(refused.data.result.error[""]).toEqual(["risks.acceptanceNeedsRetain"]);
    expect((await stored(modified)).acceptedAt).toBeNull();

    const retained = await create({ treatment: "retain", controls: [] });
    const past = (await run(acceptPage.action as RouteHandler, owner.post(`/risks/${retained}/accept`, { expiresOn: "2000-01-01" }), {
      riskId: retained,
    })) as Reply;
    expect(past.data.result.error.expiresOn).toEqual(["risks.acceptanceExpiryPast"]);
    const other = await createMember(database.db, ids.a, "compliance_officer");
    const notOwner = (await run(
      acceptPage.action as RouteHandler,
      (await browserFor(database.db, other.user.email)).post(`/risks/${retained}/accept`, { expiresOn: "2099-01-01" }),
      { riskId: retained },
    )) as Reply;
    expect(notOwner.data.result.error[""]).toEqual(["risks.acceptanceByOwner"]);

    const accepted = (await run(
      acceptPage.action as RouteHandler,
      owner.post(`/risks/${retained}/accept`, { expiresOn: "2099-01-01", note: "Cost of a second feed outweighs it" }),
      { riskId: retained },
    )) as Response;
    expect(accepted.status).toBe(302);
    expect((await stored(retained)).acceptanceExpiresOn).toBe("2099-01-01");
  });

  it("archives after a confirmation page, audited; an archived risk can no longer be archived or edited", async () => {
    const riskId = await create();
    const browser = await browserFor(database.db, emails.officer);
    type Page = Awaited<ReturnType<typeof archivePage.loader>>;
    const page = (await run(archivePage.loader as RouteHandler, browser.get(`/risks/${riskId}/archive`), { riskId })) as Page;
    expect(page.risk.id).toBe(riskId);
    const archived = (await run(archivePage.action as RouteHandler, browser.post(`/risks/${riskId}/archive`), { riskId })) as Response;
    expect(archived.headers.get("Location")).toBe("/risks");
    expect((await stored(riskId)).archivedAt).not.toBeNull();
    const entries = await withSystem(database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, riskId)));
    expect(entries.map((e) => e.action)).toContain("risk.archive");
    expect(await statusOf(() => run(archivePage.action as RouteHandler, browser.post(`/risks/${riskId}/archive`), { riskId }))).toBe(404);
    expect(await statusOf(() => run(editPage.loader as RouteHandler, browser.get(`/risks/${riskId}/edit`), { riskId }))).toBe(404);
    const auditor = await browserFor(database.db, emails.auditor);
    expect(await statusOf(() => run(archivePage.action as RouteHandler, auditor.post(`/risks/${riskId}/archive`), { riskId }))).toBe(403);
    const live = await create();
    const other = await browserFor(database.db, emails.otherOfficer);
    expect(await statusOf(() => run(archivePage.action as RouteHandler, other.post(`/risks/${live}/archive`), { riskId: live }))).toBe(404);
    expect((await stored(live)).archivedAt).toBeNull();
  });
});
