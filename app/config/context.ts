import type { Db } from "../../db/connection.server";
import type { Logger } from "pino";

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    log: Logger;
    requestId: string;
    /** The CSRF token bound to this browser (cookie), to be echoed in every form. */
    csrfToken: string;
  }
}

export {};
