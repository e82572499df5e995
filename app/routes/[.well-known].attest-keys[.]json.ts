import type { LoaderFunctionArgs } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { publishedKeys } from "../reports/signing-keys.server";

/** GET /.well-known/attest-keys.json — every organisation's public signing keys (JWK, Ed25519), retired ones included. */
export async function loader({ context }: LoaderFunctionArgs) {
  const body = await withSystem(context.db, (tx) => publishedKeys(tx));
  return Response.json(body, { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } });
}
