// The HTTP server: opens the database once, migrates and seeds it, then serves Remix behind express.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import cluster from "node:cluster";
import { ensurePostgresDatabase, openDatabase, type Database } from "../db/connection.server";
import { demoSignInsText, seedDemo } from "../db/seed/demo.server";
import { browserRequests } from "../app/auth/browser-requests.server";
import { withFormBodiesAs400 } from "../app/auth/form-bodies.server";
import { bodyLimits } from "../app/config/body-limits.server";
import { databaseOptions, getConfig, secretsNotice, trustProxySetting } from "../app/config/config.server";
import { getLogger } from "../app/config/logger.server";
import { createMailer } from "../app/deadlines/mailer.server";
import { runDeadlineNotifications } from "../app/deadlines/notify.server";
import { setEvaluationWorker, startEvaluationWorker } from "../app/policy-engine/worker.server";
import { startReportWorker } from "../app/reports/report-jobs.server";
import { startCheckpointWorker } from "../app/audit/checkpoints.server";
import { configuredKeyEncryptionKey } from "../app/reports/signing-keys.server";
import { newNonce, securityHeaders } from "../app/config/security-headers.server";
import { redactUrl } from "../app/config/redact";
import { readiness } from "../app/config/readiness.server";
import { admission } from "../app/config/admission.server";
import { expectedMigrationCount } from "./migrations";
import { startCluster } from "./cluster";
import { checkDataDir, DataDirError, dataDirMessage } from "../db/data-dir.server";
import { startLocalChannel } from "../app/cli/channel.server";
import * as clock from "../app/config/clock";
// zod issues without a message of their own become our keys, in this process too (the tools' channel, the workers).
import "../app/i18n/zod-errors";

