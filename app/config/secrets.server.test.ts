import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig, resolveSecrets, secretsNotice } from "./config.server";
import { generateSecrets, readOrCreateSecretsFile, SecretsFileError, type Secrets } from "./secrets.server";

const mode = (file: string) => statSync(file).mode & 0o777;
let dir: string;
let umask: number;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), "attest-secrets-")), "data");
  // The file must be 0600 whatever the umask of the user starting the app.
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
});

describe("secrets kept in the data folder", () => {
  it("generates both secrets once (32 random bytes each), in a 0600 file of a folder it creates, and reuses them", () => {
    const first = readOrCreateSecretsFile(dir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(dir, "secrets.json"));
    expect(mode(first.file)).toBe(0o600);
    for (const value of Object.values(first.secrets)) expect(Buffer.from(value, "base64url")).toHaveLength(32);
    expect(first.secrets.SESSION_SECRET).not.toBe(first.secrets.ATTEST_KEY_SECRET);

    const again = readOrCreateSecretsFile(dir, () => {
      throw new Error("must not generate again");
    });
    expect(again).toEqual({ ...first, created: false });
    expect(JSON.parse(readFileSync(first.file, "utf8"))).toMatchObject(first.secrets);
    // No temporary file is left beside it.
    expect(readOrCreateSecretsFile(dir).secrets).toEqual(first.secrets);
  });

  it("a second process creating the file at the same moment gets the first one's secrets", () => {
    const theirs = generateSecrets();
    const result = readOrCreateSecretsFile(dir, () => {
      // The other process wins the race between our check and our link.
      readOrCreateSecretsFile(dir, () => theirs);
      return generateSecrets();
    });
    expect(result).toMatchObject({ created: false, secrets: theirs });
  });

  it("refuses a file that other users may read, saying how to fix it, without the values", () => {
    const { file, secrets } = readOrCreateSecretsFile(dir);
    for (const wider of [0o644, 0o640, 0o666, 0o604]) {
      chmodSync(file, wider);
      const error = catchError(() => readOrCreateSecretsFile(dir));
      expect(error).toBeInstanceOf(SecretsFileError);
      expect(error.message).toContain(`chmod 600 ${file}`);
      expect(error.message).toContain(`mode 0${wider.toString(8)}`);
      expectNoSecret(error.message, secrets);
    }
    chmodSync(file, 0o400);
    expect(readOrCreateSecretsFile(dir).secrets).toEqual(secrets);
  });

  it("refuses a damaged file instead of replacing it (the signing keys depend on it)", () => {
    readOrCreateSecretsFile(dir);
    const file = path.join(dir, "secrets.json");
    writeFileSync(file, JSON.stringify({ SESSION_SECRET: "short", ATTEST_KEY_SECRET: "k".repeat(40) }), { mode: 0o600 });
    expect(() => readOrCreateSecretsFile(dir)).toThrow(/not a valid secrets file \(SESSION_SECRET\)/);
    writeFileSync(file, "{ not json", { mode: 0o600 });
    expect(() => readOrCreateSecretsFile(dir)).toThrow(/not a valid secrets file \(not a JSON object\)/);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });

  it("says which folder cannot be used when it cannot be created", () => {
    const blocker = path.join(path.dirname(dir), "file");
    writeFileSync(blocker, "");
    expect(() => readOrCreateSecretsFile(path.join(blocker, "data"))).toThrow(
      /Cannot use the data folder .*file\/data \(ATTEST_DATA_DIR\)/,
    );
  });
});

describe("which secrets the configuration uses", () => {
  const resolve = (env: Record<string, string>) => resolveSecrets(parseConfig({ ATTEST_DATA_DIR: dir, ...env }));
  const file = () => path.join(dir, "secrets.json");

  it("embedded PGlite, in production as in development: the data folder's file, said in one line without the values", () => {
    const production = resolve({ NODE_ENV: "production" });
    expect(production.secretsOrigin).toEqual({ kind: "file", file: file(), created: true, names: ["SESSION_SECRET", "ATTEST_KEY_SECRET"] });
    const stored = JSON.parse(readFileSync(file(), "utf8")) as Secrets;
    expect(production).toMatchObject({ sessionSecret: stored.SESSION_SECRET, keySecret: stored.ATTEST_KEY_SECRET });
    const created = secretsNotice(production.secretsOrigin)!;
    expect(created).toMatch(
      /^SESSION_SECRET and ATTEST_KEY_SECRET not set in the environment: generated random ones, kept in .*secrets\.json \(mode 0600\)/,
    );

    const development = resolve({ NODE_ENV: "development" });
    expect(development).toMatchObject({
      sessionSecret: stored.SESSION_SECRET,
      keySecret: stored.ATTEST_KEY_SECRET,
      secretsOrigin: { created: false },
    });
    const read = secretsNotice(development.secretsOrigin)!;
    expect(read).toBe(`SESSION_SECRET and ATTEST_KEY_SECRET not set in the environment: read from ${file()}.`);
    for (const line of [created, read, JSON.stringify(production.secretsOrigin)]) expectNoSecret(line, stored);
  });

  it("the environment's values win, one by one; with both set the file is neither read nor created", () => {
    const session = "s".repeat(32);
    const both = resolve({ NODE_ENV: "production", SESSION_SECRET: session, ATTEST_KEY_SECRET: "k".repeat(32) });
    expect(both).toMatchObject({ sessionSecret: session, keySecret: "k".repeat(32), secretsOrigin: { kind: "environment" } });
    expect(secretsNotice(both.secretsOrigin)).toBeNull();
    expect(existsSync(dir)).toBe(false);

    const one = resolve({ SESSION_SECRET: session });
    expect(one.sessionSecret).toBe(session);
    expect(one.keySecret).toBe((JSON.parse(readFileSync(file(), "utf8")) as Secrets).ATTEST_KEY_SECRET);
    expect(secretsNotice(one.secretsOrigin)).toMatch(/^ATTEST_KEY_SECRET not set in the environment/);
  });

  it("production on Postgres requires both from the environment, naming them", () => {
    const url = "postgres://postgres@127.0.0.1:5432/attest";
    expect(() => resolve({ NODE_ENV: "production", DATABASE_URL: url })).toThrow(/SESSION_SECRET: required in production on Postgres/);
    expect(() => resolve({ NODE_ENV: "production", DATABASE_URL: url, SESSION_SECRET: "x".repeat(32) })).toThrow(
      /ATTEST_KEY_SECRET: required in production on Postgres/,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it("development on Postgres keeps them in the data folder too, so that stored signing keys survive a restart", () => {
    const first = resolve({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/attest" });
    expect(first.secretsOrigin).toMatchObject({ kind: "file", created: true });
    expect(resolve({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/attest" }).keySecret).toBe(first.keySecret);
  });

  it("tests: random secrets for the process, nothing written", () => {
    const a = resolve({ NODE_ENV: "test" });
    const b = resolve({ NODE_ENV: "test" });
    expect(a.secretsOrigin).toEqual({ kind: "process", names: ["SESSION_SECRET", "ATTEST_KEY_SECRET"] });
    expect(a.sessionSecret).toHaveLength(43);
    expect(a.keySecret).not.toBe(b.keySecret);
    expect(secretsNotice(a.secretsOrigin)).toBeNull();
    expect(existsSync(dir)).toBe(false);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

function expectNoSecret(text: string, secrets: Secrets) {
  for (const value of Object.values(secrets)) expect(text).not.toContain(value);
}
