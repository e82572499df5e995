// npm run token -- create --org <slug> --scope inventory:write [--scope …] [--name "…"]
// npm run token -- list --org <slug>
// npm run token -- revoke --org <slug> --id <token id>
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { openDatabase, withScope } from "../../db/connection.server";
import { API_SCOPES, organizations } from "../../db/schema";
import { databaseOptions, getConfig } from "../config/config.server";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.server";

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

const database = openDatabase(databaseOptions(getConfig(), 1));
try {
  await database.migrate();
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, values.org));
  if (!org) fail(`No organisation with the slug "${values.org}".`);
  const actor = { userId: null, label: "command line (npm run token)" };
  await withScope(database.db, { organizationId: org.id }, async (tx) => {
    if (command === "create") {
      if (scopes.data.length === 0) fail("Give at least one --scope.");
      const created = await createApiToken(tx, { organizationId: org.id, actor, name: values.name ?? "command line", scopes: scopes.data });
      console.log(created.secret);
      console.error(`Token ${created.id} for ${org.slug} with ${scopes.data.join(", ")}. It is shown only this once.`);
    } else if (command === "list") {
      for (const t of await listApiTokens(tx, { organizationId: org.id })) {
        console.log(`${t.id}  ${t.prefix}…  ${t.name}  [${t.scopes.join(", ")}]  ${t.revokedAt ? "revoked" : "active"}`);
      }
    } else {
      if (!values.id) fail("--id is required.");
      const revoked = await revokeApiToken(tx, { organizationId: org.id, actor, tokenId: values.id });
      if (!revoked) fail(`No active token ${values.id} in ${org.slug}.`);
      console.log(`Token ${values.id} revoked.`);
    }
  });
} finally {
  await database.close();
}
