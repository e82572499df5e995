import { getConfig } from "../config/config.server";

/** The database the backup commands work on: the same configuration the app starts with. */
export function databaseFromConfig(): { url: string | null; dataDir: string; label: string } {
  const config = getConfig();
  if (config.databaseUrl) {
    const shown = new URL(config.databaseUrl);
    shown.password = shown.password ? "***" : "";
    return { url: config.databaseUrl, dataDir: config.dataDir, label: `Postgres ${shown.toString()}` };
  }
  return { url: null, dataDir: config.dataDir, label: `PGlite ${config.dataDir}` };
}
