import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withScope, withSystem } from "../../db/connection.server";
import { organizations, tenants } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo.server";
import * as registerPage from "../routes/_app.agreements.obligations";
import * as clock from "../config/clock";
import { clockFrom } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { browserFor, createMember, testContext } from "../../tests/factories";
import { listAgreements } from "./agreements.server";
import type { AgreementContent } from "./content";
import { listObligations, type ObligationFilters, type ObligationSort } from "./obligations-list.server";

clockFrom();

let database: TestDatabase;
let helios = "";
let lumen = "";
const emails = { legal: "", lumenMember: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  const [tenant] = await withSystem(database.db, (tx) =>
    tx
      .select()
      .from(tenants)
      .where(and(eq(tenants.organizationId, helios), eq(tenants.slug, "lumen-ai"))),
  );
  lumen = tenant!.id;
  emails.legal = (await createMember(database.db, helios, "legal")).user.email;
  emails.lumenMember = (await createMember(database.db, helios, "tenant_member", { tenantId: lumen })).user.email;
}, 120_000);
afterAll(() => database?.destroy());

const list = (filters?: ObligationFilters, sort?: ObligationSort, today?: string) =>
  withScope(database.db, { organizationId: helios }, (tx) => listObligations(tx, { organizationId: helios, filters, sort, today }));

type Page = Awaited<ReturnType<typeof registerPage.loader>>;
async function pageAs(email: string, search = ""): Promise<Page> {
  const browser = await browserFor(database.db, email);
  const args = { request: browser.get(`/agreements/obligations${search}`), params: {}, context: testContext(database.db) };
  return registerPage.loader(args as LoaderFunctionArgs);
}

describe("obligations register on the demo data", () => {
  it("lists every obligation of the current agreements once, with the party bound by name", async () => {
    const agreements = await withScope(database.db, { organizationId: helios }, (tx) => listAgreements(tx, { organizationId: helios }));
    const expected = agreements.flatMap(({ agreement, content }) =>
      (content as AgreementContent).obligations.map((o, index) => `${agreement.id}:${index}:${o.text}`),
    );
    expect(expected).toHaveLength(6);
    const rows = await list();
    expect(rows.map((r) => `${r.agreementId}:${r.index}:${r.text}`).sort()).toEqual([...expected].sort());
    expect(new Set(rows.map((r) => `${r.agreementId}:${r.index}`)).size).toBe(rows.length);

    const byText = (text: string) => rows.filter((r) => r.text === text).map((r) => r.party);
    expect(byText("Quarterly capacity and availability report to both parties")).toEqual(["Helios Data Centers"]);
    expect(byText("Keep GPU firmware within 90 days of the vendor's latest security release")).toEqual(["Kairos GPU Cloud GmbH"]);
    expect(byText("Forecast of capacity needs for the next 12 months")).toEqual(["Lumen AI Research SAS"]);
    expect(rows.every((r) => r.party !== null && r.party.length > 0)).toBe(true);
    const report = rows.find((r) => r.text.startsWith("Quarterly"))!;
    expect(report).toMatchObject({ recurrence: "quarterly", owner: "Inès Moreau", status: "open", days: 20, overdue: false });
  });

  it("sorts by due date both ways, the obligations without a due date last", async () => {
    const asc = await list(undefined, { column: "due", direction: "asc" });
    const desc = await list(undefined, { column: "due", direction: "desc" });
    const dated = (rows: typeof asc) => rows.filter((r) => r.dueOn !== null).map((r) => r.dueOn!);
    expect(dated(asc)).toEqual([...dated(asc)].sort());
    expect(dated(desc)).toEqual([...dated(asc)].reverse().sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(asc[0]!.days).toBe(20);
    expect(desc[0]!.days).toBe(75);
    for (const rows of [asc, desc]) {
      expect(rows.at(-1)!.dueOn).toBeNull();
      expect(rows.at(-1)!.text).toMatch(/^Keep GPU firmware/);
    }
    // The three DPAs' audits share a due date: agreement id then index break the tie, the same way every time.
    const tied = asc.filter((r) => r.days === 75).map((r) => r.agreementId);
    expect(tied).toHaveLength(3);
    expect(tied).toEqual([...tied].sort());
    // Default order is by due date, ascending.
    expect((await list()).map((r) => `${r.agreementId}:${r.index}`)).toEqual(asc.map((r) => `${r.agreementId}:${r.index}`));
  });

  it("sorts by party name", async () => {
    const parties = (await list(undefined, { column: "party", direction: "asc" })).map((r) => r.party!);
    expect(parties).toEqual([...parties].sort((a, b) => a.localeCompare(b, "en")));
    expect(parties[0]).toBe("Helios Data Centers");
  });

  it("searches by party name, obligation text and agreement title", async () => {
    // Only the party's name says "GmbH": the firmware obligation Kairos owes, not the others of its agreements.
    expect((await list({ q: "gpu cloud gmbh" })).map((r) => r.text)).toEqual([
      "Keep GPU firmware within 90 days of the vendor's latest security release",
    ]);
    // The agreement's title: the GPU agreement names Kairos, and so does Kairos's DPA.
    expect(await list({ q: "kairos gpu cloud" })).toHaveLength(4);
    const lumenParty = await list({ q: "Lumen AI Research SAS" });
    expect(lumenParty.map((r) => r.text)).toEqual(["Forecast of capacity needs for the next 12 months"]);
    expect((await list({ q: "firmware" })).map((r) => r.party)).toEqual(["Kairos GPU Cloud GmbH"]);
    expect(await list({ q: "no such thing" })).toEqual([]);
  });

  it("filters the overdue obligations and by status", async () => {
    expect(await list({ overdue: true })).toEqual([]);
    // Fifty days on, the report (due in 20 days) and the forecast (45) are overdue; the undated one never is.
    const later = clock.daysAfter(clock.now(), 50);
    const overdue = await list({ overdue: true }, undefined, later);
    expect(overdue.map((r) => [r.text, r.days])).toEqual([
      ["Quarterly capacity and availability report to both parties", -30],
      ["Forecast of capacity needs for the next 12 months", -5],
    ]);
    expect(await list({ status: "done" })).toEqual([]);
    expect(await list({ status: "open" })).toHaveLength(6);
  });
});

describe("obligations register page", () => {
  it("shows the operator's staff every obligation, paged and sorted", async () => {
    const page = await pageAs(emails.legal, "?sort=-due");
    expect(page.total).toBe(6);
    expect(page.page).toBe(1);
    expect(page.query.sort).toEqual({ column: "due", direction: "desc" });
    expect(page.obligations.at(-1)!.dueOn).toBeNull();
  });

  it("limits a tenant member to its own tenant's agreements", async () => {
    const page = await pageAs(emails.lumenMember);
    const titles = [...new Set(page.obligations.map((o) => o.agreementTitle))].sort();
    expect(titles).toEqual([
      "Data processing agreement — Lumen AI Research",
      "GPU capacity and colocation agreement — Lumen AI × Kairos GPU Cloud × Helios",
    ]);
    expect(page.total).toBe(4);
    const search = await pageAs(emails.lumenMember, "?q=genovia");
    expect(search.total).toBe(0);
  });
});
