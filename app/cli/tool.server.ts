// How a command-line tool reaches the database. On Postgres (DATABASE_URL set) it opens it itself, beside running
// instances. On embedded PGlite only one process may have the folder open (db/folder-lock.server.ts): a tool that
// finds the app running asks the app through its local channel (./channel.server.ts), or, for the tools that need
// the folder to themselves (backup, restore, migrate, seed), refuses at once with one line.
import path from "node:path";
import { openDatabase, type Database } from "../../db/connection.server";
import { DataDirInUse, describeOwner } from "../../db/folder-lock.server";
import { databaseOptions, getConfig } from "../config/config.server";
import { callChannel, readChannel } from "./channel.server";
// A tool that runs an operation itself validates as the app does: zod issues become our keys.
import "../i18n/zod-errors";
import {
  runOperationOn,
  ToolRefused,
  type OperationInput,
  type OperationName,
  type OperationResult,
  OPERATIONS,
} from "./operations.server";

function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? `./${relative}` : dir;
}

/** The one line a tool prints when the folder is held: by the app (stop it first) or by another tool (wait). */
export function inUseLine(error: DataDirInUse, need: string): string {
  const pid = error.owner?.pid;
  if (readChannel(error.dir, pid)) return `The app is running on ${shown(error.dir)} (pid ${pid}): stop it first (${need}).`;
  return `The data folder ${shown(error.dir)} is in use by ${describeOwner(error.owner)}: wait for it to finish, or stop it (${need}).`;
}

/**
 * Runs one of the tools' operations: on the database itself when the tool can open it, else through the running
 * app. Throws ToolRefused with the line to print when neither is possible.
 */
export async function runTool<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationResult<N>> {
  const config = getConfig();
  let database: Database;
  try {
    database = openDatabase(databaseOptions(config, 1));
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    const channel = readChannel(error.dir, error.owner?.pid);
    if (channel === "unreadable")
      throw new ToolRefused(
        `The app is running on ${shown(error.dir)} (pid ${error.owner?.pid}), and this user cannot read its channel file: run this as the user that runs the app.`,
      );
    if (!channel)
      throw new ToolRefused(
        `The data folder ${shown(error.dir)} is in use by ${describeOwner(error.owner)}, which does not take requests (yet): try again once the app is ready, or once that tool has finished.`,
      );
    try {
      return (await callChannel(channel, name, input)) as OperationResult<N>;
    } catch (failure) {
      if (failure instanceof ToolRefused) throw failure;
      throw new ToolRefused(
        `The app running on ${shown(error.dir)} (pid ${channel.pid}) could not be asked: ${(failure as Error).message}.`,
      );
    }
  }
  try {
    if (OPERATIONS[name].migrate) await database.migrate();
    return await runOperationOn(database.db, name, input);
  } finally {
    await database.close();
  }
}

/** For tools that need the database to themselves: the open database, or the one line and exit status 1. */
export function openOrRefuse(need: string): Database {
  try {
    return openDatabase(databaseOptions(getConfig(), 1));
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    console.error(inUseLine(error, need));
    process.exit(1);
  }
}

/** Prints a refusal (the one line) and sets the exit status; anything else is rethrown. */
export function reportRefusal(error: unknown): void {
  if (!(error instanceof ToolRefused)) throw error;
  console.error(error.message);
  process.exitCode = error.exitCode;
}
