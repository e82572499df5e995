// Issue 14: an unauthenticated 200 MB POST /login grew the server by 356 MB, 600 MB crashed the request with a 500, and
// a chunked 100 MB upload skipped the Content-Length check. The body-limit middleware, in front of a reader that reads
// bodies exactly as Remix's express adapter does, answers 413 before reading a declared oversized body, stops a chunked
// one at the route's limit with memory flat, and lets requests under the limits through.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createReadableStreamFromReadable } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  bodyLimits,
  CSV_IMPORT_BODY_LIMIT,
  DEFAULT_BODY_LIMIT,
  isBodyTooLarge,
  UPLOAD_BODY_LIMIT,
} from "../../app/config/body-limits.server";
import { MAX_INGEST_BODY_BYTES } from "../../app/inventory/ingest-schema";

const MB = 1024 * 1024;
let server: http.Server;
let port: number;
const seen = { handled: 0, refusedReads: 0 };

beforeAll(async () => {
  const app = express();
  app.use(bodyLimits());
  // What Remix's handler does with a body: a web Request over the Node stream, read whole by the action.
  app.all("*", (req, res) => {
    seen.handled += 1;
    const request = new Request(`http://localhost${req.originalUrl}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: createReadableStreamFromReadable(req),
      duplex: "half",
    } as RequestInit);
    request.arrayBuffer().then(
      (body) => res.status(200).json({ bytes: body.byteLength }),
      (error: unknown) => {
        if (isBodyTooLarge(error)) seen.refusedReads += 1;
        // What Remix's sendRemixResponse then does with its error page: it must land nowhere, and throw nothing.
        res.statusMessage = "Internal Server Error";
        res.status(500);
        res.append("Content-Type", "text/html");
        res.end("error page");
      },
    );
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; body: string; sent: number };

/**
 * Sends a request whose body is `total` bytes (chunked when no Content-Length is given), written as fast as the
 * server takes it, and stops writing when the answer comes or the connection closes.
 */
function send(path: string, options: { total: number; contentLength?: number; headersOnly?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let done = false;
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (options.contentLength !== undefined) headers["Content-Length"] = String(options.contentLength);
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers });
    req.on("response", (res) => {
      done = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on("error", (error) => {
      if (!done) reject(error);
    });
    if (options.headersOnly) {
      req.flushHeaders();
      return;
    }
    const pump = () => {
      while (!done && sent < options.total) {
        const part = chunk.subarray(0, Math.min(chunk.length, options.total - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

describe("request bodies are limited before they are read", () => {
  it("classifies the routes: ingest 64 MB, uploads 21 MB, the CSV import 15 MB, everything else 1 MB", () => {
    expect(bodyLimitFor("/api/v1/inventory")).toBe(MAX_INGEST_BODY_BYTES);
    expect(MAX_INGEST_BODY_BYTES).toBe(64 * MB);
    expect(bodyLimitFor("/controls/iso27001-2022/A.5.1")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/controls/iso27001-2022/A.5.1.data")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/permits/0b6c2d1e-0000-4000-8000-000000000000")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/agreements/0b6c2d1e-0000-4000-8000-000000000000")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/verify")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/verify/ABCD-1234")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/api/v1/verify")).toBe(UPLOAD_BODY_LIMIT);
    expect(bodyLimitFor("/api/v1/verify/ATT-0000-0000-0000")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/inventory/import")).toBe(CSV_IMPORT_BODY_LIMIT);
    expect(bodyLimitFor("/inventory/import.data")).toBe(CSV_IMPORT_BODY_LIMIT);
    for (const path of [
      "/login",
      "/login.data",
      "/invite/abc",
      "/",
      "/_root.data",
      "/api/v1/permits",
      "/api/v1/inventory/x",
      "/settings/tenants/new",
    ]) {
      expect(bodyLimitFor(path)).toBe(DEFAULT_BODY_LIMIT);
    }
  });

  it("a 200 MB Content-Length on POST /login is answered 413 at once, its body never read", async () => {
    const before = seen.handled;
    const started = Date.now();
    const answer = await send("/login", { total: 0, contentLength: 200 * MB, headersOnly: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/1\sMB/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(seen.handled).toBe(before);
    const api = await send("/api/v1/inventory", { total: 0, contentLength: 600 * MB, headersOnly: true });
    expect(api.status).toBe(413);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("a chunked 100 MB POST /login is cut at the limit with 413, and the server's memory stays flat", async () => {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const refusedBefore = seen.refusedReads;
    const answer = await send("/login", { total: 100 * MB });
    expect(answer.status).toBe(413);
    // The connection closes at the limit: most of the 100 MB is never sent.
    expect(answer.sent).toBeLessThan(50 * MB);
    const grown = (process.memoryUsage().rss - rssBefore) / MB;
    expect(grown).toBeLessThan(50);
    // The reader (Remix) got an error it recognises, so that it neither answers nor logs a 500.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.refusedReads).toBe(refusedBefore + 1);
  });

  it("a chunked upload past 21 MB is refused too; bodies under the limits pass, chunked or not", async () => {
    expect((await send("/controls/iso/A.5.1", { total: UPLOAD_BODY_LIMIT + MB })).status).toBe(413);
    const form = await send("/login", { total: 500 * 1024, contentLength: 500 * 1024 });
    expect(form).toMatchObject({ status: 200 });
    expect(JSON.parse(form.body)).toEqual({ bytes: 500 * 1024 });
    const chunkedForm = await send("/login", { total: 900 * 1024 });
    expect(JSON.parse(chunkedForm.body)).toEqual({ bytes: 900 * 1024 });
    const upload = await send("/controls/iso/A.5.1", { total: 15 * MB });
    expect(upload.status).toBe(200);
    expect(JSON.parse(upload.body)).toEqual({ bytes: 15 * MB });
    expect((await send("/login", { total: 2 * MB, contentLength: 2 * MB })).status).toBe(413);
  });
});
