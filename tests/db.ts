import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase, type Database } from "../db/connection.server";
import { PGLITE_TEMPLATE, POSTGRES_TEMPLATE_DB, withDatabase } from "./setup/template";

export type TestDatabase = Database & { destroy(): Promise<void>; /** Postgres only: the test database's URL. */ url?: string };

/**
 * A fresh, migrated database for one test file: an in-memory PGlite loaded from the migrated dump, or, when
 * TEST_DATABASE_URL is set, a Postgres database cloned from the migrated template.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dump = new Blob([readFileSync(PGLITE_TEMPLATE)]);
    const database = openDatabase({ pglite: await PGlite.create({ loadDataDir: dump }) });
    return { ...database, destroy: () => database.close() };
  }
  const name = `attest_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${POSTGRES_TEMPLATE_DB}"`);
  const database = openDatabase({ databaseUrl: withDatabase(url, name), maxConnections: 4 });
  return {
    ...database,
    url: withDatabase(url, name),
    async destroy() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
