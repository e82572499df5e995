import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDataDir, dataDirMessage, DataDirError } from "./data-dir.server";

const fsError = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe("the PGlite data folder", () => {
  it("is created when missing and checked writable", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "attest-datadir-")), "nested", "data");
    expect(() => checkDataDir(dir)).not.toThrow();
  });

  it("names the folder, the cause and the fix when it cannot be used", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "attest-datadir-")), "not-a-folder");
    writeFileSync(file, "x");
    expect(() => checkDataDir(path.join(file, "data"))).toThrow(DataDirError);
    expect(() => checkDataDir(path.join(file, "data"))).toThrow(
      /Cannot use the data folder .*not-a-folder\/data \(ATTEST_DATA_DIR\): .*file, not a folder/,
    );
    expect(dataDirMessage("/srv/attest", fsError("ENOSPC"))).toBe(
      "Cannot use the data folder /srv/attest (ATTEST_DATA_DIR): the disk is full: free some space (the database needs room to grow) and start again. [ENOSPC]",
    );
    expect(dataDirMessage("/srv/attest", fsError("EACCES"))).toContain("permission denied: give the user running Attest write access");
    expect(dataDirMessage("/srv/attest", fsError("EROFS"))).toContain("read-only");
  });

  it("stops the server at start with that one line, exit status 1", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "attest-datadir-")), "occupied");
    writeFileSync(file, "x");
    const started = spawnSync("npx", ["tsx", "server/index.ts"], {
      env: {
        ...process.env,
        ATTEST_DATA_DIR: path.join(file, "data"),
        DATABASE_URL: "",
        NODE_ENV: "development",
        LOG_LEVEL: "silent",
        PORT: "3999",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain(`Cannot use the data folder ${path.join(file, "data")}`);
  }, 70_000);
});
