import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { getConfig } from "./config.server";
import { redactText } from "./redact";

export type { Logger };

/** The longest string a log line carries (an error message holding a 5 MB batch is cut to this). */
export const MAX_LOGGED_STRING = 2048;
const MAX_LOGGED_ITEMS = 20;
const MAX_LOGGED_KEYS = 50;
const MAX_LOGGED_DEPTH = 6;
// The bound values of a failed query (postgres-js `parameters`, drizzle `params`): never logged, only counted.
const DROPPED_KEYS = new Set(["parameters", "params"]);

function cut(text: string): string {
  const redacted = redactText(text);
  return redacted.length > MAX_LOGGED_STRING
    ? `${redacted.slice(0, MAX_LOGGED_STRING)}… [${redacted.length - MAX_LOGGED_STRING} more characters]`
    : redacted;
}

/**
 * Every value of a log line as it may be written: strings redacted (calendar and invitation secrets, tokens) and cut
 * to MAX_LOGGED_STRING, arrays, objects and nesting capped, a query's bound parameters dropped.
 */
export function loggable(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cut(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  // An error as pino writes it (type, message, stack, own fields, cause chain), then capped like the rest.
  if (value instanceof Error) return loggable(pino.stdSerializers.err(value), depth);
  if (depth >= MAX_LOGGED_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LOGGED_ITEMS).map((item) => loggable(item, depth + 1));
    return value.length > MAX_LOGGED_ITEMS ? [...items, `[${value.length - MAX_LOGGED_ITEMS} more items]`] : items;
  }
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${(value as ArrayBufferView).byteLength} bytes]`;
  const entries = Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, MAX_LOGGED_KEYS)) {
    out[key] = DROPPED_KEYS.has(key) && Array.isArray(item) ? `[${item.length} values not logged]` : loggable(item, depth + 1);
  }
  if (entries.length > MAX_LOGGED_KEYS) out["…"] = `${entries.length - MAX_LOGGED_KEYS} more keys`;
  return out;
}

// pino runs formatters.log before the serializers: an error is already loggable when its serializer sees it.
const errorSerializer = (error: unknown): unknown => loggable(error);

/** The options of every logger of the app: redaction and size caps on every path, whatever is logged. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: "attest" },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errorSerializer, error: errorSerializer },
    formatters: { log: (object) => loggable(object) as Record<string, unknown> },
    // The message itself (the string argument) goes through the same redaction and cap.
    hooks: {
      logMethod(args, method) {
        const all: unknown[] = args.map((arg) => (typeof arg === "string" ? cut(arg) : arg));
        // log.error(error) takes the error's whole message as the line's message: give it the cut one instead.
        if (all[0] instanceof Error && typeof all[1] !== "string") all.splice(1, 0, cut(all[0].message));
        method.apply(this, all as Parameters<typeof method>);
      },
    },
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
  };
}

/** A logger on a given destination (tests write to a stream and read what would have reached stdout). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

let root: Logger | undefined;

/** JSON logs on stdout; one child logger per request carries its request id. */
export function getLogger(): Logger {
  root ??= createLogger(process.env.VITEST ? "silent" : getConfig().logLevel);
  return root;
}
