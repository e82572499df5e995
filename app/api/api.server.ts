import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { ApiScope } from "../../db/schema";
import { authenticateBearer, type ApiPrincipal } from "../auth/api-tokens.server";
import { translator, type Locale } from "../i18n/i18n";
import { messageText, type Message } from "../i18n/keys";
import { negotiateLocale } from "../i18n/locale.server";
import { issueMessage } from "../i18n/zod-errors";
import type { IngestError } from "../inventory/ingest-schema";

/** One field's problem in an error answer: where it is, and what (a key, answered in the request's language). */
export type ApiDetail = { index?: number; path: string; message: Message };

/** The language of an API answer: the request's Accept-Language, English without it (a token has no session cookie). */
export const apiLocale = (request: Request): Locale => negotiateLocale(request.headers.get("Accept-Language"));

/**
 * A JSON error body in one shape for every API answer: `{ error: { code, message, details? } }`. `code` is stable,
 * for programs; `message` and each detail's `message` are for people, in the language of the request's
 * Accept-Language. The request is the first argument so that no answer can miss its reader's language.
 */
export function apiError(
  request: Request,
  status: number,
  code: string,
  message: Message,
  details?: readonly ApiDetail[],
  fields: Record<string, unknown> = {},
): Response {
  const locale = apiLocale(request);
  const t = translator(locale);
  const shown = details?.map((detail) => ({ ...detail, message: messageText(t, detail.message) }));
  return Response.json(
    { error: { code, message: messageText(t, message), ...fields, ...(shown === undefined ? {} : { details: shown }) } },
    { status, headers: { "Content-Language": locale, Vary: "Accept-Language" } },
  );
}

/** A body's zod issues as details: each field's path ("terms.currency", "parties.1") and its message. */
export function issueDetails(error: z.ZodError, whole = "(body)"): ApiDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || whole, message: issueMessage(issue) }));
}

/** The ingestion's problems as details: the asset's index, the path and the message (its key and values). */
export function ingestDetails(errors: readonly IngestError[]): ApiDetail[] {
  return errors.map(({ index, path, code, params }) => ({
    ...(index === undefined ? {} : { index }),
    path,
    message: params ? { key: code, values: params } : code,
  }));
}

/** The token's principal, or a thrown 401 (no or bad token) / 403 (token without the scope). */
export async function requireApiScope(request: Request, context: AppLoadContext, scope: ApiScope): Promise<ApiPrincipal> {
  const principal = await authenticateBearer(context.db, request.headers.get("Authorization"));
  if (!principal) {
    throw apiError(request, 401, "unauthorized", "api.errors.unauthorized");
  }
  if (!principal.scopes.includes(scope)) {
    throw apiError(request, 403, "forbidden", { key: "api.errors.forbiddenScope", values: { code: scope } });
  }
  return principal;
}
