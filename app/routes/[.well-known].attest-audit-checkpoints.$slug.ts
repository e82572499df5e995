import type { LoaderFunctionArgs } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { apiError } from "../api/api.server";
import { publishedCheckpoints } from "../audit/checkpoints.server";

/**
 * GET /.well-known/attest-audit-checkpoints/{slug}.json — public: the organisation's signed audit checkpoints (position,
 * seq and hash of its audit chain's head, Ed25519-signed), oldest first, so that outside parties keep copies that
 * `npm run audit:verify -- --checkpoints <file>` checks the chain against. Public like the signing keys: a head hash
 * says nothing about the entries, the slug is already printed on attestations; the position says how many audited
 * changes the organisation has made.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = (params.slug ?? "").replace(/\.json$/, "");
  const body = slug.length > 0 && slug.length <= 200 ? await withSystem(context.db, (tx) => publishedCheckpoints(tx, slug)) : null;
  if (!body) return apiError(request, 404, "not_found", "api.notFound.organization");
  return Response.json(body, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
}
