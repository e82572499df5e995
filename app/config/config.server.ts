import path from "node:path";
import { z } from "zod";

const DEV_SESSION_SECRET = "attest-development-secret-do-not-use-in-production";
const DEV_KEY_SECRET = "attest-development-key-secret-do-not-use-in-production";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z.string().url().optional(),
    ATTEST_DATA_DIR: z.string().default("./data"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ATTEST_KEY_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ATTEST_SEED: z.enum(["demo", "none"]).default("demo"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ATTEST_PUBLIC_URL: z.string().url().optional(),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default("Attest <attest@localhost>"),
    ATTEST_SWEEP_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    ATTEST_PAGE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  })
  .superRefine((env, ctx) => {
    if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["WEB_CONCURRENCY"], message: "more than one process needs Postgres (DATABASE_URL): embedded PGlite is one process's database" });
    }
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "required in production (at least 32 random characters)",
      });
    }
    if (env.NODE_ENV === "production" && !env.ATTEST_KEY_SECRET) {
      ctx.addIssue({ code: "custom", path: ["ATTEST_KEY_SECRET"], message: "required in production: it encrypts the signing keys (at least 32 random characters)" });
    }
  });

export type Config = {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  /** Encrypts the organisations' private signing keys at rest. */
  keySecret: string;
  seed: "demo" | "none";
  logLevel: string;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Minutes between scheduled full evaluation sweeps. */
  evaluationSweepMinutes: number;
  /** HTTP worker processes on the port (Postgres only). */
  webConcurrency: number;
  /** Page requests a process works on at once; the others queue (the API never does). */
  pageConcurrency: number;
};

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (DATABASE_URL= ) means "not set", as it does in most shells' conventions.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${details}`);
  }
  const e = parsed.data;
  return {
    production: e.NODE_ENV === "production",
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.ATTEST_DATA_DIR),
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    keySecret: e.ATTEST_KEY_SECRET ?? DEV_KEY_SECRET,
    seed: e.ATTEST_SEED,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.ATTEST_PUBLIC_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    evaluationSweepMinutes: e.ATTEST_SWEEP_MINUTES,
    webConcurrency: e.WEB_CONCURRENCY,
    pageConcurrency: e.ATTEST_PAGE_CONCURRENCY,
  };
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** DATABASE_URL set → Postgres; unset → embedded PGlite in ATTEST_DATA_DIR. */
export function databaseOptions(config: Config, maxConnections = 10) {
  return config.databaseUrl ? { databaseUrl: config.databaseUrl, maxConnections } : { dataDir: config.dataDir };
}
