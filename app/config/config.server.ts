import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { generateSecrets, readOrCreateSecretsFile, type SecretName, type Secrets } from "./secrets.server";

/** One trusted proxy: an IPv4/IPv6 address, a CIDR range (`10.0.0.0/8`), or express's `loopback`, `linklocal`, `uniquelocal`. */
export function isProxyAddress(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const TrustedProxies = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine((entries) => entries.every(isProxyAddress), {
    message: "a comma-separated list of IP addresses or CIDR ranges (or loopback, linklocal, uniquelocal)",
  });

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
    ATTEST_TRUSTED_PROXIES: TrustedProxies.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["WEB_CONCURRENCY"],
        message: "more than one process needs Postgres (DATABASE_URL): embedded PGlite is one process's database",
      });
    }
    // In production on Postgres the secrets come from the environment: every instance needs the same ones, and the
    // database outlives any one machine's folder. On PGlite they may come from the data folder (resolveSecrets).
    if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "required in production on Postgres (DATABASE_URL) (at least 32 random characters)",
      });
    }
    if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.ATTEST_KEY_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["ATTEST_KEY_SECRET"],
        message: "required in production on Postgres (DATABASE_URL): it encrypts the signing keys (at least 32 random characters)",
      });
    }
  });

/** Where the secrets not set in the environment came from (never their values). */
export type SecretsOrigin =
  | { kind: "environment" }
  /** `<dataDir>/secrets.json`, generated at this start (`created`) or an earlier one. */
  | { kind: "file"; file: string; created: boolean; names: SecretName[] }
  /** NODE_ENV=test: random, for this process only (the test databases are thrown away). */
  | { kind: "process"; names: SecretName[] };

export type Config = {
  environment: "development" | "production" | "test";
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  /** Encrypts the organisations' private signing keys at rest. */
  keySecret: string;
  secretsOrigin: SecretsOrigin;
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
  /** The proxies whose X-Forwarded-For is believed (addresses, CIDR ranges); none by default. */
  trustedProxies: string[];
};

/** The configuration as the environment gives it: the secrets it does not set are still missing (resolveSecrets). */
export type ParsedConfig = Omit<Config, "sessionSecret" | "keySecret" | "secretsOrigin"> & {
  sessionSecret: string | undefined;
  keySecret: string | undefined;
};

/** Pure: reads nothing but `env`. */
export function parseConfig(env: Record<string, string | undefined>): ParsedConfig {
  // An empty variable (DATABASE_URL= ) means "not set", as it does in most shells' conventions.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${details}`);
  }
  const e = parsed.data;
  return {
    environment: e.NODE_ENV,
    production: e.NODE_ENV === "production",
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.ATTEST_DATA_DIR),
    sessionSecret: e.SESSION_SECRET,
    keySecret: e.ATTEST_KEY_SECRET,
    seed: e.ATTEST_SEED,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.ATTEST_PUBLIC_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    evaluationSweepMinutes: e.ATTEST_SWEEP_MINUTES,
    webConcurrency: e.WEB_CONCURRENCY,
    pageConcurrency: e.ATTEST_PAGE_CONCURRENCY,
    trustedProxies: e.ATTEST_TRUSTED_PROXIES ?? [],
  };
}

/**
 * The secrets the environment does not set (there are no built-in values):
 * - in production on Postgres: none missing, parseConfig refused that already;
 * - NODE_ENV=test: random ones for this process (nothing outlives it: the test databases are thrown away);
 * - otherwise (embedded PGlite in any mode, and development on Postgres): generated once and kept in
 *   `<dataDir>/secrets.json` (mode 0600), read again at every later start, so sessions survive a restart and the
 *   signing keys stored in the database stay usable. A Postgres database shared by several machines needs the
 *   same ATTEST_KEY_SECRET set on each of them.
 */
export function resolveSecrets(parsed: ParsedConfig, generate: () => Secrets = generateSecrets): Config {
  const missing = (["SESSION_SECRET", "ATTEST_KEY_SECRET"] as const).filter(
    (name) => !(name === "SESSION_SECRET" ? parsed.sessionSecret : parsed.keySecret),
  );
  let found: Secrets | undefined;
  let secretsOrigin: SecretsOrigin = { kind: "environment" };
  if (missing.length && parsed.production && parsed.databaseUrl) {
    throw new Error(`Invalid configuration: ${missing.join(", ")} required in production on Postgres (DATABASE_URL)`);
  } else if (missing.length && parsed.environment === "test") {
    found = generate();
    secretsOrigin = { kind: "process", names: missing };
  } else if (missing.length) {
    const { file, secrets, created } = readOrCreateSecretsFile(parsed.dataDir, generate);
    found = secrets;
    secretsOrigin = { kind: "file", file, created, names: missing };
  }
  return {
    ...parsed,
    sessionSecret: parsed.sessionSecret ?? found!.SESSION_SECRET,
    keySecret: parsed.keySecret ?? found!.ATTEST_KEY_SECRET,
    secretsOrigin,
  };
}

/** The one line said at start about secrets taken from the data folder (never their values); null when none were. */
export function secretsNotice(origin: SecretsOrigin): string | null {
  if (origin.kind !== "file") return null;
  const names = origin.names.join(" and ");
  return origin.created
    ? `${names} not set in the environment: generated random ones, kept in ${origin.file} (mode 0600) for the next starts. Keep that file with the data folder's backups.`
    : `${names} not set in the environment: read from ${origin.file}.`;
}

// One resolution per process, shared through globalThis: the production build and Vite's development modules carry
// their own copy of this module, and every copy must sign and encrypt with the same secrets.
const SHARED = Symbol.for("attest.config.secrets");
type Shared = Pick<Config, "sessionSecret" | "keySecret" | "secretsOrigin">;

let cached: Config | undefined;
export function getConfig(): Config {
  if (cached) return cached;
  const parsed = parseConfig(process.env);
  const store = globalThis as typeof globalThis & { [SHARED]?: Shared };
  const shared = (store[SHARED] ??= (({ sessionSecret, keySecret, secretsOrigin }) => ({ sessionSecret, keySecret, secretsOrigin }))(
    resolveSecrets(parsed),
  ));
  cached = { ...parsed, ...shared };
  return cached;
}

/** DATABASE_URL set → Postgres; unset → embedded PGlite in ATTEST_DATA_DIR. */
export function databaseOptions(config: Pick<Config, "databaseUrl" | "dataDir">, maxConnections = 10) {
  return config.databaseUrl ? { databaseUrl: config.databaseUrl, maxConnections } : { dataDir: config.dataDir };
}

/**
 * Express's `trust proxy` setting: false (the client is the socket's address, whatever X-Forwarded-For says) unless
 * proxies are named, whose forwarded header is then believed, and only theirs.
 */
export function trustProxySetting(trustedProxies: readonly string[]): false | string[] {
  return trustedProxies.length ? [...trustedProxies] : false;
}
