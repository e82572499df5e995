// One process per PGlite data folder: whoever opens the folder (the app or a command-line tool) holds a lock on it
// first, and a second opener is refused at once. PGlite has no lock of its own; a second process on the folder would
// see and write its own copy of the database.
//
// The lock is proper-lockfile's directory `.attest-lock` inside the folder (mkdir is atomic; its mtime is refreshed
// while held, so a lock left by a process that could not remove it goes stale after LOCK_STALE_MS), with the
// holder's pid, host and command in `.attest-owner.json`. A lock whose holder is a dead process on this host is
// recovered at once.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { DataDirError } from "./data-dir.server";
import * as clock from "../app/config/clock";

export const LOCK_DIR = ".attest-lock";
export const OWNER_FILE = ".attest-owner.json";
/** Written by the running app: how local tools reach it (see app/cli/channel.server.ts). */
export const CHANNEL_FILE = ".attest-channel.json";
/** Files of ours inside a data folder, not PGlite's: never part of a restored folder. */
export const LOCK_FILES = [LOCK_DIR, OWNER_FILE, CHANNEL_FILE];

const LOCK_STALE_MS = 60_000;

export type Owner = { pid: number; host: string; holder: string; since: string; /** inode of the lock directory */ lock: number };

/** The folder is held by another process (or another open of this one). */
export class DataDirInUse extends DataDirError {
  constructor(
    readonly dir: string,
    readonly owner: Owner | null,
  ) {
    super(
      `Cannot use the data folder ${dir} (ATTEST_DATA_DIR): it is in use by ${describeOwner(owner)}: stop it or wait for it to finish, or point ATTEST_DATA_DIR elsewhere.`,
    );
  }
}

export function describeOwner(owner: Owner | null): string {
  if (!owner) return "another process";
  const host = owner.host === hostname() ? "" : ` on ${owner.host}`;
  return `pid ${owner.pid}${host} (${owner.holder}, since ${owner.since})`;
}

/** What the current process is, in words an operator recognises: `npm run backup`, `npm start`, a script. */
export function currentHolder(): string {
  const script = process.env.npm_lifecycle_event;
  if (script) return script === "start" || script === "test" ? `npm ${script}` : `npm run ${script}`;
  return process.argv[1] ? path.relative(process.cwd(), process.argv[1]) || process.argv[1] : "node";
}

export type FolderLock = { dir: string; release(): void };

const held = new Set<string>();

/**
 * Takes the lock on a data folder (created if missing), or throws DataDirInUse naming the holder. Released by
 * `release()`, and when the process exits.
 */
