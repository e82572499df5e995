// SESSION_SECRET and ATTEST_KEY_SECRET when the environment does not set them: random values generated once and kept
// in the data folder (`secrets.json`, mode 0600), so that a plain `npm start` needs no configuration and no fixed
// value that anyone can read in the source. Where that applies is decided in config.server.ts.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { dataDirMessage } from "../../db/data-dir.server";
import * as clock from "./clock";

export const SECRET_NAMES = ["SESSION_SECRET", "ATTEST_KEY_SECRET"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
export type Secrets = Record<SecretName, string>;

export const SECRETS_FILE = "secrets.json";

export class SecretsFileError extends Error {}

/** 32 random bytes, base64url (43 characters). */
export const randomSecret = () => randomBytes(32).toString("base64url");

export const generateSecrets = (): Secrets => ({ SESSION_SECRET: randomSecret(), ATTEST_KEY_SECRET: randomSecret() });

/**
 * Reads `<dataDir>/secrets.json`, or creates it (both secrets, mode 0600) when it does not exist. The file is
 * written whole under a temporary name and then linked to its name, which fails if it exists: two processes starting
 * at once never read a half-written file, and the second one reads the first one's secrets instead of its own.
 * A file that others may read (group or world bits set) is refused rather than used: the secrets in it must be
 * considered seen; the message says how to fix it.
 */
export function readOrCreateSecretsFile(
  dataDir: string,
  generate: () => Secrets = generateSecrets,
): { file: string; secrets: Secrets; created: boolean } {
  try {
    return readOrCreate(path.join(path.resolve(dataDir), SECRETS_FILE), generate);
  } catch (error) {
    // The folder's own problems (permission, read-only, full disk) in the words used for the database's folder.
    throw error instanceof SecretsFileError ? error : new SecretsFileError(dataDirMessage(dataDir, error));
  }
}

function readOrCreate(file: string, generate: () => Secrets): { file: string; secrets: Secrets; created: boolean } {
  const existing = readSecretsFile(file);
  if (existing) return { file, secrets: existing, created: false };
  const secrets = generate();
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ ...secrets, created: clock.now().toISOString() }, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Another process created it in the meantime: its secrets are the ones.
      return { file, secrets: readSecretsFile(file)!, created: false };
    }
  } finally {
    rmSync(temporary, { force: true });
  }
  return { file, secrets, created: true };
}

/** The secrets in `file`, or null if it does not exist. Throws SecretsFileError if it is unusable. */
export function readSecretsFile(file: string): Secrets | null {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new SecretsFileError(
      `${file} can be read by other users (mode ${(mode & 0o777).toString(8).padStart(4, "0")}): if nobody else could read it, run \`chmod 600 ${file}\`; ` +
        "otherwise delete it to generate new secrets (everyone is signed out, and signing keys stored with the old ATTEST_KEY_SECRET can no longer be used: rotate them).",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    parsed = null;
  }
  const record = parsed !== null && typeof parsed === "object" ? (parsed as Partial<Record<SecretName, unknown>>) : null;
  const bad = record ? SECRET_NAMES.filter((name) => typeof record[name] !== "string" || (record[name] as string).length < 32) : [];
  if (!record || bad.length) {
    throw new SecretsFileError(
      `${file} is not a valid secrets file (${record ? bad.join(", ") : "not a JSON object"}): restore it from a backup, or delete it to generate new secrets (signing keys stored with the old ATTEST_KEY_SECRET can then no longer be used: rotate them).`,
    );
  }
  return { SESSION_SECRET: record.SESSION_SECRET as string, ATTEST_KEY_SECRET: record.ATTEST_KEY_SECRET as string };
}
