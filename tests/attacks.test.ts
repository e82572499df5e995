import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/connection.server";
import { agreements, organizations } from "../db/schema";
import { seedDemo } from "../db/seed/demo.server";
import { getAuth } from "../app/auth/auth.server";
import { CSRF_COOKIE, expectedCsrfToken, issueCsrfCookieValue } from "../app/auth/csrf.server";
import { readUpload, tooLarge } from "../app/files/upload.server";
import * as agreementPage from "../app/routes/_app.agreements.$agreementId._index";
import * as agreementsList from "../app/routes/_app.agreements._index";
import * as auditPage from "../app/routes/_app.audit";
import * as findingsList from "../app/routes/_app.findings._index";
import * as inventoryList from "../app/routes/_app.inventory._index";
import * as permitsList from "../app/routes/_app.permits._index";
import * as policiesList from "../app/routes/_app.policies._index";
import * as tenantsList from "../app/routes/_app.settings.tenants._index";
import * as login from "../app/routes/login";
import * as findingsExport from "../app/routes/findings.export[.]csv";
import { createTestDatabase, type TestDatabase } from "./db";
import { browserFor, createMember, PASSWORD, statusOf, testContext } from "./factories";

let database: TestDatabase;
let helios = "";
let email = "";

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  helios = org!.id;
  email = (await createMember(database.db, helios, "admin")).user.email;
}, 120_000);
afterAll(() => database?.destroy());

const tableCounts = async () =>
  rowsOf<{ t: string; n: number }>(
    await database.db.execute(
      sql`select 'assets' as t, count(*)::int as n from assets union all select 'findings', count(*)::int from findings union all select 'tenants', count(*)::int from tenants`,
    ),
  );

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE assets; --",
  "%' UNION SELECT password_hash FROM users --",
  "\\' OR ''='",
  "1); DELETE FROM findings; --",
  "${7*7}{{7*7}}",
  "\u0000",
  "a".repeat(5000),
];

describe("attacks", () => {
  it("SQL injection strings in every filter change nothing and never fail the server", async () => {
    const browser = await browserFor(database.db, email);
    const context = testContext(database.db);
    const before = await tableCounts();
    const lists = [
      [inventoryList, "/inventory", ["q", "kind", "tenant", "site", "country", "sort", "direction", "page", "asOf", "changedSince"]],
      [findingsList, "/findings", ["q", "status", "severity", "tenant", "policy", "framework", "page"]],
      [auditPage, "/audit", ["actor", "action", "entityType", "entityId", "from", "to", "page"]],
      [permitsList, "/permits", ["site", "archived"]],
      [agreementsList, "/agreements", ["q", "type", "party"]],
      [policiesList, "/policies", ["q", "pack", "framework"]],
      [tenantsList, "/settings/tenants", ["q", "page"]],
      [findingsExport, "/findings/export.csv", ["q", "tenant", "policy"]],
    ] as const;
    for (const [module, path, params] of lists) {
      for (const param of params) {
        for (const value of INJECTIONS) {
          const url = `${path}?${new URLSearchParams({ [param]: value })}`;
          const status = await statusOf(() => module.loader({ request: browser.get(url), params: {}, context } as never));
          expect([200, 400, 404], `${url} → ${status}`).toContain(status);
        }
      }
    }
    expect(await tableCounts()).toEqual(before);
  }, 120_000);

  it("a session id chosen by an attacker is never adopted: signing in issues a new one", async () => {
    const csrf = issueCsrfCookieValue();
    const fixed = "attest_session=attacker-chosen-value";
    // The sign-in page rendered with the planted cookie carries the token bound to it.
    const cookies = `${fixed}; ${CSRF_COOKIE}=${csrf.value}`;
    const form = new URLSearchParams({ email, password: PASSWORD, csrf: expectedCsrfToken(cookies)! });
    const response = (await login.action({
      request: new Request("http://localhost/login", {
        method: "POST",
        headers: { Cookie: cookies, "Content-Type": "application/x-www-form-urlencoded" },
        body: form,
      }),
      params: {},
      context: testContext(database.db),
    } as never)) as Response;
    expect(response.status).toBe(302);
    const issued = response.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(issued).toMatch(/^attest_session=/);
    expect(issued).not.toContain("attacker-chosen-value");
    expect(await getAuth(new Request("http://localhost/", { headers: { Cookie: fixed } }), database.db)).toBeNull();
    expect(await getAuth(new Request("http://localhost/", { headers: { Cookie: issued } }), database.db)).not.toBeNull();
  });

  it("uploads: a program renamed .pdf is refused, an oversized body is refused before it is read, a path in the name is only a name", async () => {
    const program = new File([Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(512)])], "invoice.pdf", {
      type: "application/pdf",
    });
    const asPdf = new FormData();
    asPdf.set("file", program);
    expect(await readUpload(asPdf, "file", { pdfOnly: true })).toEqual({ error: "agreements.signedMustBePdf" });
    // The type is read from the bytes: a script named .pdf is whatever its bytes are, never served as a PDF.
    const script = new FormData();
    script.set("file", new File(["<script>alert(1)</script>"], "evidence.pdf", { type: "application/pdf" }));
    const sniffed = await readUpload(script, "file");
    expect("upload" in sniffed ? sniffed.upload.contentType : "refused").not.toBe("application/pdf");
    expect(tooLarge(new Request("http://localhost/", { method: "POST", headers: { "Content-Length": String(30 * 1024 * 1024) } }))).toBe(
      true,
    );

    const traversal = new FormData();
    traversal.set("file", new File(["%PDF-1.4\n%%EOF\n"], "../../../../etc/passwd.pdf", { type: "application/pdf" }));
    const read = await readUpload(traversal, "file", { pdfOnly: true });
    expect(read).toMatchObject({ upload: { contentType: "application/pdf" } });
    // Files live in the database, never at a path built from their name; downloads name them with a safe header.
    const [agreement] = await database.db.select().from(agreements).where(eq(agreements.organizationId, helios));
    const browser = await browserFor(database.db, email);
    const body = new FormData();
    body.set("csrf", (await (async () => browser.post("/x").formData())()).get("csrf") as string);
    body.set("kind", "signed");
    body.set("title", "Signed copy");
    body.set("file", new File(["%PDF-1.4\n%%EOF\n"], "../../../../etc/passwd.pdf", { type: "application/pdf" }));
    const cookie = browser.get("/").headers.get("Cookie")!;
    const status = await statusOf(() =>
      agreementPage.action({
        request: new Request(`http://localhost/agreements/${agreement!.id}`, { method: "POST", headers: { Cookie: cookie }, body }),
        params: { agreementId: agreement!.id },
        context: testContext(database.db),
      } as never),
    );
    expect(status).toBe(200);
    const [stored] = rowsOf<{ file_name: string }>(
      await database.db.execute(sql`select file_name from agreement_documents where agreement_id = ${agreement!.id}`),
    );
    expect(stored!.file_name).toBe("../../../../etc/passwd.pdf");
    const { default: documentRoute } = { default: await import("../app/routes/agreements.documents.$documentId") };
    const [doc] = rowsOf<{ id: string }>(
      await database.db.execute(sql`select id from agreement_documents where agreement_id = ${agreement!.id}`),
    );
    const download = (await documentRoute.loader({
      request: browser.get(`/agreements/documents/${doc!.id}`),
      params: { documentId: doc!.id },
      context: testContext(database.db),
    } as never)) as Response;
    expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`);
  });
});
