import type { AppLoadContext } from "@remix-run/node";
import type { ApiScope } from "../../db/schema";
import { authenticateBearer, type ApiPrincipal } from "../auth/api-tokens.server";

/** A JSON error body in one shape for every API answer: `{ error: { code, message, details? } }`. */
export function apiError(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status });
}

/** The token's principal, or a thrown 401 (no or bad token) / 403 (token without the scope). */
export async function requireApiScope(request: Request, context: AppLoadContext, scope: ApiScope): Promise<ApiPrincipal> {
  const principal = await authenticateBearer(context.db, request.headers.get("Authorization"));
  if (!principal) {
    throw apiError(401, "unauthorized", "A valid API token is required: Authorization: Bearer att_…");
  }
  if (!principal.scopes.includes(scope)) {
    throw apiError(403, "forbidden", `This token lacks the scope ${scope}`);
  }
  return principal;
}
