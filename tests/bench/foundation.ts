// npm run bench — throughput of the foundation's hot paths, on embedded PGlite and (with BENCH_DATABASE_URL) on
// Postgres. Figures are reported in the issue notes; no test asserts on time.
import { PGlite } from "@electric-sql/pglite";
import { recordAudit } from "../../app/audit/audit.server";
import { verifyAuditChain } from "../../app/audit/verify.server";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { listTenants } from "../../app/tenants/tenants.server";
import { openDatabase, withScope, type Database } from "../../db/connection.server";
import { createOrganization, createTenant, systemActor } from "../factories";
import { createDatabase } from "../load/servers";

type Row = { benchmark: string; driver: string; ops: number; seconds: number; perSecond: number; msPerOp: number };
const rows: Row[] = [];

async function measure(benchmark: string, driver: string, ops: number, work: () => Promise<void>) {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.push({
    benchmark,
    driver,
    ops,
    seconds: Number(seconds.toFixed(3)),
    perSecond: Math.round(ops / seconds),
    msPerOp: Number(((seconds * 1000) / ops).toFixed(3)),
  });
}

async function benchDatabase(database: Database, driver: string) {
  await database.migrate();
  const org = await createOrganization(database.db);
  for (let i = 0; i < 200; i += 1) await createTenant(database.db, org.id);
  const scope = { organizationId: org.id };

  const AUDIT_ONE_BY_ONE = 2000;
  await measure("audit append, one transaction each", driver, AUDIT_ONE_BY_ONE, async () => {
    for (let i = 0; i < AUDIT_ONE_BY_ONE; i += 1) {
      await withScope(database.db, scope, (tx) =>
        recordAudit(tx, {
          organizationId: org.id,
          actor: systemActor,
          action: "bench",
          entityType: "t",
          entityId: `${i}`,
          after: { i, note: "x".repeat(200) },
        }),
      );
    }
  });
  const AUDIT_BATCH = 10000;
  await measure("audit append, 1,000 per transaction", driver, AUDIT_BATCH, async () => {
    for (let batch = 0; batch < AUDIT_BATCH / 1000; batch += 1) {
      await withScope(database.db, scope, async (tx) => {
        for (let i = 0; i < 1000; i += 1) {
          await recordAudit(tx, {
            organizationId: org.id,
            actor: systemActor,
            action: "bench",
            entityType: "t",
            entityId: `${batch}-${i}`,
            after: { i },
          });
        }
      });
    }
  });
  const total = AUDIT_ONE_BY_ONE + AUDIT_BATCH + 0;
  await measure("audit:verify (entries checked)", driver, total, async () => {
    const report = await verifyAuditChain(database.db);
    if (report.firstBreak) throw new Error("chain broken during bench");
  });
  const READS = 500;
  await measure("scoped page of 25 tenants (RLS on)", driver, READS, async () => {
    for (let i = 0; i < READS; i += 1) {
      await withScope(database.db, scope, (tx) => listTenants(tx, { organizationId: org.id, page: 1 + (i % 8), pageSize: 25 }));
    }
  });
}

const password = "bench-password-123";
let hash = "";
await measure("argon2id hash", "-", 20, async () => {
  for (let i = 0; i < 20; i += 1) hash = await hashPassword(password);
});
await measure("argon2id verify", "-", 20, async () => {
  for (let i = 0; i < 20; i += 1) await verifyPassword(hash, password);
});

const pglite = openDatabase({ pglite: new PGlite() });
await benchDatabase(pglite, "pglite");
await pglite.close();

const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const created = await createDatabase(url, "attest_bench");
  const pg = openDatabase({ databaseUrl: created.url, maxConnections: 4 });
  try {
    await benchDatabase(pg, "postgres");
  } finally {
    await pg.close();
    await created.drop();
  }
}

console.table(rows);
const memory = process.memoryUsage();
console.log(`peak RSS now: ${Math.round(memory.rss / 1024 / 1024)} MiB, heap used: ${Math.round(memory.heapUsed / 1024 / 1024)} MiB`);
