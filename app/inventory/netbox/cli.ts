// npm run import:netbox -- --org <slug> --from-dir DIR
// npm run import:netbox -- --org <slug> --url https://netbox.example.com --token <NetBox API token>
// … --confirm-mass-delete   allows a snapshot that deletes all, or more than 20 %, of the source's live assets
import { parseArgs } from "node:util";
import { reportRefusal, runTool } from "../../cli/tool.server";
import type { NetboxImportReport } from "./import.server";
import { fetchNetbox, readNetboxDir } from "./netbox-source.server";

const USAGE = `Usage:
  npm run import:netbox -- --org <organisation slug> --from-dir <folder of saved NetBox API answers>
  npm run import:netbox -- --org <organisation slug> --url <NetBox URL> --token <NetBox API token>
  --confirm-mass-delete   allow an import that marks all, or more than 20 %, of the NetBox assets as deleted`;

const { values } = parseArgs({
  options: {
    org: { type: "string" },
    "from-dir": { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
    "confirm-mass-delete": { type: "boolean" },
  },
});
function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
if (!values.org) fail("--org is required.");
if (!values["from-dir"] && !(values.url && values.token)) fail("Give --from-dir, or --url and --token.");

function print(report: NetboxImportReport) {
  for (const warning of report.warnings) console.error(`warning: ${warning}`);
  if (report.createdTenants.length)
    console.log(`Tenants created (complete their country and registration number in Attest): ${report.createdTenants.join(", ")}`);
  if (report.outcome.ok) {
    const { created, updated, unchanged, deleted, ingestId } = report.outcome;
    console.log(`NetBox import ${ingestId}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted.`);
  } else if (report.outcome.massDelete) {
    const { wouldDelete, live } = report.outcome.massDelete;
    console.error(
      `Refused: this import would mark ${wouldDelete} of the ${live} live NetBox assets as deleted. If NetBox really lost them, run it again with --confirm-mass-delete.`,
    );
    console.error("Nothing was written.");
  } else {
    for (const e of report.outcome.errors.slice(0, 50)) console.error(`error: ${e.path}: ${e.message}`);
    console.error("Nothing was written.");
  }
}

// The tool reads NetBox; the import itself runs on the database, or in the running app on embedded PGlite.
const source = values["from-dir"] ? await readNetboxDir(values["from-dir"]) : await fetchNetbox(values.url!, values.token!);
try {
  const { written, report } = await runTool("netbox.import", {
    org: values.org,
    data: source.data,
    confirmMassDelete: values["confirm-mass-delete"] === true,
  });
  print(report);
  if (!written) process.exitCode = 1;
} catch (error) {
  reportRefusal(error);
}
