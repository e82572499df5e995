import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, withSystem } from "../../db/connection.server";
import { createOrganization, systemActor } from "../../tests/factories";
import { recordAudit } from "./audit.server";
import { publishedCheckpoints } from "./checkpoints.server";

const run = promisify(execFile);
const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "attest-verify-")), "data");
afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

async function verify(...args: string[]) {
  // The command as an operator runs it, on the embedded database in ATTEST_DATA_DIR.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env = { ...inherited, ATTEST_DATA_DIR: dataDir, NODE_ENV: "development" } as NodeJS.ProcessEnv;
  try {
    const { stdout } = await run("npx", ["tsx", "app/audit/verify-cli.ts", ...args], { env });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe("npm run audit:verify", () => {
  it("reports an intact chain, then names the entry edited in the database", async () => {
    const database = openDatabase({ dataDir });
    await database.migrate();
    const org = await createOrganization(database.db, "Verify Operator");
    const entries = await withSystem(database.db, async (tx) => {
      const written = [];
      for (const n of [1, 2, 3]) {
        written.push(
          await recordAudit(tx, {
            organizationId: org.id,
            actor: systemActor,
            action: "x",
            entityType: "t",
            entityId: `${n}`,
            after: { n },
          }),
        );
      }
      return written;
    });
    await database.close();
    expect(await verify()).toMatchObject({ code: 0, output: expect.stringContaining("intact: 3 entries") });
    // --checkpoint signs the head once the chain verifies (creating the organisation's key is audited: 4 entries).
    expect(await verify("--checkpoint")).toMatchObject({ code: 0, output: expect.stringContaining("Signed 1 new checkpoints") });

    // An outside copy of what /.well-known/attest-audit-checkpoints/{slug}.json served; then a superuser deletes
    // the newest entry and every checkpoint.
    const truncated = openDatabase({ dataDir });
    const copy = path.join(path.dirname(dataDir), "checkpoints.json");
    writeFileSync(copy, JSON.stringify(await withSystem(truncated.db, (tx) => publishedCheckpoints(tx, org.slug))));
    await withSystem(truncated.db, async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from audit_log where seq = (select max(seq) from audit_log)`);
      await tx.execute(sql`delete from audit_checkpoints`);
    });
    await truncated.close();
    const missing = await verify("--checkpoints", copy);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/entries 4–4 missing or rewritten since the checkpoint of \d{4}-\d\d-\d\dT/);
    expect(missing.output).toContain("1 checkpoints of the outside copy are missing from the database");

    const tampered = openDatabase({ dataDir });
    await withSystem(tampered.db, async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_log set actor_label = 'someone else' where seq = ${entries[1]!.seq}`);
    });
    await tampered.close();
    const report = await verify();
    expect(report.code).toBe(1);
    expect(report.output).toContain(`seq=${entries[1]!.seq} id=${entries[1]!.id}`);
  }, 180_000);
});
