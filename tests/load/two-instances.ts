// Two app instances on one Postgres, behind nothing but two ports (run by .ci/run; needs a build), the second one a
// cluster of two HTTP workers (WEB_CONCURRENCY=2), so three processes share the database and its job queue:
// ingests go to both at once; the evaluation of the organisation runs on one instance at a time; afterwards every
// unencrypted volume has exactly one live finding (none lost, none duplicated) and no change is left pending.
import { sql, eq } from "drizzle-orm";
import { openDatabase, rowsOf, withScope } from "../../db/connection.server";
import { organizations } from "../../db/schema";
import { createApiToken } from "../../app/auth/api-tokens.server";
import { createDatabase, startServer } from "./servers";
import { execFileSync } from "node:child_process";
import http from "node:http";
import type { RunningServer } from "./servers";

const BATCHES = 24;
const PER_BATCH = 250;
const database = await createDatabase(undefined, "attest_two_instances");
const db = openDatabase({ databaseUrl: database.url, maxConnections: 2 });
const first = await startServer({ port: 3193, databaseUrl: database.url, seed: "demo" });
const second = await startServer({ port: 3194, databaseUrl: database.url, env: { WEB_CONCURRENCY: "2" } });
let failed = false;
const readyLines = (server: RunningServer) => server.log.join("").split("Attest is ready").length - 1;
function statusOnNewConnection(url: string) {
  return new Promise<number>((resolve, reject) =>
    http.get(url, { agent: false }, (response) => resolve(response.resume().statusCode ?? 0)).on("error", reject),
  );
}
async function untilTrue(condition: () => boolean) {
  for (let i = 0; i < 60 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 250));
}
const check = (ok: boolean, message: string) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
  if (!ok) failed = true;
};
try {
  const [helios] = await db.db.select().from(organizations).where(eq(organizations.slug, "helios"));
  const org = helios!.id;
  const { secret } = await withScope(db.db, { organizationId: org }, (tx) =>
    createApiToken(tx, {
      organizationId: org,
      actor: { userId: null, label: "two-instances" },
      name: "two instances",
      scopes: ["inventory:write", "findings:read"],
    }),
  );
  const batch = (n: number) => ({
    source: "two-instances",
    mode: "upsert",
    assets: [
      ...(n === 0 ? [{ kind: "site", external_id: "ti-site", name: "Two-instance site", country: "FR", attributes: {} }] : []),
      ...Array.from({ length: PER_BATCH }, (_, i) => ({
        kind: "storage_volume",
        external_id: `ti-${n}-${i}`,
        name: `Volume ${n}-${i}`,
        parent: "ti-site",
        owner: "ops",
        attributes: { encrypted_at_rest: i % 5 !== 0 },
      })),
    ],
  });
  const post = async (port: number, n: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/inventory`, {
      method: "POST",
      headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
      body: JSON.stringify(batch(n)),
    });
    if (!response.ok) throw new Error(`ingest ${n} on ${port}: ${response.status} ${await response.text()}`);
  };
  await post(first.port, 0);
  await untilTrue(() => readyLines(second) === 2);
  check(readyLines(second) === 2, `the second instance started ${readyLines(second)} HTTP workers`);
  const started = Date.now();
  await Promise.all(Array.from({ length: BATCHES - 1 }, (_, i) => post(i % 2 ? first.port : second.port, i + 1)));
  console.log(`${BATCHES} ingests of ${PER_BATCH} volumes through two instances in ${Date.now() - started} ms`);

  const pending = async () =>
    rowsOf<{ n: number }>(
      await db.db.execute(
        sql`select (select count(*) from inventory_outbox where organization_id = ${org} and processed_at is null) + (select count(*) from evaluation_runs where organization_id = ${org} and status = 'queued') as n`,
      ),
    )[0]!.n;
  for (let i = 0; i < 120 && Number(await pending()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 500));
  check(Number(await pending()) === 0, "every change evaluated, no run left queued");

  const expected = (BATCHES * PER_BATCH) / 5;
  const [live] = rowsOf<{ n: number }>(
    await db.db.execute(
      sql`select count(*)::int as n from findings where organization_id = ${org} and policy_id = 'iso27001.a8-24.storage-encrypted-at-rest' and status <> 'resolved' and resource_name like 'Volume %'`,
    ),
  );
  check(live!.n === expected, `${live!.n} live findings for ${expected} unencrypted volumes (none lost)`);
  const [duplicates] = rowsOf<{ n: number }>(
    await db.db.execute(
      sql`select count(*)::int as n from (select policy_id, resource_id from findings where organization_id = ${org} and status <> 'resolved' group by 1, 2 having count(*) > 1) d`,
    ),
  );
  check(duplicates!.n === 0, `${duplicates!.n} duplicated live findings`);
  const [overlaps] = rowsOf<{ n: number }>(
    await db.db.execute(sql`
      select count(*)::int as n from evaluation_runs a join evaluation_runs b on a.organization_id = b.organization_id and a.id < b.id
      where a.organization_id = ${org} and a.status = 'completed' and b.status = 'completed'
        and a.started_at < b.finished_at and b.started_at < a.finished_at`),
  );
  const [runs] = rowsOf<{ n: number }>(
    await db.db.execute(sql`select count(*)::int as n from evaluation_runs where organization_id = ${org} and status = 'completed'`),
  );
  check(overlaps!.n === 0, `${runs!.n} evaluation runs, none overlapping another of the organisation`);

  // A worker that dies is replaced, and the instance answers meanwhile from the other one. The primary's children
  // also include tsx's esbuild services, so the victim is chosen among its node processes.
  const [victim] = execFileSync("pgrep", ["-P", String(second.process.pid), "-x", "node"])
    .toString()
    .trim()
    .split("\n");
  process.kill(Number(victim), "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 300));
  // New connections (a kept-alive one to the dead worker is reset, as with any process that dies).
  const answers = await Promise.all(Array.from({ length: 10 }, () => statusOnNewConnection(`http://127.0.0.1:${second.port}/healthz`)));
  check(
    answers.every((status) => status === 200),
    `with a worker killed, the instance answered ${answers.join(",")}`,
  );
  await untilTrue(() => readyLines(second) === 3);
  check(readyLines(second) === 3, "the killed worker was replaced");
} finally {
  await first.stop();
  await second.stop();
  await db.close();
  await database.drop();
}
if (failed) process.exit(1);
console.log("two instances on one Postgres: passed");
