// npm run import:netbox -- --org <slug> --from-dir DIR
// npm run import:netbox -- --org <slug> --url https://netbox.example.com --token <NetBox API token>
// … --confirm-mass-delete   allows a snapshot that deletes all, or more than 20 %, of the source's live assets
// … --dry-run               shows what the import would change, field by field, and writes nothing
import { parseArgs } from "node:util";
import { reportRefusal, runTool } from "../../cli/tool.server";
import type { NetboxImportReport } from "./import.server";
import { reportLines } from "./report";
import { fetchNetbox, readNetboxDir } from "./netbox-source.server";

const USAGE = `Usage:
  npm run import:netbox -- --org <organisation slug> --from-dir <folder of saved NetBox API answers>
  npm run import:netbox -- --org <organisation slug> --url <NetBox URL> --token <NetBox API token>
  --confirm-mass-delete   allow an import that marks all, or more than 20 %, of the NetBox assets as deleted
  --dry-run               show what the import would change, field by field (and what it would clear); write nothing`;

const { values } = parseArgs({
  options: {
    org: { type: "string" },
    "from-dir": { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
    "confirm-mass-delete": { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
});
function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
if (!values.org) fail("--org is required.");
if (!values["from-dir"] && !(values.url && values.token)) fail("Give --from-dir, or --url and --token.");

function print(report: NetboxImportReport, dryRun: boolean) {
  const { out, err } = reportLines(report, dryRun);
  for (const line of err) console.error(line);
  for (const line of out) console.log(line);
}

// The tool reads NetBox; the import itself runs on the database, or in the running app on embedded PGlite.
const source = values["from-dir"] ? await readNetboxDir(values["from-dir"]) : await fetchNetbox(values.url!, values.token!);
const dryRun = values["dry-run"] === true;
try {
  const { written, report } = await runTool("netbox.import", {
    org: values.org,
    data: source.data,
    confirmMassDelete: values["confirm-mass-delete"] === true,
    dryRun,
  });
  print(report, dryRun);
  if (!written && !(dryRun && report.outcome.ok)) process.exitCode = 1;
} catch (error) {
  reportRefusal(error);
}