let config: ReturnType<typeof getConfig>;
try {
  config = getConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const log = getLogger();
// Secrets taken from the data folder (not the environment) are said once at start: which file, never the values.
const secretsLine = cluster.isWorker ? null : secretsNotice(config.secretsOrigin);
if (secretsLine) {
  log.info({ event: "secrets_from_data_folder", ...config.secretsOrigin }, secretsLine);
  console.log(secretsLine);
}

// With WEB_CONCURRENCY > 1 the primary process prepares the database and forks that many HTTP workers (./cluster.ts);
// a worker only opens it.
if (cluster.isWorker) {
  await serve(openDatabase(databaseOptions(config)));
} else {
  if (config.databaseUrl && (await ensurePostgresDatabase(config.databaseUrl))) {
    log.info({ event: "database_created" }, "Created the Postgres database named in DATABASE_URL");
  }
  const database = await openAtStart();
  if (config.seed === "demo" && (await seedDemo(database.db))) {
    log.info({ event: "seeded" }, "Demo organisation seeded");
    console.log(demoSignInsText());
  }
  if (config.webConcurrency > 1) {
    await database.close();
    startCluster(config.webConcurrency, log);
  } else {
    await serve(database);
  }
}

async function openAtStart() {
  try {
    if (!config.databaseUrl) checkDataDir(config.dataDir);
    const opened = openDatabase(databaseOptions(config));
    await opened.migrate();
    return opened;
  } catch (error) {
    // One clear line for the operator instead of a stack trace: which folder or database, and what to do.
    const message =
      error instanceof DataDirError
        ? error.message
        : config.databaseUrl
          ? `Cannot open the database (DATABASE_URL): ${(error as Error).message}`
          : dataDirMessage(config.dataDir, error);
    log.fatal({ event: "database_unavailable", err: error }, message);
    console.error(message);
    process.exit(1);
  }
}

/** Background jobs and the HTTP server of one process, on an open, migrated database. */
async function serve(database: Database) {
  const migrationsExpected = expectedMigrationCount();

  // Deadline notifications: once at start, then every hour (each deadline and threshold is notified once).
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log });
  const notify = () =>
    runDeadlineNotifications(database.db, { now: clock.now(), mailer, baseUrl: config.publicUrl ?? `http://localhost:${config.port}` })
      .then((report) => log.info({ event: "deadline_notifications", ...report }, "deadline notifications"))
      .catch((error: unknown) => log.error({ err: error }, "deadline notifications failed"));
  void notify();
  const notifyTimer = setInterval(notify, 60 * 60 * 1000);
  notifyTimer.unref();

  // Policy evaluation: change-driven runs as soon as changes commit, and an hourly full sweep.
  setEvaluationWorker(startEvaluationWorker({ db: database.db, log, sweepEveryMs: config.evaluationSweepMinutes * 60_000 }));
  // Audit reports and evidence packs: built in the background, one at a time per instance.
  startReportWorker(database.db, log);
  // Signed checkpoints of every audit chain's head, at start and every 10 minutes when it moved (app/audit/checkpoints.server.ts).
  startCheckpointWorker(database.db, { kek: configuredKeyEncryptionKey(), log });

  const viteDevServer = config.production
    ? undefined
    : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

  const app = express();
  app.disable("x-powered-by");
  // X-Forwarded-For is believed only from the proxies named in ATTEST_TRUSTED_PROXIES (none by default): req.ip, the
  // address the sign-in throttle counts, is otherwise the socket's.
  app.set("trust proxy", trustProxySetting(config.trustedProxies));

  app.use((req, res, next) => {
    const requestId = req.get("x-request-id")?.slice(0, 100) || randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.locals.log = log.child({ requestId });
    res.setHeader("X-Request-Id", requestId);
    res.locals.cspNonce = newNonce();
    for (const [name, value] of Object.entries(securityHeaders({ nonce: res.locals.cspNonce, production: config.production })))
      res.setHeader(name, value);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.locals.log.info({ method: req.method, url: redactUrl(req.originalUrl), status: res.statusCode, ms }, "request");
    });
    next();
  });

  // Bodies are limited by route class before anything reads them: 413 past the limit (see body-limits.server.ts).
  app.use(bodyLimits());

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const { status, body } = await readiness(database.db, database.driver, migrationsExpected);
    if (status !== 200) res.locals.log.warn({ readiness: body.status }, "not ready");
    res.status(status).json(body);
  });

  // Pages and forms: a cross-origin (or opaque) Origin and a body that is not a form are refused with a 4xx before
  // Remix reads them; every browser gets its CSRF cookie on its first visit (see browser-requests.server.ts).
  app.use(browserRequests({ production: config.production }));

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    const client = path.resolve("build/client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
  }

  // Every action reads its form through a guard: a body that cannot be read as one answers 400, never 500.
  const build = viteDevServer
    ? () => (viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>).then(withFormBodiesAs400)
    : withFormBodiesAs400((await import(path.resolve("build/server/index.js"))) as ServerBuild);

  // Pages take turns (the API does not wait behind them): see admission.server.ts.
  app.use(admission(config.pageConcurrency, (req) => req.path.startsWith("/api/")));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.production ? "production" : "development",
      getLoadContext: (req, res) => ({
        db: database.db,
        log: res.locals.log,
        requestId: res.locals.requestId,
        csrfToken: res.locals.csrfToken,
        clientIp: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce,
      }),
    }),
  );

  // Embedded PGlite: the app holds the data folder, so local tools (npm run token…) ask it through this channel.
  const toolChannel = database.driver === "pglite" ? await startLocalChannel({ db: database.db, dataDir: config.dataDir, log }) : undefined;

  const server = app.listen(config.port, config.host, () => {
    log.info({ port: config.port, driver: database.driver, production: config.production }, "Attest listening");
    console.log(`Attest is ready on http://localhost:${config.port} (${database.driver})`);
  });

  async function shutdown(signal: string) {
    log.info({ signal }, "shutting down");
    server.close();
    await toolChannel?.close();
    await viteDevServer?.close();
    await database.close();
    process.exit(0);
  }
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
