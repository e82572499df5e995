// Issue 13: on embedded PGlite the command-line tools work while the app runs (through the app's local channel) or
// refuse at once with one line; the app owns its data folder. The real server process, the real npm scripts.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.server";
import { CHANNEL_FILE, LOCK_DIR } from "../db/folder-lock.server";
import { createOrganization } from "./factories";
import { PGLITE_TEMPLATE } from "./setup/template";

const onPostgres = !!process.env.TEST_DATABASE_URL;
const root = mkdtempSync(path.join(tmpdir(), "attest-tools-"));
const dataDir = path.join(root, "data");
// The tools as an operator runs them: on the embedded database, without the test runner's variables.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !name.startsWith("npm_") && !["DATABASE_URL", "TEST_DATABASE_URL", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"].includes(name),
  ),
) as NodeJS.ProcessEnv;
Object.assign(env, { ATTEST_DATA_DIR: dataDir, NODE_ENV: "development", LOG_LEVEL: "warn", ATTEST_SEED: "none" });

let server: ChildProcess | undefined;
let port = 0;
let org = "";
const output: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function npm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (onPostgres) return;
  // A migrated folder from the test template, with one organisation (a fresh PGlite takes ~5 s to create).
  const template = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
  await template.close();
  const database = openDatabase({ dataDir });
  org = (await createOrganization(database.db)).slug;
  await database.close();

  port = await freePort();
  server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`the app exited: ${output.join("")}`);
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 180) throw new Error(`the app did not become ready: ${output.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(onPostgres)("command-line tools while the app runs on embedded PGlite", () => {
  it("npm run token -- create prints a token that the running app accepts at once", async () => {
    // The channel file is the app user's only.
    expect(statSync(path.join(dataDir, CHANNEL_FILE)).mode & 0o777).toBe(0o600);

    const created = await npm("token", "--", "create", "--org", org, "--scope", "inventory:read", "--name", "beside the app");
    expect(created).toMatchObject({ code: 0, stderr: expect.stringContaining("It is shown only this once.") });
    const token = created.stdout.trim();
    expect(token).toMatch(/^att_/);
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/inventory`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);

    const listed = await npm("token", "--", "list", "--org", org);
    expect(listed).toMatchObject({ code: 0, stdout: expect.stringContaining("beside the app  [inventory:read]  active") });
    const id = listed.stdout.split(/\s+/)[0]!;
    expect(await npm("token", "--", "revoke", "--org", org, "--id", id)).toMatchObject({ code: 0 });
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/inventory`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    // A refusal of the app comes back as the tool's own message and exit status.
    expect(await npm("token", "--", "list", "--org", "no-such-org")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('No organisation with the slug "no-such-org".'),
    });
    expect(await npm("audit:verify")).toMatchObject({ code: 0, stdout: expect.stringContaining("Audit chain intact") });
    // A request without the secret is refused.
    const channel = JSON.parse(readFileSync(path.join(dataDir, CHANNEL_FILE), "utf8")) as { port: number };
    expect((await fetch(`http://127.0.0.1:${channel.port}/v1/token.list`, { method: "POST", body: JSON.stringify({ org }) })).status).toBe(
      401,
    );
  }, 90_000);

  it("npm run backup refuses at once with one line, exit status 1; a second app on the folder too", async () => {
    const file = path.join(root, "attest.dump");
    const backup = await npm("backup", "--", file);
    expect(backup.code).toBe(1);
    expect(backup.stderr.trim()).toBe(
      `The app is running on ${dataDir} (pid ${server!.pid}): stop it first (npm run backup needs the data folder to itself).`,
    );
    expect(existsSync(file)).toBe(false);

    const second = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...env, PORT: String(await freePort()), HOST: "127.0.0.1", LOG_LEVEL: "silent" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(
      `Cannot use the data folder ${dataDir} (ATTEST_DATA_DIR): it is in use by pid ${server!.pid} (server/index.ts, since `,
    );
  }, 90_000);

  it("once the app stops, the folder is free and the tools open it themselves", async () => {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server!.kill("SIGTERM");
    await exited;
    expect(existsSync(path.join(dataDir, LOCK_DIR))).toBe(false);
    expect(existsSync(path.join(dataDir, CHANNEL_FILE))).toBe(false);
    expect(await npm("token", "--", "list", "--org", org)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("beside the app  [inventory:read]  revoked"),
    });
  }, 60_000);
});
