import { readFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_FOLDER } from "../db/connection.server";

/** How many migrations the code ships with: /readyz is ready once the database has them all. */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}
