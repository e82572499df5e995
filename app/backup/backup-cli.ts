// npm run backup -- FILE   |   npm run restore -- FILE
// Postgres (DATABASE_URL set): pg_dump custom format / pg_restore --clean into that database.
// PGlite (ATTEST_DATA_DIR): PGlite's own dump of the data folder; refused with one line while the app (or another
// tool) has the folder open (one process per folder: db/folder-lock.server.ts).
import { DataDirInUse } from "../../db/folder-lock.server";
import { inUseLine } from "../cli/tool.server";
import { databaseFromConfig } from "./backup-config";
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from "./backup.server";

const [command, file] = process.argv.slice(2);
if ((command !== "backup" && command !== "restore") || !file) {
  console.error("usage: npm run backup -- FILE | npm run restore -- FILE");
  process.exit(2);
}
const target = databaseFromConfig();
try {
  if (command === "backup") {
    await (target.url ? backupPostgres(target.url, file) : backupPglite(target.dataDir, file));
    console.log(`Backed up ${target.label} to ${file}`);
  } else {
    const kept = target.url ? (await restorePostgres(target.url, file), null) : await restorePglite(file, target.dataDir);
    console.log(`Restored ${file} into ${target.label}${kept ? `; the previous data folder is kept at ${kept}` : ""}`);
  }
} catch (error) {
  console.error(
    error instanceof DataDirInUse
      ? inUseLine(error, `npm run ${command} needs the data folder to itself`)
      : `${command} failed: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
