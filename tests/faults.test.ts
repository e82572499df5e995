import { spawnSync } from "node:child_process";
import net from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, withScope, type Database } from "../db/connection.server";
import { IngestRequest } from "../app/inventory/ingest-schema";
import { ingestInventory } from "../app/inventory/ingest.server";
import { processOrganization, queueFullRun } from "../app/policy-engine/runs.server";
import * as findingsApi from "../app/routes/api.v1.findings";
import { createApiToken } from "../app/auth/api-tokens.server";
import { readiness } from "../app/config/readiness.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { createOrganization, systemActor, testContext } from "./factories";

/**
 * A TCP proxy in front of Postgres that a test can cut (every connection reset, the port refusing) and restore:
 * the database "goes away" for the app without stopping the shared server.
 */
class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  private forwardedFromClient = 0;
  private cutAfter: number | null = null;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      this.sockets.add(client).add(upstream);
      client.on("data", (chunk: Buffer) => {
        this.forwardedFromClient += chunk.length;
        if (this.cutAfter !== null && this.forwardedFromClient >= this.cutAfter) return this.cut();
        upstream.write(chunk);
      });
      upstream.on("data", (chunk: Buffer) => client.write(chunk));
      for (const socket of [client, upstream]) {
        socket.on("error", () => {});
        socket.on("close", () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  /** Cuts once this many more bytes went from the app to the database: in the middle of what the app is sending. */
  armCutAfter(bytes: number) {
    this.forwardedFromClient = 0;
    this.cutAfter = bytes;
  }

  cut() {
    this.cutAfter = null;
    for (const socket of this.sockets) socket.destroy();
    this.server?.close();
    this.server = null;
  }

  async restore() {
    if (!this.server) await this.start();
  }
}

const postgresUrl = process.env.TEST_DATABASE_URL;
let database: TestDatabase;
let proxy: CuttableProxy;
let viaProxy: Database;

beforeAll(async () => {
  if (!postgresUrl) return;
  database = await createTestDatabase();
  const url = new URL(database.url!);
  proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.start();
  url.host = `127.0.0.1:${proxy.port}`;
  viaProxy = openDatabase({ databaseUrl: url.toString(), maxConnections: 2 });
});
afterAll(async () => {
  await viaProxy?.close().catch(() => {});
  proxy?.cut();
  await database?.destroy();
});

const count = async (table: "assets" | "findings" | "evaluation_runs", organizationId: string, where = sql``) =>
  rowsOf<{ n: number }>(
    await database.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId} ${where}`,
    ),
  )[0]!.n;

function inventory(size: number) {
  const assets: Record<string, unknown>[] = [{ kind: "site", external_id: "s1", name: "Site 1", country: "FR", attributes: {} }];
  for (let i = 0; i < size; i++)
    assets.push({
      kind: "storage_volume",
      external_id: `vol-${i}`,
      name: `Volume ${i}`,
      parent: "s1",
      owner: "ops",
      attributes: { encrypted_at_rest: i % 2 === 0 },
    });
  return IngestRequest.parse({ source: "faults", mode: "upsert", assets });
}

describe.skipIf(!postgresUrl)("faults on Postgres", () => {
  it("a connection cut in the middle of an ingest commits nothing; the retry succeeds once the database is back", async () => {
    const org = (await createOrganization(database.db)).id;
    const request = inventory(3000);
    proxy.armCutAfter(200_000);
    await expect(
      withScope(viaProxy.db, { organizationId: org }, (tx) => ingestInventory(tx, { organizationId: org, actor: systemActor, request })),
    ).rejects.toMatchObject({ status: 503 });
    expect(await count("assets", org)).toBe(0);
    await proxy.restore();
    const outcome = await withScope(viaProxy.db, { organizationId: org }, (tx) =>
      ingestInventory(tx, { organizationId: org, actor: systemActor, request }),
    );
    expect(outcome.ok).toBe(true);
    expect(await count("assets", org)).toBe(3001);
  });

  it("while the database is down a request answers 503 with a clear error, and the app recovers by itself", async () => {
    const org = (await createOrganization(database.db)).id;
    const { secret } = await withScope(database.db, { organizationId: org }, (tx) =>
      createApiToken(tx, { organizationId: org, actor: systemActor, name: "t", scopes: ["findings:read"] }),
    );
    const call = async () => {
      try {
        return (await findingsApi.loader({
          request: new Request("http://localhost/api/v1/findings", { headers: { Authorization: `Bearer ${secret}` } }),
          params: {},
          context: testContext(viaProxy.db),
        })) as Response;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const ready = () => readiness(viaProxy.db, "postgres", 1);
    expect((await call()).status).toBe(200);
    expect((await ready()).status).toBe(200);
    proxy.cut();
    const down = await call();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: { code: "database_unavailable" } });
    expect(await ready()).toMatchObject({ status: 503, body: { status: "database_unreachable" } });
    await proxy.restore();
    expect((await call()).status).toBe(200);
    expect((await ready()).status).toBe(200);
  });

  it("a process killed during an evaluation run leaves nothing half written; the next run completes it without duplicates", async () => {
    const org = (await createOrganization(database.db)).id;
    await withScope(database.db, { organizationId: org }, async (tx) => {
      await ingestInventory(tx, { organizationId: org, actor: systemActor, request: inventory(40) });
      await queueFullRun(tx, org, "manual", "test");
    });
    // A separate process runs the evaluation and is SIGKILLed just before its transaction commits.
    const killed = spawnSync(process.execPath, ["--import", "tsx", "tests/fixtures/kill-during-run.ts", database.url!, org], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(await count("findings", org)).toBe(0);
    expect(await count("evaluation_runs", org, sql`and status = 'queued'`)).toBe(1);
    await processOrganization(database.db, org);
    const opened = await count("findings", org);
    expect(opened).toBeGreaterThanOrEqual(20);
    await withScope(database.db, { organizationId: org }, (tx) => queueFullRun(tx, org, "manual", "test"));
    await processOrganization(database.db, org);
    expect(await count("findings", org)).toBe(opened);
    const duplicates = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from (select policy_id, resource_id from findings where organization_id = ${org} and status <> 'resolved' group by 1, 2 having count(*) > 1) d`,
      ),
    );
    expect(duplicates[0]!.n).toBe(0);
  }, 90_000);
});
