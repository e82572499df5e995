// Production servers for load and multi-instance runs: started from the build on a given database and port.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";

export type RunningServer = { port: number; process: ChildProcess; log: string[]; stop(): Promise<void> };

export const SECRETS = {
  SESSION_SECRET: "load-session-secret-0123456789-0123456789",
  ATTEST_KEY_SECRET: "load-key-secret-0123456789-0123456789-0123",
};

export async function createDatabase(
  base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  prefix = "attest_load",
) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
    /** Leaves the database in place (to look into it after a run). */
    keep: () => admin.end(),
  };
}

export async function startServer(options: {
  port: number;
  databaseUrl: string;
  seed?: "demo" | "none";
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const log: string[] = [];
  // BENCH_CPU_PROF=<folder>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      ...SECRETS,
      NODE_ENV: "production",
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      ATTEST_SEED: options.seed ?? "none",
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server on ${options.port} exited: ${log.join("")}`);
    try {
      if ((await fetch(`http://127.0.0.1:${options.port}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (i === 239) throw new Error(`server on ${options.port} did not become ready: ${log.join("")}`);
  }
  return {
    port: options.port,
    process: child,
    log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
