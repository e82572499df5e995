import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/connection.server";
import { LOCK_FILES, lockDataDir } from "../../db/folder-lock.server";
import * as clock from "../config/clock";
import { SECRETS_FILE } from "../config/secrets.server";

const run = promisify(execFile);

/** Postgres: pg_dump's custom format (compressed, restorable table by table with pg_restore). */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, url], { maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Restores into the database of `url`, replacing what it holds (pg_restore --clean), grants and row-level security
 * policies included. Roles are cluster-wide, not in a database dump: the restricted role attest_app is created first
 * when the target cluster does not have it (as migration 0001 does).
 */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'attest_app') THEN CREATE ROLE attest_app NOLOGIN; END IF;
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN EXECUTE format('GRANT attest_app TO %I', current_user); END IF;
    END $$`);
  } finally {
    await client.end();
  }
  await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", `--dbname=${url}`, file], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * PGlite: its own dump of the data folder (a gzipped tarball). Takes the folder's lock: refused (DataDirInUse) while
 * the app or another tool has the folder open.
 */
export async function backupPglite(dataDir: string, file: string): Promise<void> {
  const lock = lockDataDir(dataDir);
  try {
    // PGlite.create waits until the folder is open: dumping from a `new PGlite()` still starting never returned.
    const pglite = await PGlite.create(dataDir);
    try {
      // The tarball is compressed with node's zlib, so that restoring needs nothing from PGlite's stream handling.
      const dump = await pglite.dumpDataDir("none");
      // The dump holds the whole folder, its secrets.json too (the secrets generated when the environment sets none):
      // readable by the owner only.
      writeFileSync(file, gzipSync(Buffer.from(await dump.arrayBuffer())), { mode: 0o600 });
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
}

/**
 * Restores a PGlite dump into `dataDir`; what the folder held is kept beside it as `<folder>.before-restore-<time>`.
 * The folder stays locked throughout (refused while the app or another tool has it open): the dump is loaded into
 * a staging folder beside it, then the entries are moved, so the folder itself (perhaps a mount point) stays.
 */
export async function restorePglite(file: string, dataDir: string, now = clock.now()): Promise<string | null> {
  const resolved = path.resolve(dataDir);
  const existed = existsSync(resolved) && readdirSync(resolved).some((entry) => !LOCK_FILES.includes(entry));
  const lock = lockDataDir(resolved);
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const staging = `${resolved}.restoring-${stamp}`;
  try {
    const pglite = await PGlite.create(staging, { loadDataDir: new Blob([gunzipSync(readFileSync(file))]) });
    await pglite.query("select 1");
    await pglite.close();
    // A dump of a folder holds its lock files of the time: not the restored folder's.
    for (const entry of LOCK_FILES) rmSync(path.join(staging, entry), { recursive: true, force: true });
    const kept = existed ? `${resolved}.before-restore-${stamp}` : null;
    if (kept) {
      mkdirSync(kept);
      for (const entry of readdirSync(resolved))
        if (!LOCK_FILES.includes(entry)) renameSync(path.join(resolved, entry), path.join(kept, entry));
    }
    for (const entry of readdirSync(staging)) renameSync(path.join(staging, entry), path.join(resolved, entry));
    // PGlite writes the files it restores with mode 0666: the secrets file goes back to the owner only.
    const secrets = path.join(resolved, SECRETS_FILE);
    if (existsSync(secrets)) chmodSync(secrets, 0o600);
    return kept;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}

/**
 * Per table (the app's and the migrations journal), the row count and the MD5 of its rows in a stable order:
 * two databases with equal fingerprints hold the same data.
 */
export async function databaseFingerprint(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(
      sql`select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
    ),
  );
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { schema, name } of tables) {
    const [row] = rowsOf<{ rows: number; md5: string | null }>(
      await db.execute(
        sql`select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from ${sql.identifier(schema)}.${sql.identifier(name)} t`,
      ),
    );
    out[`${schema}.${name}`] = { rows: row!.rows, md5: row!.md5 ?? "" };
  }
  return out;
}
