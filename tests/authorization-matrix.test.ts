import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED } from "./authorization/expected";
import { buildFixture, routeFiles, SESSION_PRINCIPALS, statusOf, TOKEN_PRINCIPALS } from "./authorization/harness";
import { ROUTES, type RouteCase } from "./authorization/routes";
import { createTestDatabase, type TestDatabase } from "./db";

/**
 * The authorisation matrix: every route module (found on disk, so a new route without an entry fails) × every
 * principal — each role of the operator, a tenant member (its own tenant's resources and another tenant's), an admin
 * of another organisation, no session; for the API a token with every scope, one without the needed scope, another
 * organisation's token, none — for loaders (GET) and actions (POST, with an empty or invalid body so that nothing
 * changes). The expected status of each cell is written in tests/authorization/expected.ts.
 */
let database: TestDatabase;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const actual: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  fixture = await buildFixture(database.db);
}, 120_000);
afterAll(async () => {
  if (process.env.MATRIX_WRITE) writeFileSync(process.env.MATRIX_WRITE, JSON.stringify(actual, null, 1));
  await database?.destroy();
});

type Module = { loader?: (...args: never[]) => unknown; action?: (...args: never[]) => unknown };

function requestFor(
  principal: string,
  kind: "session" | "token" | "public",
  method: "GET" | "POST" | "PUT" | "PATCH",
  url: string,
  body: Record<string, string> | null,
): Request {
  const full = `http://localhost${url}`;
  if (kind === "token") {
    const secret = principal === "no_token" ? null : fixture.tokens[principal as keyof typeof fixture.tokens];
    const headers: Record<string, string> = secret ? { Authorization: `Bearer ${secret}` } : {};
    if (method === "GET") return new Request(full, { headers });
    return new Request(full, { method, headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}) });
  }
  const browser = kind === "session" ? fixture.browsers[principal as keyof typeof fixture.browsers] : null;
  if (!browser)
    return method === "GET"
      ? new Request(full)
      : new Request(full, {
          method,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(body ?? {}),
        });
  return method === "GET" ? browser.get(url) : browser.post(url, body ?? {});
}

async function run(file: string, kind: "session" | "token" | "public", routeCase: RouteCase, method: "GET" | "POST") {
  const module = (await import(`../app/routes/${file}.tsx`).catch(() => import(`../app/routes/${file}.ts`))) as Module;
  const handler = method === "GET" ? module.loader : module.action;
  const principals = kind === "session" ? SESSION_PRINCIPALS : kind === "token" ? TOKEN_PRINCIPALS : (["anyone"] as const);
  const cells: Record<string, number> = {};
  for (const principal of principals) {
    if (!handler) {
      cells[principal] = 405;
      continue;
    }
    const url = routeCase.path(fixture.ids);
    const httpMethod = method === "GET" ? "GET" : routeCase.writeMethod;
    cells[principal] = await statusOf(
      handler as never,
      requestFor(principal, kind, httpMethod, url, routeCase.post),
      routeCase.params(fixture.ids),
      database.db,
    );
  }
  return cells;
}

describe("authorisation matrix", () => {
  it("lists every route module, and only existing ones", () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routeFiles());
  });

  for (const [file, entry] of Object.entries(ROUTES)) {
    for (const routeCase of entry.cases) {
      for (const method of ["GET", "POST"] as const) {
        if (method === "GET" ? !routeCase.get : routeCase.post === null) continue;
        const key = `${file} · ${routeCase.name} · ${method === "GET" ? "GET" : routeCase.writeMethod}`;
        it(key, async () => {
          const cells = await run(file, entry.kind, routeCase, method);
          actual[key] = cells;
          expect(cells, key).toEqual(EXPECTED[key]);
        });
      }
    }
  }
});
