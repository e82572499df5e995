import { EventEmitter } from "node:events";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { admission } from "./admission.server";

/** A request/response pair that finishes when told to. */
function exchange(path: string) {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const res = Object.assign(new EventEmitter(), {
    writableEnded: false,
    sent,
    status(code: number) {
      sent.status = code;
      return this;
    },
    set(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
    type() {
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  }) as unknown as Response & EventEmitter & { sent: typeof sent };
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

  it("answers 503 with Retry-After at once when too many are waiting, in both languages", () => {
    const gate = admission(1, () => false, 2);
    const started: string[] = [];
    const all = ["/1", "/2", "/3", "/4"].map((path) => {
      const x = exchange(path);
      gate(x.req, x.res, (() => started.push(path)) as NextFunction);
      return x;
    });
    expect(started).toEqual(["/1"]);
    const refused = all[3]!.res.sent;
    expect(refused.status).toBe(503);
    expect(refused.headers["Retry-After"]).toBe("5");
    expect(refused.body).toMatch(/try again in a few seconds[\s\S]*réessayez/);
    expect(all[1]!.res.sent.status).toBeUndefined();
  });
});
