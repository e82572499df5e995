// npm run bench:ingest — 100,000 assets through the HTTP API of a production server into Postgres, in batches;
// then the same rows through a plain multi-row insert with the `postgres` driver, for the ratio.
// Targets (issue 3): ≥ 10,000 assets/s, ≥ 0.3 of the plain insert, server peak RSS < 600 MB.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { createDatabase } from "../load/servers";
import { atLeast, report } from "./results";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TOTAL = Number(process.env.BENCH_ASSETS ?? 100_000);
const BATCH = 10_000;
const PORT = 3197;

function generate(total: number) {
  const assets: Record<string, unknown>[] = [];
  let s = 0;
  while (assets.length < total) {
    const site = `s${s++}`;
    assets.push({
      kind: "site",
      external_id: site,
      name: `Site ${site}`,
      country: s % 2 ? "FR" : "DE",
      attributes: { contracted_capacity_mw: 40 },
    });
    for (let h = 0; h < 10 && assets.length < total; h += 1) {
      const hall = `${site}-h${h}`;
      assets.push({ kind: "hall", external_id: hall, name: hall, parent: site, attributes: {} });
      for (let r = 0; r < 50 && assets.length < total; r += 1) {
        const rack = `${hall}-r${r}`;
        assets.push({ kind: "rack", external_id: rack, name: rack, parent: hall, attributes: { power_budget_kw: 80, redundancy: "2N" } });
        for (let n = 0; n < 18 && assets.length < total; n += 1) {
          assets.push({
            kind: "device",
            external_id: `${rack}-n${n}`,
            name: `${rack}-n${n}`,
            parent: rack,
            attributes: {
              role: "gpu_node",
              gpu_model: "H100 SXM",
              gpu_count: 8,
              power_draw_kw: 10.2,
              serial: randomBytes(6).toString("hex"),
            },
          });
        }
      }
    }
  }
  return assets;
}

async function waitReady() {
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become ready");
}

const peakRssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
};

const created = await createDatabase(BASE_URL, "attest_bench_ingest");
const url = created.url;
// Node itself with tsx as a loader (not the tsx wrapper), so that the measured process is the server.
const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    PORT: String(PORT),
    SESSION_SECRET: "bench-secret-0123456789-0123456789-0123",
    ATTEST_KEY_SECRET: "bench-key-secret-0123456789-0123456789",
    ATTEST_SEED: "demo",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  await waitReady();
  const token = await new Promise<string>((resolve, reject) => {
    const cli = spawn("node_modules/.bin/tsx", ["app/auth/token-cli.ts", "create", "--org", "helios", "--scope", "inventory:write"], {
      env: { ...process.env, DATABASE_URL: url },
    });
    let out = "";
    cli.stdout.on("data", (d) => (out += d));
    cli.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`token CLI exited ${code}`))));
  });

  const assets = generate(TOTAL);
  const started = process.hrtime.bigint();
  for (let i = 0; i < assets.length; i += BATCH) {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/inventory`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ source: "bench", mode: "upsert", assets: assets.slice(i, i + BATCH) }),
    });
    if (!response.ok) throw new Error(`batch ${i / BATCH}: ${response.status} ${await response.text()}`);
  }
  const apiSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const again = process.hrtime.bigint();
  for (let i = 0; i < assets.length; i += BATCH) {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/inventory`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ source: "bench", mode: "upsert", assets: assets.slice(i, i + BATCH) }),
    });
    const body = (await response.json()) as { unchanged: number };
    if (body.unchanged !== Math.min(BATCH, assets.length - i)) throw new Error("second pass changed something");
  }
  const unchangedSeconds = Number(process.hrtime.bigint() - again) / 1e9;
  const rss = peakRssMb(server.pid!);

  // The same rows, written by the plain driver: one multi-row insert per batch, no validation, no history.
  const direct = postgres(url, { max: 1, onnotice: () => {} });
  const [org] = await direct<{ id: string }[]>`select id from organizations where slug = 'helios'`;
  const now = new Date();
  const rows = assets.map((a) => ({
    id: randomUUID(),
    organization_id: org!.id,
    kind: a.kind as string,
    source: "plain",
    external_id: a.external_id as string,
    name: a.name as string,
    attributes: direct.json(a.attributes as postgres.JSONValue),
    content_hash: "x",
    first_seen_at: now,
    last_seen_at: now,
  }));
  const plainStart = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += 5000) {
    await direct`insert into assets ${direct(rows.slice(i, i + 5000))}`;
  }
  const plainSeconds = Number(process.hrtime.bigint() - plainStart) / 1e9;
  await direct.end();

  const apiRate = Math.round(assets.length / apiSeconds);
  const plainRate = Math.round(rows.length / plainSeconds);
  console.table([
    { measure: "API ingest, new assets (assets/s)", value: apiRate, seconds: apiSeconds.toFixed(2) },
    {
      measure: "API ingest, same payload again (assets/s)",
      value: Math.round(assets.length / unchangedSeconds),
      seconds: unchangedSeconds.toFixed(2),
    },
    { measure: "plain multi-row insert (rows/s)", value: plainRate, seconds: plainSeconds.toFixed(2) },
    { measure: "ratio API / plain", value: Number((apiRate / plainRate).toFixed(2)), seconds: "" },
    { measure: "server peak RSS (MB)", value: rss, seconds: "" },
  ]);
  report("ingest", [
    {
      figure: "API ingest of 100,000 new assets",
      target: "≥ 10,000 assets/s",
      measured: apiRate,
      unit: "assets/s",
      ok: atLeast(apiRate, 10_000),
    },
    {
      figure: "API ingest / plain multi-row insert",
      target: "≥ 0.3",
      measured: Number((apiRate / plainRate).toFixed(2)),
      unit: "ratio",
      ok: atLeast(apiRate / plainRate, 0.3),
    },
    { figure: "server peak RSS during the ingest", target: "< 600 MB", measured: rss, unit: "MB", ok: rss < 600 },
  ]);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await created.drop();
}
