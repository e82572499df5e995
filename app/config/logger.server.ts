import { pino, type Logger } from "pino";
import { getConfig } from "./config.server";

export type { Logger };

let root: Logger | undefined;

/** JSON logs on stdout; one child logger per request carries its request id. */
export function getLogger(): Logger {
  root ??= pino({
    level: process.env.VITEST ? "silent" : getConfig().logLevel,
    base: { service: "attest" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return root;
}
