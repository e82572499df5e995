// The database a benchmark runs on: a fresh database on Postgres (BENCH_DATABASE_URL, default the local server), or
// an in-memory PGlite with BENCH_DRIVER=pglite. Migrated; dropped afterwards.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase, type Database } from "../../db/connection.server";

export async function openBenchDatabase(prefix = "attest_bench"): Promise<{ database: Database; drop: () => Promise<void>; driver: string; url: string | null }> {
  if (process.env.BENCH_DRIVER === "pglite") {
    const database = openDatabase({ pglite: new PGlite() });
    return { database, drop: () => database.close(), driver: "pglite", url: null };
  }
  const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
  return {
    database,
    driver: "postgres",
    url: url.toString(),
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

