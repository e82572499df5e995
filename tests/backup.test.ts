import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, withScope } from "../db/connection.server";
import { seedDemo } from "../db/seed/demo.server";
import { verifyAuditChain } from "../app/audit/verify.server";
import { readOrCreateSecretsFile } from "../app/config/secrets.server";
import { backupPglite, backupPostgres, databaseFingerprint, restorePglite, restorePostgres } from "../app/backup/backup.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { withDatabase } from "./setup/template";

const postgresUrl = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(path.join(tmpdir(), "attest-backup-"));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("backup and restore", () => {
  it.skipIf(!!postgresUrl)(
    "round-trips a seeded PGlite data folder: every table and the audit chain",
    async () => {
      const source = path.join(dir, "source");
      const original = openDatabase({ dataDir: source });
      await original.migrate();
      await seedDemo(original.db);
      const before = await databaseFingerprint(original.db);
      await original.close();
      // The secrets generated into the folder when the environment sets none travel with it, readable by the owner only.
      const { secrets } = readOrCreateSecretsFile(source);

      const file = path.join(dir, "attest.pglite.tar.gz");
      await backupPglite(source, file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const target = path.join(dir, "target");
      expect(await restorePglite(file, target)).toBeNull();
      expect(statSync(path.join(target, "secrets.json")).mode & 0o777).toBe(0o600);
      expect(readOrCreateSecretsFile(target).secrets).toEqual(secrets);
      const restored = openDatabase({ dataDir: target });
      cleanups.push(() => restored.close());
      expect(await databaseFingerprint(restored.db)).toEqual(before);
      expect(Object.keys(before).length).toBeGreaterThan(30);
      expect((await verifyAuditChain(restored.db)).firstBreak).toBeNull();

      // Restoring over an existing folder keeps the old one beside it.
      await restored.close();
      cleanups.pop();
      const kept = await restorePglite(file, target);
      expect(kept).toMatch(/target\.before-restore-/);
    },
    120_000,
  );

  it.skipIf(!postgresUrl)(
    "round-trips a seeded Postgres database with pg_dump and pg_restore: every table and the audit chain",
    async () => {
      const source: TestDatabase = await createTestDatabase();
      cleanups.push(() => source.destroy());
      await seedDemo(source.db);
      const before = await databaseFingerprint(source.db);
      const file = path.join(dir, "attest.pgdump");
      await backupPostgres(source.url!, file);

      const admin = postgres(postgresUrl!, { max: 1, onnotice: () => {} });
      const name = `attest_restore_${randomBytes(4).toString("hex")}`;
      await admin.unsafe(`create database "${name}"`);
      cleanups.push(async () => {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      });
      await restorePostgres(withDatabase(postgresUrl!, name), file);
      const restored = openDatabase({ databaseUrl: withDatabase(postgresUrl!, name), maxConnections: 2 });
      cleanups.push(() => restored.close());
      expect(await databaseFingerprint(restored.db)).toEqual(before);
      expect((await verifyAuditChain(restored.db)).firstBreak).toBeNull();
      // The restored database still enforces row-level security for the app's role.
      const rows = await withScope(restored.db, { organizationId: "00000000-0000-4000-8000-000000000000" }, async (tx) =>
        rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from assets`)),
      );
      expect(rows[0]!.n).toBe(0);
    },
    120_000,
  );
});
