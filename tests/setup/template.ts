import path from "node:path";

/** A migrated PGlite data directory, dumped once per run and loaded by every test file. */
export const PGLITE_TEMPLATE = path.resolve(".cache/test/pglite-template.tar.gz");
/** On Postgres, every test file gets its own database cloned from this migrated template. */
export const POSTGRES_TEMPLATE_DB = "attest_test_template";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
