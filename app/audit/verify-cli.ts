// npm run audit:verify — walks every organisation's audit chain and names the first broken entry.
import { openDatabase } from "../../db/connection.server";
import { databaseOptions, getConfig } from "../config/config.server";
import { verifyAuditChain } from "./verify.server";

const config = getConfig();
const database = openDatabase(databaseOptions(config, 1));
try {
  const report = await verifyAuditChain(database.db);
  if (report.firstBreak) {
    const b = report.firstBreak;
    console.error(
      `Audit chain BROKEN in organisation "${b.organizationSlug}" at entry seq=${b.seq} id=${b.id} (${b.reason}); ` +
        `${report.entries} entries checked.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`Audit chain intact: ${report.entries} entries in ${report.organizations} organisations.`);
  }
} finally {
  await database.close();
}
