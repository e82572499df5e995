// What the HTTP benchmarks share: signing in as a browser does, and timing one reader's requests.
import { PASSWORD } from "../factories";

export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((values.length * p) / 100) - 1)] ?? 0;

/** The Cookie header of a session signed in through the login form (CSRF cookie and token included). */
export async function signIn(port: number, email: string): Promise<string> {
  const page = await fetch(`http://127.0.0.1:${port}/login`);
  const csrfCookie = page.headers
    .getSetCookie()
    .find((c) => /^(__Host-)?attest_csrf=/.test(c))!
    .split(";")[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const response = await fetch(`http://127.0.0.1:${port}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: csrfCookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: PASSWORD, csrf: token }),
  });
  const session = response.headers
    .getSetCookie()
    .find((c) => /^(__Host-)?attest_session=/.test(c))!
    .split(";")[0]!;
  return `${csrfCookie}; ${session}`;
}

export const SEQUENTIAL = 20;

/** One request at a time, after a warm-up: what a single reader waits for. */
export async function sequentialLatency(port: number, path: string, headers: Record<string, string>) {
  const times: number[] = [];
  for (let i = 0; i <= SEQUENTIAL; i++) {
    const start = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    if (i > 0) times.push(performance.now() - start);
  }
  return { path, p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)) };
}
