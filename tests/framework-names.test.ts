import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { catalogue, localText } from "../app/controls/catalogue.server";
import * as controlPage from "../app/routes/_app.controls.$frameworkId.$requirementId";
import * as soaPage from "../app/routes/_app.controls._index";
import * as dashboardPage from "../app/routes/_app._index";
import { clockFrom } from "./clock";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, testContext } from "./factories";

/** Issue 16, "French everywhere": the frameworks are named, and SecNumCloud's sections titled, in the reader's language. */
let database: TestDatabase;
let officer = "";

clockFrom();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  officer = (await createMember(database.db, org!.id, "compliance_officer")).user.email;
});
afterAll(() => database?.destroy());

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
async function load<T>(loader: Loader, path: string, language: "en" | "fr", params: Record<string, string> = {}) {
  const signedIn = (await browserFor(database.db, officer)).get(path);
  const request = new Request(signedIn.url, { headers: { Cookie: signedIn.headers.get("Cookie")!, "Accept-Language": language } });
  return (await loader({ request, params, context: testContext(database.db) })) as T;
}
const names = (language: "en" | "fr") => new Set(catalogue().frameworks.map((f) => localText(f.name, language)));

describe("framework names in the reader's language", () => {
  it("names the frameworks in French on the French dashboard", async () => {
    type Page = Awaited<ReturnType<typeof dashboardPage.loader>>;
    const page = await load<Page>(dashboardPage.loader, "/", "fr");
    const shown = [...(page.summary.controls ?? []).map((c) => c.name), ...(page.engine?.posture.byFramework ?? []).map((f) => f.name)];
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.filter((name) => !names("fr").has(name))).toEqual([]);
    expect(page.summary.controls?.find((c) => c.framework === "iso27001-2022")?.name).toBe("ISO/IEC 27001:2022 annexe A");
    const english = await load<Page>(dashboardPage.loader, "/", "en");
    expect(english.summary.controls?.find((c) => c.framework === "iso27001-2022")?.name).toBe("ISO/IEC 27001:2022 Annex A");
  });

  it("names the frameworks in French on the French controls page", async () => {
    type Page = Awaited<ReturnType<typeof soaPage.loader>>;
    const page = await load<Page>(soaPage.loader, "/controls?framework=gdpr", "fr");
    expect(page.framework.name).toBe("RGPD (règlement (UE) 2016/679)");
    expect(page.frameworks.map((f) => f.name).filter((name) => !names("fr").has(name))).toEqual([]);
  });

  it("shows an English reader SecNumCloud's French title beside the translation, and a French reader only the French", async () => {
    type Page = Awaited<ReturnType<typeof controlPage.loader>>;
    const params = { frameworkId: "secnumcloud-3.2", requirementId: "19.6" };
    const english = await load<Page>(controlPage.loader, "/controls/secnumcloud-3.2/19.6", "en", params);
    expect(english.requirement).toMatchObject({
      title: "Protection from extra-European law",
      original: "Protection vis-à-vis du droit extra-européen",
    });
    const french = await load<Page>(controlPage.loader, "/controls/secnumcloud-3.2/19.6", "fr", params);
    expect(french.requirement).toMatchObject({ title: "Protection vis-à-vis du droit extra-européen", original: null });
    expect(french.framework.name).toBe("SecNumCloud 3.2 — § 19 Exigences supplémentaires");
    const gdpr = await load<Page>(controlPage.loader, "/controls/gdpr/Art.%2048", "en", { frameworkId: "gdpr", requirementId: "Art. 48" });
    expect(gdpr.requirement.original).toBeNull();
  });
});