export function lockDataDir(dir: string, options: { holder?: string; onCompromised?: (error: Error) => void } = {}): FolderLock {
  const resolved = path.resolve(dir);
  mkdirSync(resolved, { recursive: true });
  const lockPath = path.join(resolved, LOCK_DIR);
  const onCompromised =
    options.onCompromised ??
    ((error: Error) => {
      // Someone removed or took over the lock: stop rather than let two processes write the folder.
      console.error(`Lost the lock on the data folder ${resolved} (${error.message}): stopping so that two processes never write it.`);
      process.exit(1);
    });
  const holder = options.holder ?? currentHolder();
  let releaseLock: () => void;
  try {
    releaseLock = take(resolved, lockPath, onCompromised);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    releaseLock = takeOver(resolved, lockPath, holder, onCompromised);
  }
  held.add(resolved);
  // A channel file left by an app that died is not a running app.
  rmSync(path.join(resolved, CHANNEL_FILE), { force: true });
  writeOwner(resolved, lockPath, holder);
  const removeFiles = () => {
    for (const file of [CHANNEL_FILE, OWNER_FILE]) rmSync(path.join(resolved, file), { force: true });
  };
  process.on("exit", removeFiles);
  let released = false;
  return {
    dir: resolved,
    release() {
      if (released) return;
      released = true;
      process.off("exit", removeFiles);
      held.delete(resolved);
      removeFiles();
      try {
        releaseLock();
      } catch (error) {
        // Already compromised (released by proper-lockfile) or removed by hand: nothing left to release.
        if (!["ERELEASED", "ENOTACQUIRED", "ENOENT"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
      }
    },
  };
}

/**
 * The lock is held: recovers it if its holder is dead, else throws DataDirInUse. Two processes recovering the same
 * stale lock take turns through the takeover directory (mkdir is atomic), and the one that comes second finds the
 * first one's live lock.
 */
function takeOver(resolved: string, lockPath: string, holder: string, onCompromised: (error: Error) => void): () => void {
  const takeover = `${lockPath}.takeover`;
  try {
    mkdirSync(takeover);
    markFresh(takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A takeover left by a process that died in it (it lasts milliseconds) is removed; this opener still refuses.
    if (ageMs(takeover) > 10_000) rmSync(takeover, { recursive: true, force: true });
    throw new DataDirInUse(resolved, currentOwner(resolved, lockPath));
  }
  try {
    const owner = currentOwner(resolved, lockPath);
    if (!isDeadHolder(resolved, lockPath, owner)) throw new DataDirInUse(resolved, owner);
    // The holder died without removing its lock (killed, power cut): take the folder over.
    rmSync(lockPath, { recursive: true, force: true });
    const release = take(resolved, lockPath, onCompromised);
    writeOwner(resolved, lockPath, holder);
    return release;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirInUse(resolved, currentOwner(resolved, lockPath));
    throw error;
  } finally {
    rmSync(takeover, { recursive: true, force: true });
  }
}

function writeOwner(resolved: string, lockPath: string, holder: string) {
  const owner: Owner = { pid: process.pid, host: hostname(), holder, since: clock.now().toISOString(), lock: statSync(lockPath).ino };
  writeFileSync(path.join(resolved, OWNER_FILE), `${JSON.stringify(owner)}\n`);
}

function ageMs(file: string): number {
  try {
    // A file's age is measured against the system's time, which wrote its mtime: not the app's clock.
    // eslint-disable-next-line no-restricted-syntax
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

// proper-lockfile stamps the lock with this process's time right after its mkdir (its mtime probe) and on every
// refresh, and compares it with that time: never touch the lock's mtime here, or its next refresh counts it lost.
function take(resolved: string, lockPath: string, onCompromised: (error: Error) => void): () => void {
  return lockfile.lockSync(resolved, { lockfilePath: lockPath, realpath: false, stale: LOCK_STALE_MS, onCompromised });
}

/**
 * Sets a lock file's mtime to the process's current time, as proper-lockfile does for its own lock: a bare mkdir is
 * stamped with the kernel's time, which a process under faketime reads as far in the past.
 */
export function markFresh(file: string) {
  // eslint-disable-next-line no-restricted-syntax -- file times are the system's, not the app's clock
  const now = new Date();
  utimesSync(file, now, now);
}

/** The holder of the folder's lock, as it wrote itself down (null: none, or a file left by an earlier lock). */
export function readOwner(dir: string): Owner | null {
  const resolved = path.resolve(dir);
  return currentOwner(resolved, path.join(resolved, LOCK_DIR));
}

function currentOwner(resolved: string, lockPath: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(path.join(resolved, OWNER_FILE), "utf8")) as Owner;
    // The owner file names the lock directory it was written for: one left by an earlier holder does not count.
    return typeof owner.pid === "number" && owner.lock === statSync(lockPath).ino ? owner : null;
  } catch {
    return null;
  }
}

/** Is the folder locked by a live holder right now (without taking the lock)? */
export function isLocked(dir: string): boolean {
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, LOCK_DIR))) return false;
  if (!lockfile.checkSync(resolved, { lockfilePath: path.join(resolved, LOCK_DIR), realpath: false, stale: LOCK_STALE_MS })) return false;
  return !isDeadHolder(resolved, path.join(resolved, LOCK_DIR), readOwner(resolved));
}

// A holder is known dead when it ran on this host and its pid is gone, or when the pid is this very process's
// (reused after a restart, e.g. pid 1 in a container) and this process does not hold the folder.
function isDeadHolder(resolved: string, lockPath: string, owner: Owner | null): boolean {
  // A lock without its owner file: its holder is between mkdir and writing the file (a fresh lock), or died there.
  if (!owner) return ageMs(lockPath) > 5_000;
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !held.has(resolved);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
