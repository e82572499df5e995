import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { PGLITE_TEMPLATE } from "../tests/setup/template";
import { openDatabase } from "./connection.server";
import { DataDirInUse, LOCK_DIR, lockDataDir, markFresh, OWNER_FILE } from "./folder-lock.server";

const root = mkdtempSync(path.join(tmpdir(), "attest-lock-"));
let n = 0;
const folder = () => path.join(root, `data-${++n}`);
const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("the lock on a PGlite data folder", () => {
  it("refuses a second opener of the same folder at once, naming the folder and the holder; released on close", async () => {
    const dir = folder();
    // A migrated folder from the test template (a fresh PGlite takes ~5 s to create).
    const template = await PGlite.create(dir, { loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
    await template.close();

    const first = openDatabase({ dataDir: dir, holder: "first opener" });
    const started = Date.now();
    let refused: unknown;
    try {
      openDatabase({ dataDir: dir });
    } catch (error) {
      refused = error;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused).toBeInstanceOf(DataDirInUse);
    expect((refused as Error).message).toBe(
      `Cannot use the data folder ${dir} (ATTEST_DATA_DIR): it is in use by pid ${process.pid} (first opener, since ${(refused as DataDirInUse).owner!.since}): stop it or wait for it to finish, or point ATTEST_DATA_DIR elsewhere.`,
    );
    expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
    await first.db.execute("select 1");
    await first.close();
    expect(existsSync(path.join(dir, LOCK_DIR))).toBe(false);
    expect(existsSync(path.join(dir, OWNER_FILE))).toBe(false);

    const again = openDatabase({ dataDir: dir });
    await again.db.execute("select 1");
    await again.close();
  }, 60_000);

  it("is held across processes, and a dead holder's lock is taken over at once", async () => {
    const dir = folder();
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/hold-data-dir.ts", dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      child.once("exit", (code) => reject(new Error(`the holder exited (${code})`)));
    });
    let refused: DataDirInUse | undefined;
    try {
      lockDataDir(dir);
    } catch (error) {
      refused = error as DataDirInUse;
    }
    expect(refused).toBeInstanceOf(DataDirInUse);
    expect(refused!.owner).toMatchObject({ pid: child.pid, host: hostname(), holder: "hold-data-dir fixture" });
    expect(refused!.message).toContain(`in use by pid ${child.pid} (hold-data-dir fixture, since `);

    // Killed: it could not remove its lock, which is still fresh; its pid is gone, so the lock is recovered at once.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(path.join(dir, LOCK_DIR))).toBe(true);
    const lock = lockDataDir(dir, { holder: "after the kill" });
    expect(JSON.parse(readFileSync(path.join(dir, OWNER_FILE), "utf8"))).toMatchObject({ pid: process.pid, holder: "after the kill" });
    lock.release();
  }, 30_000);

  it("recovers a lock whose holder cannot be told (no owner file) once it is stale, and refuses it while fresh", () => {
    const dir = folder();
    mkdirSync(path.join(dir, LOCK_DIR), { recursive: true });
    markFresh(path.join(dir, LOCK_DIR));
    // Fresh and without an owner: a holder between taking the lock and writing down who it is.
    expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
    const old = new Date(Date.now() - 120_000);
    utimesSync(path.join(dir, LOCK_DIR), old, old);
    const lock = lockDataDir(dir);
    lock.release();
  });

  it("does not count an owner file left from an earlier lock, nor this process's own pid when it does not hold the folder", () => {
    const dir = folder();
    mkdirSync(path.join(dir, LOCK_DIR), { recursive: true });
    markFresh(path.join(dir, LOCK_DIR));
    const ino = statSync(path.join(dir, LOCK_DIR)).ino;
    // A live pid, but written for another lock directory: a fresh lock is refused, one of 10 s is recovered.
    writeFileSync(
      path.join(dir, OWNER_FILE),
      JSON.stringify({ pid: process.ppid, host: hostname(), holder: "npm start", since: "2026-01-01T00:00:00.000Z", lock: ino + 1 }),
    );
    expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    utimesSync(path.join(dir, LOCK_DIR), tenSecondsAgo, tenSecondsAgo);
    lockDataDir(dir).release();

    mkdirSync(path.join(dir, LOCK_DIR));
    // The pid of a process that has exited: recovered.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(
      path.join(dir, OWNER_FILE),
      JSON.stringify({
        pid: gone,
        host: hostname(),
        holder: "npm run backup",
        since: "2026-01-01T00:00:00.000Z",
        lock: statSync(path.join(dir, LOCK_DIR)).ino,
      }),
    );
    lockDataDir(dir).release();

    // This very pid, written by an earlier process (a restarted container's pid 1): recovered.
    mkdirSync(path.join(dir, LOCK_DIR));
    writeFileSync(
      path.join(dir, OWNER_FILE),
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        holder: "npm start",
        since: "2026-01-01T00:00:00.000Z",
        lock: statSync(path.join(dir, LOCK_DIR)).ino,
      }),
    );
    lockDataDir(dir).release();
  });

  it("keeps a held lock through proper-lockfile's refresh (every 30 s): nothing else touches its mtime", async () => {
    const lost: Error[] = [];
    const lock = lockDataDir(folder(), { onCompromised: (error) => void lost.push(error) });
    await new Promise((resolve) => setTimeout(resolve, 32_000));
    expect(lost).toEqual([]);
    lock.release();
  }, 45_000);
});
