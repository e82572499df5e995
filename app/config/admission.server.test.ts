import { EventEmitter } from "node:events";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { admission } from "./admission.server";

/** A request/response pair that finishes when told to. */
function exchange(path: string) {
  const res = Object.assign(new EventEmitter(), { writableEnded: false }) as unknown as Response & EventEmitter;
  const req = Object.assign(new EventEmitter(), { path, destroyed: false }) as unknown as Request;
  return { req, res, finish: () => res.emit("finish") };
}

describe("page admission", () => {
  it("lets `limit` pages in at once, the next in arrival order as each finishes, and never queues the API", () => {
    const gate = admission(2, (req) => req.path.startsWith("/api/"));
    const started: string[] = [];
    const send = (path: string) => {
      const x = exchange(path);
      gate(x.req, x.res, (() => started.push(path)) as NextFunction);
      return x;
    };
    const a = send("/a");
    send("/b");
    const c = send("/c");
    send("/d");
    send("/api/v1/inventory");
    expect(started).toEqual(["/a", "/b", "/api/v1/inventory"]);
    a.finish();
    expect(started).toEqual(["/a", "/b", "/api/v1/inventory", "/c"]);
    a.finish(); // finishing twice frees one place only
    c.res.emit("close");
    c.finish();
    expect(started).toEqual(["/a", "/b", "/api/v1/inventory", "/c", "/d"]);
  });

  it("skips a waiting request whose client has gone", () => {
    const gate = admission(1, () => false);
    const started: string[] = [];
    const first = exchange("/1");
    gate(first.req, first.res, (() => started.push("/1")) as NextFunction);
    const gone = exchange("/gone");
    gate(gone.req, gone.res, (() => started.push("/gone")) as NextFunction);
    const third = exchange("/3");
    gate(third.req, third.res, (() => started.push("/3")) as NextFunction);
    (gone.req as { destroyed: boolean }).destroyed = true;
    first.finish();
    expect(started).toEqual(["/1", "/3"]);
  });
});
