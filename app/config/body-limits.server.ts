// Request bodies are limited by route class before anything reads them (issue 14: an unauthenticated 200 MB
// POST /login grew the server by 356 MB, and a chunked body skipped every Content-Length check).
//
// - A declared Content-Length above the route's limit is answered 413 at once, the body never read.
// - A chunked body (or any body) is counted as it streams to whoever reads it; past the limit the reader gets an
//   error, the client a 413, and the connection is closed so that the rest of the upload is never received.
import type { NextFunction, Request, Response } from "express";
import { MAX_EVIDENCE_BYTES } from "../controls/control-schema";
import { negotiateLocale } from "../i18n/locale.server";
import { MAX_INGEST_BODY_BYTES } from "../inventory/ingest-schema";
import { MAX_CSV_BYTES } from "../inventory/import-form";
import { translator } from "../i18n/i18n";

const MB = 1024 * 1024;

/** Forms, the JSON API other than ingestion, and every route that takes no file (sign-in included). */
export const DEFAULT_BODY_LIMIT = 1 * MB;
/** A file of at most 20 MB and its form (evidence, permit and agreement documents, the public PDF check, page and API). */
export const UPLOAD_BODY_LIMIT = MAX_EVIDENCE_BYTES + 1 * MB;
/** The CSV import: a 5 MB file, and its confirmation, which carries the parsed rows as JSON. */
export const CSV_IMPORT_BODY_LIMIT = MAX_CSV_BYTES * 3;

const CLASSES: { pattern: RegExp; limit: number }[] = [
  { pattern: /^\/api\/v1\/inventory$/, limit: MAX_INGEST_BODY_BYTES },
  { pattern: /^\/inventory\/import$/, limit: CSV_IMPORT_BODY_LIMIT },
  { pattern: /^\/controls\/[^/]+\/[^/]+$/, limit: UPLOAD_BODY_LIMIT },
  { pattern: /^\/permits\/[^/]+$/, limit: UPLOAD_BODY_LIMIT },
  { pattern: /^\/agreements\/[^/]+$/, limit: UPLOAD_BODY_LIMIT },
  { pattern: /^\/verify(\/[^/]+)?$/, limit: UPLOAD_BODY_LIMIT },
  { pattern: /^\/api\/v1\/verify$/, limit: UPLOAD_BODY_LIMIT },
];

/** The largest body a request to this path may carry (Remix's single-fetch `.data` suffix included). */
export function bodyLimitFor(pathname: string): number {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  return CLASSES.find((c) => c.pattern.test(path))?.limit ?? DEFAULT_BODY_LIMIT;
}

/** What a reader of a body that went past its limit receives (the client has had its 413). */
export class BodyTooLargeError extends Error {
  readonly code = "body_too_large";
  constructor(readonly limit: number) {
    super(`The request body exceeds ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export function isBodyTooLarge(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BodyTooLargeError || (e as { code?: unknown }).code === "body_too_large") return true;
  }
  return false;
}

function refuse(req: Request, res: Response, limit: number) {
  if (res.headersSent) return;
  const locale = negotiateLocale(req.get("accept-language") ?? null);
  const t = translator(locale);
  const megabytes = Math.round((limit / MB) * 10) / 10;
  res.status(413).set("Connection", "close");
  if (req.path.startsWith("/api/")) {
    // The API's shape (app/api/api.server.ts): a stable code, a message in the language of Accept-Language.
    res.set({ "Content-Language": locale, Vary: "Accept-Language" });
    res.json({ error: { code: "payload_too_large", message: t("api.errors.payloadTooLarge", { max: limit }) } });
  } else {
    res.type("text/plain").send(t("bodyLimits.tooLarge", { size: megabytes }));
  }
  // Whoever answers later (Remix, after its reader failed) writes nowhere: the 413 is the answer.
  const methods = ["writeHead", "setHeader", "appendHeader", "write", "end", "flushHeaders", "status", "set", "header", "append", "type"];
  for (const method of [...methods, "send", "json", "sendStatus", "redirect"]) {
    (res as unknown as Record<string, unknown>)[method] = () => res;
  }
}

/** Closes the connection once the answer is out (at once if it already is): the rest of the upload is never read. */
function closeAfter(req: Request, res: Response) {
  if (res.writableFinished || !res.headersSent) req.socket.destroy();
  else res.once("finish", () => req.socket.destroy());
}

/** The express middleware, before anything that reads a body (Remix's handler included). */
export function bodyLimits() {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = req.headers["content-length"];
    const chunked = req.headers["transfer-encoding"] !== undefined;
    if (!chunked && (declared === undefined || declared === "0")) return next();
    const limit = bodyLimitFor(req.path);
    if (declared !== undefined && Number(declared) > limit) {
      refuse(req, res, limit);
      // Nothing of the body is read: the connection closes once the 413 is written.
      closeAfter(req, res);
      return;
    }
    // Count what the readers receive. Node's parser holds a body to its Content-Length, so only a chunked body can
    // grow; it is counted all the same, chunk by chunk, as the reader (Remix) pulls it.
    let received = 0;
    let refused = false;
    const emit = req.emit.bind(req) as (event: string | symbol, ...args: unknown[]) => boolean;
    req.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === "data") {
        if (refused) return false;
        received += (args[0] as Buffer).length;
        if (received > limit) {
          refused = true;
          req.pause();
          refuse(req, res, limit);
          closeAfter(req, res);
          // The reader's stream fails (Remix's body parse rejects); a body nobody reads is simply dropped.
          return req.listenerCount("error") > 0 ? emit("error", new BodyTooLargeError(limit)) : false;
        }
      }
      return emit(event, ...args);
    }) as typeof req.emit;
    next();
  };
}
