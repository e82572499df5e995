// npm start: the production server (NODE_ENV=production), on embedded PGlite with the demo data unless the
// environment says otherwise, built first when build/ is missing or is not the build of the current sources
// (./build-stamp.ts). Development with hot reloading is `npm run dev`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../app/config/config.server";
import { buildState, writeStamp } from "./build-stamp";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NODE_ENV = "production";
// A configuration the server would refuse (DATABASE_URL without the secrets, a bad PORT…) is said before building.
try {
  parseConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const state = buildState(root);
if (!state.fresh) {
  console.log(`Building the app for production (${state.reason}); this takes a minute or so…`);
  const started = performance.now();
  const remix = createRequire(import.meta.url).resolve("@remix-run/dev/dist/cli.js");
  // Vite lists every chunk it writes: shown only when the build fails.
  const build = spawnSync(process.execPath, [remix, "vite:build"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0) {
    process.stdout.write(build.stdout ?? "");
    process.stderr.write(build.stderr ?? "");
    console.error(`The build failed (${build.error?.message ?? `exit code ${build.status}`}): nothing was started.`);
    process.exit(1);
  }
  writeStamp(root, state.hash);
  console.log(`Built in ${Math.round((performance.now() - started) / 1000)} s.`);
}

await import("./index");
