// npm run token -- create --org <slug> --scope inventory:write [--scope …] [--name "…"]
// npm run token -- list --org <slug>
// npm run token -- revoke --org <slug> --id <token id>
import { parseArgs } from "node:util";
// On embedded PGlite while the app runs, the app does it (see app/cli/tool.server.ts): the token works at once.
import { z } from "zod";
import { API_SCOPES } from "../../db/schema";
import { reportRefusal, runTool } from "../cli/tool.server";

const USAGE = `Usage:
  npm run token -- create --org <organisation slug> --scope <scope> [--scope <scope>…] [--name <name>]
  npm run token -- list   --org <organisation slug>
  npm run token -- revoke --org <organisation slug> --id <token id>
Scopes: ${API_SCOPES.join(", ")}`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { org: { type: "string" }, scope: { type: "string", multiple: true }, name: { type: "string" }, id: { type: "string" } },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const command = positionals[0];
if (!command || !["create", "list", "revoke"].includes(command)) fail("Say what to do: create, list or revoke.");
if (!values.org) fail("--org is required.");
const scopes = z.array(z.enum(API_SCOPES)).safeParse(values.scope ?? []);
if (!scopes.success) fail(`Unknown scope in: ${(values.scope ?? []).join(", ")}.`);

try {
  if (command === "create") {
    if (scopes.data.length === 0) fail("Give at least one --scope.");
    const created = await runTool("token.create", { org: values.org, scopes: scopes.data, name: values.name ?? "command line" });
    console.log(created.secret);
    console.error(`Token ${created.id} for ${created.org} with ${created.scopes.join(", ")}. It is shown only this once.`);
  } else if (command === "list") {
    for (const t of await runTool("token.list", { org: values.org })) {
      console.log(`${t.id}  ${t.prefix}…  ${t.name}  [${t.scopes.join(", ")}]  ${t.revoked ? "revoked" : "active"}`);
    }
  } else {
    if (!values.id) fail("--id is required.");
    await runTool("token.revoke", { org: values.org, id: values.id });
    console.log(`Token ${values.id} revoked.`);
  }
} catch (error) {
  reportRefusal(error);
}
