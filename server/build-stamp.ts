// Is build/ the build of the sources as they are? `npm start` (server/start.ts) builds only when it is not.
//
// A hash of the build's inputs, written next to the build after a successful one, rather than a comparison of
// modification times: times lie both ways — `git checkout`, `cp`, `tar` or `rsync` can give old sources a newer or
// an older time than the build, and touching a file without changing it would rebuild for nothing. Hashing the
// inputs (~7 MB, ~400 files) takes a few tens of milliseconds against ~40 s for a build.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * What `remix vite:build` reads: the app, the modules it imports from db/ and policies/ (reference JSON), the static
 * files, the build's configuration and the exact dependencies. server/ is not bundled (tsx runs it as it is).
 */
export const BUILD_INPUTS = ["app", "db", "policies", "public", "vite.config.ts", "tsconfig.json", "package.json", "package-lock.json"];

/**
 * The stamp lives in build/server/, which every build empties: a build made by another command (`npm run build`)
 * removes it, so the next `npm start` builds once more rather than trusting a stamp that may describe other sources.
 */
export const STAMP_FILE = path.join("build", "server", ".attest-build-inputs");
const BUILD_OUTPUTS = [path.join("build", "server", "index.js"), path.join("build", "client")];

// Never in the build: tests, and editors' and systems' leftovers.
const ignored = (name: string) => /\.test\.tsx?$/.test(name) || name.startsWith(".") || name.endsWith("~") || name === "node_modules";

/** SHA-256 over every input file's path and content, in a fixed order; a missing input counts as absent. */
export function inputsHash(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const hash = createHash("sha256");
  const add = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) if (!ignored(name)) add(path.join(relative, name));
    } else {
      hash.update(`${relative.split(path.sep).join("/")}\0`);
      hash.update(readFileSync(full));
      hash.update("\0");
    }
  };
  for (const input of [...inputs].sort()) add(input);
  return hash.digest("hex");
}

export type BuildState = { fresh: true; hash: string } | { fresh: false; hash: string; reason: string };

/** Whether build/ was built by `npm start` from exactly these inputs, and if not, why (said before building). */
export function buildState(root: string, inputs: readonly string[] = BUILD_INPUTS): BuildState {
  const hash = inputsHash(root, inputs);
  if (BUILD_OUTPUTS.some((output) => !existsSync(path.join(root, output)))) return { fresh: false, hash, reason: "no build yet" };
  const stamp = path.join(root, STAMP_FILE);
  if (!existsSync(stamp)) return { fresh: false, hash, reason: "the build was not made by npm start" };
  if (readFileSync(stamp, "utf8").trim() !== hash) return { fresh: false, hash, reason: "the sources changed since the last build" };
  return { fresh: true, hash };
}

/** After a successful build: the hash of the inputs as they were when it started. */
export function writeStamp(root: string, hash: string): void {
  writeFileSync(path.join(root, STAMP_FILE), `${hash}\n`);
}
