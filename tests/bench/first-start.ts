// The README's first experience, timed: `npm start` in a fresh clone (after `npm install`) → /readyz answers → a
// browser signs in as the demo admin and sees the dashboard. Run it in a fresh clone:
//   git clone <repo> /tmp/fresh && cd /tmp/fresh && npm install && node --import tsx tests/bench/first-start.ts
// It also checks what a first start must do: say where the generated secrets are kept (never their values), keep them
// in a 0600 file, and let a browser sign in on http://localhost and on http://127.0.0.1 (Secure cookies on plain
// HTTP: Chromium treats both as secure contexts). PORT (default 3000) and CHROMIUM_PATH as elsewhere.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.ATTEST_DATA_DIR ?? "data");
if (existsSync(path.join("build", "server", "index.js")) || existsSync(dataDir)) {
  console.error("Not a fresh clone: build/ or the data folder exists (remove them to time a first start).");
  process.exit(2);
}

const started = Date.now();
const seconds = (from = started) => Math.round((Date.now() - from) / 100) / 10;
const output: string[] = [];
const server = spawn("npm", ["start"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], detached: true });
let built: number | undefined;
server.stdout.on("data", (chunk: Buffer) => {
  output.push(chunk.toString());
  if (built === undefined && /Built in/.test(chunk.toString())) built = seconds();
});
server.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));

try {
  let ready: number | undefined;
  while (ready === undefined) {
    if (server.exitCode !== null) throw new Error(`npm start exited:\n${output.join("")}`);
    if (Date.now() - started > 600_000) throw new Error(`not ready after 10 minutes:\n${output.join("")}`);
    try {
      if ((await fetch(`http://localhost:${port}/readyz`)).ok) ready = seconds();
    } catch {
      // not listening yet
    }
    if (ready === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const signIn = async (origin: string) => {
    const from = Date.now();
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${origin}/login`);
    await page.getByLabel("Email").fill("admin@helios.example");
    await page.getByLabel("Password").fill("helios-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#recent-changes").waitFor({ timeout: 30_000 });
    const cookies = await context.cookies();
    await context.close();
    return { seconds: seconds(from), secureCookies: cookies.filter((c) => c.secure).map((c) => c.name) };
  };
  const localhost = await signIn(`http://localhost:${port}`);
  const dashboard = seconds();
  const loopback = await signIn(`http://127.0.0.1:${port}`);
  await browser.close();

  const log = output.join("");
  const file = path.join(dataDir, "secrets.json");
  const secrets = Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>).filter((value) => value.length >= 32);
  const checks = {
    "secrets file mode 0600": (statSync(file).mode & 0o777) === 0o600,
    "start says where the secrets are": log.includes(`kept in ${file} (mode 0600)`),
    "no secret value in the output": secrets.length === 2 && secrets.every((value) => !log.includes(value)),
    "Secure __Host- session cookie on http://localhost": localhost.secureCookies.includes("__Host-attest_session"),
  };
  console.log(
    JSON.stringify(
      {
        port,
        builtAfterSeconds: built,
        readyAfterSeconds: ready,
        dashboardAfterSeconds: dashboard,
        signInSeconds: { localhost: localhost.seconds, "127.0.0.1": loopback.seconds },
        checks,
      },
      null,
      2,
    ),
  );
  if (Object.values(checks).some((ok) => !ok)) process.exitCode = 1;
} finally {
  // npm start's whole process group (npm, tsx, node).
  if (server.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
}
