// The database a benchmark runs on: a fresh database on Postgres (BENCH_DATABASE_URL, default the local server), or
// an in-memory PGlite with BENCH_DRIVER=pglite. Migrated; dropped afterwards.
import { PGlite } from "@electric-sql/pglite";
import { openDatabase, type Database } from "../../db/connection.server";
import { createDatabase } from "../load/servers";

export async function openBenchDatabase(
  prefix = "attest_bench",
): Promise<{ database: Database; drop: () => Promise<void>; driver: string; url: string | null }> {
  if (process.env.BENCH_DRIVER === "pglite") {
    const database = openDatabase({ pglite: new PGlite() });
    return { database, drop: () => database.close(), driver: "pglite", url: null };
  }
  const created = await createDatabase(undefined, prefix);
  const database = openDatabase({ databaseUrl: created.url, maxConnections: 4 });
  return {
    database,
    driver: "postgres",
    url: created.url,
    drop: async () => {
      await database.close();
      await created.drop();
    },
  };
}
