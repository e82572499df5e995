import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// Browser tests run against a production build on a fresh embedded database, seeded with the demo data.
export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    locale: "en-GB",
    launchOptions: {
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
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The server's whole output goes to a file that tests/e2e/global-teardown.ts searches for secrets.
    command: "rm -rf .cache/e2e && mkdir -p .cache && npm run start:prod > .cache/e2e-server.log 2>&1",
    url: `http://localhost:${PORT}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      ATTEST_DATA_DIR: ".cache/e2e/data",
      SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123456789",
      ATTEST_KEY_SECRET: "e2e-key-secret-that-is-long-enough-0123456789",
      LOG_LEVEL: "info",
      DATABASE_URL: "",
    },
  },
});
