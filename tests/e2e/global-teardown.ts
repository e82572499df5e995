import { readFileSync } from "node:fs";
import { DEMO_PASSWORD } from "./fixtures";

export const SERVER_LOG = ".cache/e2e-server.log";
const CONFIGURED_SECRETS = ["e2e-session-secret-that-is-long-enough-0123456789", "e2e-key-secret-that-is-long-enough-0123456789"];

/**
 * After the whole browser run: the server's log must not hold a secret — configured secrets, passwords typed in
 * forms, API token secrets, session or CSRF cookies, calendar or invitation links. The demo password appears once,
 * by design, in the start-up banner that lists the demo sign-ins; anywhere else it would be a leak.
 */
export default function globalTeardown() {
  const lines = readFileSync(SERVER_LOG, "utf8").split("\n");
  const banner = lines.findIndex((line) => line.startsWith("Demo sign-ins (password for all:"));
  const leaks: string[] = [];
  lines.forEach((line, index) => {
    const found = [
      ...CONFIGURED_SECRETS.filter((secret) => line.includes(secret)),
      ...(index !== banner && line.includes(DEMO_PASSWORD) ? ["a password"] : []),
      ...(/att_[A-Za-z0-9_-]{16,}/.test(line) ? ["an API token"] : []),
      ...(/attest_session=|attest_csrf=|[Ss]et-[Cc]ookie/.test(line) ? ["a cookie"] : []),
      ...(/\/(calendar|invite)\/(?!\[redacted\])[^\s"/]+/.test(line) ? ["a secret link"] : []),
    ];
    if (found.length) leaks.push(`line ${index + 1}: ${found.join(", ")}`);
  });
  if (lines.length < 50) throw new Error(`${SERVER_LOG} holds ${lines.length} lines: the server's log was not captured`);
  if (leaks.length) throw new Error(`Secrets in the server log (${SERVER_LOG}):\n${leaks.slice(0, 20).join("\n")}`);
  console.log(`Server log checked for secrets: ${lines.length} lines, none found.`);
}
