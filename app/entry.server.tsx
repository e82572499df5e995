import { Writable } from "node:stream";
import type { ReactElement } from "react";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { fixedI18n } from "./i18n/i18n";
import { detectLocale } from "./i18n/locale.server";
// zod issues without a message of their own become our keys (app/i18n/zod-errors.ts).
import "./i18n/zod-errors";
import "./config/context";
import { NonceProvider } from "./ui/nonce";
import { isBodyTooLarge } from "./config/body-limits.server";

const ABORT_DELAY = 5_000;

/** Unexpected server errors go to the JSON log with the request id; aborted requests and 404s are not errors. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  // A body cut at its limit: the client has had its 413 (app/config/body-limits.server.ts).
  if (isBodyTooLarge(error)) return;
  if (error instanceof Error && error.message.startsWith("No route matches URL")) return;
  context.log?.error({ err: error, url: request.url }, "unhandled server error");
};
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const i18n = fixedI18n(await detectLocale(request));
  let status = responseStatusCode;
  const html = await renderDocument(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={i18n}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
    {
      nonce,
      onError(error) {
        status = 500;
        loadContext.log?.error({ err: error }, "render error");
      },
    },
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Length", String(html.byteLength));
  return new Response(new Uint8Array(html.buffer as ArrayBuffer, html.byteOffset, html.byteLength), { headers: responseHeaders, status });
}

/**
 * The whole document in one buffer. No page defers data, so streaming the shell early gains nothing, while React's
 * ~2 kB chunks each cost a socket write (15% of the server's CPU under load before this).
 */
function renderDocument(element: ReactElement, options: { nonce: string; onError(error: unknown): void }) {
  return new Promise<Buffer>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    sink.on("finish", () => resolve(Buffer.concat(chunks)));
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce: options.nonce,
      onShellReady() {
        shellRendered = true;
      },
      onAllReady() {
        clearTimeout(timer);
        pipe(sink);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      // An error in the shell rejects the render, and Remix's handleError logs it; only later ones are ours to report.
      onError(error: unknown) {
        if (shellRendered) options.onError(error);
      },
    });
    const timer = setTimeout(abort, ABORT_DELAY + 1000);
  });
}
