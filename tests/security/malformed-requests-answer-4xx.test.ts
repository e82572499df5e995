// Issue 14 (low): what no page of the app sends — a body that is not a form, an opaque or unparsable Origin, a
// CR/LF in a redirect target, a tampered CSV-import confirmation — is answered with a 4xx, never a 500.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserRequests } from "../../app/auth/browser-requests.server";
import { CSRF_COOKIE, issueCsrfCookieValue } from "../../app/auth/csrf.server";
import { withFormBodiesAs400 } from "../../app/auth/form-bodies.server";
import * as importPage from "../../app/routes/_app.inventory.import";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { createTestDatabase, type TestDatabase } from "../db";
import { browserFor, createMember, createOrganization, PASSWORD, statusOf, testContext } from "../factories";

describe("the middleware in front of pages and forms (a real express app)", () => {
  let server: ReturnType<express.Express["listen"]>;
  let base = "";
  beforeAll(async () => {
    const app = express();
    app.use(browserRequests({ production: false }));
    // Stands for Remix: reads the body as a form, as every action does.
    app.all("*", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const request = new Request(`http://localhost${req.url}`, {
          method: req.method,
          headers: { "content-type": req.get("content-type") ?? "" },
          body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
        });
        if (req.method === "GET" || req.method === "HEAD" || req.path.startsWith("/api/")) return void res.send("through");
        request.formData().then(
          () => res.send("through"),
          () => res.status(500).send("formData failed"),
        );
      });
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const send = async (path: string, init: RequestInit & { headers?: Record<string, string> }) => {
    const response = await fetch(`${base}${path}`, { redirect: "manual", ...init });
    return { status: response.status, text: await response.text() };
  };
  const form = () => new URLSearchParams({ csrf: "x", name: "y" });

  it("a form POST from this origin goes through, as urlencoded and as multipart", async () => {
    expect(await send("/settings/tenants/new", { method: "POST", headers: { Origin: base }, body: form() })).toEqual({
      status: 200,
      text: "through",
    });
    const multipart = new FormData();
    multipart.set("name", "y");
    expect((await send("/settings/tenants/new", { method: "POST", headers: { Origin: base }, body: multipart })).status).toBe(200);
    expect((await send("/settings/tenants/new", { method: "POST", body: form() })).status).toBe(200);
  });

  it("a non-form body, or none, is 415 with a message in the browser's language", async () => {
    for (const [type, body] of [
      ["application/json", '{"name":"y"}'],
      ["text/plain", "name=y"],
      ["application/xml", "<a/>"],
    ] as const) {
      const answer = await send("/settings/tenants/new", { method: "POST", headers: { "Content-Type": type, Origin: base }, body });
      expect(answer.status, type).toBe(415);
      expect(answer.text).toContain("application/x-www-form-urlencoded");
    }
    expect((await send("/logout", { method: "POST" })).status).toBe(415);
    const french = await send("/logout", {
      method: "POST",
      headers: { "Accept-Language": "fr-FR,fr;q=0.9", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(french).toEqual({ status: 415, text: expect.stringContaining("n’accepte que") as string });
  });

  it("a multipart body without its boundary is 400", async () => {
    const answer = await send("/logout", { method: "POST", headers: { "Content-Type": "multipart/form-data", Origin: base }, body: "x" });
    expect(answer.status).toBe(400);
  });

  it("Origin null, a non-URL Origin and another site's Origin are refused 403 on every non-GET method", async () => {
    for (const origin of [
      "null",
      "not a url",
      "",
      "file://",
      "https://evil.example",
      "http://127.0.0.1.evil.example",
      "javascript:alert(1)",
    ]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
        const answer = await send("/logout", {
          method,
          headers: { Origin: origin },
          body: method === "OPTIONS" ? undefined : form(),
        });
        expect(answer.status, `${method} Origin: ${origin}`).toBe(403);
      }
    }
    // Reading is never refused by its Origin.
    expect((await send("/", { headers: { Origin: "null" } })).status).toBe(200);
  });

  it("the JSON API is left to its own checks", async () => {
    const answer = await send("/api/v1/inventory", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "null" },
      body: "{}",
    });
    expect(answer.status).toBe(200);
  });
});

describe("through the real actions", () => {
  let database: TestDatabase;
  let email = "";
  beforeAll(async () => {
    database = await createTestDatabase();
    const organization = await createOrganization(database.db);
    email = (await createMember(database.db, organization.id, "admin")).user.email;
  }, 120_000);
  afterAll(() => database?.destroy());

  it("a CR/LF in redirectTo signs in and lands on the dashboard: no header injection, no 500", async () => {
    const csrf = issueCsrfCookieValue();
    const response = (await login.action({
      request: new Request("http://localhost/login", {
        method: "POST",
        headers: { Cookie: `${CSRF_COOKIE}=${csrf.value}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, password: PASSWORD, csrf: csrf.token, redirectTo: "/inventory\r\nSet-Cookie: injected=1" }),
      }),
      params: {},
      context: testContext(database.db),
    } as never)) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("injected"))).toBe(false);
  });

  it("a malformed CSV-import confirmation is 400 with a message under the file field", async () => {
    const browser = await browserFor(database.db, email);
    for (const payload of [
      '{"source":"csv-import",',
      "not json",
      "null",
      '{"source":"csv-import","mode":"upsert","assets":"x"}',
      undefined,
    ]) {
      const fields: Record<string, string> = { intent: "confirm" };
      if (payload !== undefined) fields.payload = payload;
      const result = (await importPage.action({
        request: browser.post("/inventory/import", fields),
        params: {},
        context: testContext(database.db),
      } as never)) as unknown as { data: unknown; init: { status: number } };
      expect(result.init.status, String(payload)).toBe(400);
      expect(result.data).toEqual({ stage: "fields", fieldErrors: { file: "inventory.import.confirmUnreadable" } });
    }
  });

  it("a multipart body that cannot be read (with its boundary) is 400 from every action of the build, not 500", async () => {
    const build = withFormBodiesAs400({ routes: { "routes/logout": { id: "routes/logout", path: "logout", module: logout } } } as never);
    const action = build.routes["routes/logout"]!.module.action!;
    const call = (body: string) =>
      statusOf(() =>
        Promise.resolve(
          action({
            request: new Request("http://localhost/logout", {
              method: "POST",
              headers: { "Content-Type": "multipart/form-data; boundary=x" },
              body,
            }),
            params: {},
            context: testContext(database.db),
          } as never),
        ),
      );
    // Unwrapped, the same body is a TypeError (a 500).
    await expect(
      logout.action({
        request: new Request("http://localhost/logout", {
          method: "POST",
          headers: { "Content-Type": "multipart/form-data; boundary=x" },
          body: "made up",
        }),
        params: {},
        context: testContext(database.db),
      } as never),
    ).rejects.toBeInstanceOf(TypeError);
    expect(await call("made up")).toBe(400);
    expect(await call('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1')).toBe(400);
    // A readable form reaches the action (which, nobody being signed in, sends to the sign-in page).
    expect(await call('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n')).toBe(302);
  });
});
