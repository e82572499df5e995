// The running app's door for local command-line tools, on embedded PGlite only: the app holds the data folder (one
// process per folder), so `npm run token` and the like ask the app to do their work on its database instead of
// opening the folder themselves.
//
// An HTTP server on 127.0.0.1 at a random port, separate from the app's own port; every request carries a random
// secret that the app writes, with the port, to `.attest-channel.json` in the data folder, mode 0600: whoever can
// read that file (the app's user, root) can use the channel, nobody else. The file is removed when the app stops.
import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Logger } from "pino";
import type { Db } from "../../db/connection.server";
import { CHANNEL_FILE } from "../../db/folder-lock.server";
import { OPERATIONS, runOperationOn, ToolRefused, type OperationName } from "./operations.server";

export type ChannelInfo = { pid: number; port: number; secret: string };

// NetBox inventories arrive whole: allow a large body (the public ingestion API allows 64 MB).
const MAX_BODY = 512 * 1024 * 1024;

const digest = (value: string) => createHash("sha256").update(value).digest();

export async function startLocalChannel(options: { db: Db; dataDir: string; log: Logger }): Promise<{ close(): Promise<void> }> {
  const secret = randomBytes(32).toString("base64url");
  const expected = digest(`Bearer ${secret}`);
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!timingSafeEqual(digest(req.headers.authorization ?? ""), expected)) return answer(401, { error: { message: "Not allowed." } });
    const name = req.url?.match(/^\/v1\/([a-z.]+)$/)?.[1];
    if (req.method !== "POST" || !name || !Object.hasOwn(OPERATIONS, name))
      return answer(404, { error: { message: `Unknown request ${req.method} ${req.url}.` } });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        answer(413, { error: { message: "Request too large." } });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      void (async () => {
        const started = performance.now();
        try {
          const input: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
          const result = await runOperationOn(options.db, name as OperationName, input);
          options.log.info({ event: "local_tool", operation: name, ms: Math.round(performance.now() - started) }, "command-line request");
          answer(200, { result });
        } catch (error) {
          if (error instanceof ToolRefused) return answer(422, { error: { message: error.message, exitCode: error.exitCode } });
          options.log.error({ event: "local_tool", operation: name, err: error }, "command-line request failed");
          // A thrown Response (e.g. database unavailable) carries its own message.
          const message = error instanceof Response ? await error.text() : (error as Error).message;
          answer(500, { error: { message } });
        }
      })();
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const file = path.join(options.dataDir, CHANNEL_FILE);
  const info: ChannelInfo = { pid: process.pid, port: (server.address() as AddressInfo).port, secret };
  // Written beside, then renamed: a tool never reads half a file; created 0600, so only the app's user reads it.
  const partial = `${file}.${process.pid}.tmp`;
  rmSync(partial, { force: true });
  writeFileSync(partial, `${JSON.stringify(info)}\n`, { mode: 0o600, flag: "wx" });
  renameSync(partial, file);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        rmSync(file, { force: true });
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The running app's channel on a data folder, if the process holding it (`pid`) is an app with one. */
export function readChannel(dataDir: string, pid: number | undefined): ChannelInfo | "unreadable" | null {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, CHANNEL_FILE), "utf8")) as ChannelInfo;
    return info.pid === pid && typeof info.port === "number" ? info : null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EACCES" ? "unreadable" : null;
  }
}

/** Asks the app to run an operation; its refusals come back as ToolRefused. No timeout: an import may be long. */
export function callChannel(channel: ChannelInfo, name: OperationName, input: unknown): Promise<unknown> {
  const body = Buffer.from(JSON.stringify(input));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: channel.port,
        method: "POST",
        path: `/v1/${name}`,
        headers: { authorization: `Bearer ${channel.secret}`, "content-type": "application/json", "content-length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
              result?: unknown;
              error?: { message: string; exitCode?: number };
            };
            if (res.statusCode === 200) return resolve(answer.result);
            if (res.statusCode === 422) return reject(new ToolRefused(answer.error?.message ?? "Refused.", answer.error?.exitCode ?? 1));
            reject(new Error(`the app answered ${res.statusCode}: ${answer.error?.message ?? ""}`));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
