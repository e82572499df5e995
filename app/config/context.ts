import type { Db } from "../../db/connection.server";
import type { Logger } from "pino";

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    log: Logger;
    requestId: string;
    /** The CSRF token bound to this browser (cookie), to be echoed in every form. */
    csrfToken: string;
    /** The client's address as the HTTP server sees it (proxies trusted on loopback only): never a raw header. */
    clientIp: string;
    /** The Content-Security-Policy nonce of this response, for the inline scripts Remix renders. */
    cspNonce?: string;
  }
}

export {};
