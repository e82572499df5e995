import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.server";

describe("configuration", () => {
  it("refuses to start in production on Postgres without SESSION_SECRET or ATTEST_KEY_SECRET, naming the variable", () => {
    const DATABASE_URL = "postgres://postgres@127.0.0.1:5432/attest";
    expect(() => parseConfig({ NODE_ENV: "production", DATABASE_URL })).toThrow(/SESSION_SECRET/);
    expect(() => parseConfig({ NODE_ENV: "production", DATABASE_URL, SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET/);
    expect(() => parseConfig({ NODE_ENV: "production", DATABASE_URL, SESSION_SECRET: "x".repeat(32) })).toThrow(/ATTEST_KEY_SECRET/);
    // A secret set too short is refused everywhere; on PGlite a missing one comes from the data folder (secrets.server.test.ts).
    expect(() => parseConfig({ NODE_ENV: "production", ATTEST_KEY_SECRET: "short" })).toThrow(
      /ATTEST_KEY_SECRET: must be at least 32 characters/,
    );
    expect(parseConfig({ NODE_ENV: "production" })).toMatchObject({ production: true, sessionSecret: undefined, keySecret: undefined });
  });

  it("runs several HTTP workers only on Postgres, and says why otherwise", () => {
    expect(parseConfig({}).webConcurrency).toBe(1);
    expect(parseConfig({ WEB_CONCURRENCY: "2", DATABASE_URL: "postgres://db/attest" }).webConcurrency).toBe(2);
    expect(() => parseConfig({ WEB_CONCURRENCY: "2" })).toThrow(/WEB_CONCURRENCY: more than one process needs Postgres/);
    expect(() => parseConfig({ WEB_CONCURRENCY: "0", DATABASE_URL: "postgres://db/attest" })).toThrow(/WEB_CONCURRENCY/);
  });

  it("uses embedded PGlite in ./data unless DATABASE_URL is set", () => {
    const dev = parseConfig({});
    expect(dev.databaseUrl).toBeUndefined();
    expect(dev.dataDir).toMatch(/\/data$/);
    expect(dev.port).toBe(3000);
    const prod = parseConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(32),
      ATTEST_KEY_SECRET: "k".repeat(32),
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/attest",
      PORT: "8080",
    });
    expect(prod).toMatchObject({ production: true, port: 8080, databaseUrl: "postgres://postgres@127.0.0.1:5432/attest" });
  });

  it("names the variable that is wrong", () => {
    expect(() => parseConfig({ PORT: "not-a-port" })).toThrow(/PORT/);
    expect(() => parseConfig({ ATTEST_SEED: "maybe" })).toThrow(/ATTEST_SEED/);
  });
});
