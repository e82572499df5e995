// npm run audit:verify — walks every organisation's audit chain and names the first broken entry.
// On embedded PGlite while the app runs, the app walks it (see app/cli/tool.server.ts).
import { reportRefusal, runTool } from "../cli/tool.server";

try {
  const report = await runTool("audit.verify", {});
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
} catch (error) {
  reportRefusal(error);
}
