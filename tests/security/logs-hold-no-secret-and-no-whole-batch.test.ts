// Issue 14: the error handler logged unredacted URLs (calendar and invitation secrets in clear), and a failed query
// logged a whole 5 MB batch. Every log line now goes through one redaction and size cap (app/config/logger.server.ts):
// the app's own logger, written to a stream here, as it would be to stdout.
import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenants } from "../../db/schema";
import { handleError } from "../../app/entry.server";
import { createLogger, MAX_LOGGED_STRING } from "../../app/config/logger.server";
import { createTestDatabase, type TestDatabase } from "../db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const log = createLogger("info", stream);
  return { log, output: () => (log.flush(), chunks.join("")) };
}

describe("logs", () => {
  it("an error thrown in a loader for a calendar feed or an invitation logs no secret", async () => {
    const { log, output } = capture();
    const calendarSecret = randomBytes(24).toString("base64url");
    const inviteToken = randomBytes(24).toString("base64url");
    const apiToken = `att_${randomBytes(24).toString("base64url")}`;
    for (const path of [`/calendar/${calendarSecret}.ics`, `/invite/${inviteToken}?next=%2F`]) {
      const request = new Request(`http://localhost:3000${path}`);
      // What a loader throws may name the URL it was loading, with its secret.
      const error = new Error(`could not load ${request.url} (token ${apiToken})`, { cause: new Error(`lookup of ${path} failed`) });
      handleError(error, { request, params: {}, context: { log } as never });
    }
    log.info({ url: `/calendar/${calendarSecret}.ics`, link: `http://localhost/invite/${inviteToken}` }, `request /invite/${inviteToken}`);
    const text = output();
    expect(text).toContain("unhandled server error");
    expect(text).toContain("/calendar/[redacted]");
    expect(text).toContain("/invite/[redacted]");
    for (const secret of [calendarSecret, inviteToken, apiToken]) expect(text).not.toContain(secret);
    // Every line is still JSON.
    for (const line of text.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("a failing 5 MB insert logs less than 10 KB", async () => {
    const { log, output } = capture();
    const rows = Array.from({ length: 500 }, (_, i) => ({
      // No such organisation: the foreign key refuses the whole batch.
      organizationId: randomUUID(),
      slug: `t-${i}`,
      legalName: "x".repeat(10_000),
      country: "FR",
      registrationNumber: "r",
      contacts: [],
    }));
    const error = await database.db
      .insert(tenants)
      .values(rows)
      .then(() => null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message).length).toBeGreaterThan(5_000_000);
    log.error({ err: error }, "query failed");
    log.error(error as Error);
    const text = output();
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThan(10 * 1024);
      const entry = JSON.parse(line) as { err: { message: string } };
      expect(entry.err.message.startsWith("Failed query")).toBe(true);
      expect(entry.err.message.length).toBeLessThan(MAX_LOGGED_STRING + 100);
    }
    expect(text).not.toContain("x".repeat(MAX_LOGGED_STRING + 1));
  });
});
