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
    // Belt and braces: should a header or a secret field ever be logged, its value is not.
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        "headers.cookie",
        "*.password",
        "*.secret",
        "*.token",
        "password",
        "secret",
        "token",
      ],
      censor: "[redacted]",
    },
  });
  return root;
}
