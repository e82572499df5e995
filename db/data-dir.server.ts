import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export class DataDirError extends Error {}

const REASONS: Record<string, string> = {
  EACCES: "permission denied: give the user running Attest write access to it, or point ATTEST_DATA_DIR elsewhere",
  EPERM: "operation not permitted: give the user running Attest write access to it, or point ATTEST_DATA_DIR elsewhere",
  EROFS: "the file system is read-only: point ATTEST_DATA_DIR to a writable volume",
  ENOSPC: "the disk is full: free some space (the database needs room to grow) and start again",
  EDQUOT: "the disk quota is exhausted: raise it or free some space, and start again",
  ENOTDIR: "a part of this path is a file, not a folder: point ATTEST_DATA_DIR to a folder",
  EEXIST: "this path is a file, not a folder: point ATTEST_DATA_DIR to a folder",
};

/** The message an operator reads when the data folder cannot be used: which folder, what is wrong, what to do. */
export function dataDirMessage(dir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const reason = REASONS[code] ?? `${(error as Error | undefined)?.message ?? String(error)}`;
  return `Cannot use the data folder ${path.resolve(dir)} (ATTEST_DATA_DIR): ${reason}.${code ? ` [${code}]` : ""}`;
}

/**
 * Before PGlite opens it: the folder exists (created if needed) and a file can be written and synced in it. PGlite's
 * own errors on a bad folder surface only at the first query, as an opaque WebAssembly file-system error.
 */
export function checkDataDir(dir: string): void {
  const probe = path.join(dir, ".attest-write-check");
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(probe, "w");
    try {
      writeSync(fd, "attest");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    rmSync(probe, { force: true });
  } catch (error) {
    throw new DataDirError(dataDirMessage(dir, error));
  }
}
