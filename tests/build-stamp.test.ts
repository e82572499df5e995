import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { buildState, inputsHash, STAMP_FILE, writeStamp } from "../server/build-stamp";

let root: string;
const write = (relative: string, content: string) => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
};
/** What a build leaves: the server bundle and the client folder (a build empties build/server, stamp included). */
const build = () => {
  rmSync(path.join(root, "build"), { recursive: true, force: true });
  write("build/server/index.js", "export {}");
  mkdirSync(path.join(root, "build/client"), { recursive: true });
};
/** What `npm start` does: hash, build, stamp. */
const buildLikeStart = () => {
  const { hash } = buildState(root);
  build();
  writeStamp(root, hash);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "attest-stamp-"));
  write("app/root.tsx", "export default 1;");
  write("app/routes/_index.tsx", "export default 2;");
  write("db/schema/index.ts", "export const a = 1;");
  write("policies/reference/blocs.json", "{}");
  write("vite.config.ts", "export default {};");
  write("package-lock.json", "{}");
});

describe("npm start builds when the build is missing or stale", () => {
  it("builds when there is no build, or one that npm start did not stamp", () => {
    expect(buildState(root)).toMatchObject({ fresh: false, reason: "no build yet" });
    build();
    expect(buildState(root)).toMatchObject({ fresh: false, reason: "the build was not made by npm start" });
    writeStamp(root, buildState(root).hash);
    expect(buildState(root).fresh).toBe(true);
    // A half-removed build (client folder gone) is built again.
    rmSync(path.join(root, "build/client"), { recursive: true });
    expect(buildState(root)).toMatchObject({ fresh: false, reason: "no build yet" });
  });

  it("a build by another command (npm run build) removes the stamp, so the next start builds once more", () => {
    buildLikeStart();
    expect(buildState(root).fresh).toBe(true);
    build();
    expect(buildState(root).fresh).toBe(false);
  });

  it.each([
    ["a source changes", () => write("app/routes/_index.tsx", "export default 3;")],
    ["a source is added", () => write("app/routes/new.tsx", "export default 4;")],
    ["a source is removed", () => rmSync(path.join(root, "app/routes/_index.tsx"))],
    ["a source is renamed", () => renameSync(path.join(root, "app/routes/_index.tsx"), path.join(root, "app/routes/home.tsx"))],
    ["a module the app imports from db/ changes", () => write("db/schema/index.ts", "export const a = 2;")],
    ["reference data changes", () => write("policies/reference/blocs.json", '{"eu":[]}')],
    ["the dependencies change", () => write("package-lock.json", '{"lockfileVersion":3}')],
    ["the Vite configuration changes", () => write("vite.config.ts", "export default { base: '/' };")],
  ])("rebuilds when %s", (_name, change) => {
    buildLikeStart();
    change();
    expect(buildState(root)).toMatchObject({ fresh: false, reason: "the sources changed since the last build" });
  });

  it("does not rebuild for times alone, tests, dot-files or the server's own files", () => {
    buildLikeStart();
    // A checkout or a copy that gives every file a new (or an old) time changes nothing that is built.
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(path.join(root, "app/root.tsx"), future, future);
    utimesSync(path.join(root, "vite.config.ts"), new Date(0), new Date(0));
    write("app/root.test.tsx", "test");
    write("app/.root.tsx.swp", "editor");
    write("server/index.ts", "tsx runs it as it is");
    write("data/secrets.json", "{}");
    expect(buildState(root).fresh).toBe(true);
  });

  it("hashes paths with their contents, so that moving content between files is a change", () => {
    const before = inputsHash(root);
    write("app/root.tsx", "export default 2;");
    write("app/routes/_index.tsx", "export default 1;");
    expect(inputsHash(root)).not.toBe(before);
    expect(STAMP_FILE).toBe(path.join("build", "server", ".attest-build-inputs"));
  });
});
