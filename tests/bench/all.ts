// npm run bench — every benchmark against a production build on Postgres (BENCH_DATABASE_URL, default the local
// server): ingest, evaluate, reports, HTTP. Each prints `BENCH_RESULT {json}` lines; this writes them with the
// machine's description to bench/results.json and bench/results.md. Figures, not assertions: nothing fails here.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import postgres from "postgres";
import type { Figure } from "./results";

const BENCHMARKS = [
  "tests/bench/ingest.ts",
  "tests/bench/evaluate.ts",
  "tests/bench/reports.ts",
  "tests/bench/http.ts",
  "tests/bench/risks.ts",
];

function run(script: string): Promise<Figure[]> {
  return new Promise((resolve, reject) => {
    const figures: Figure[] = [];
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines)
        if (line.startsWith("BENCH_RESULT ")) figures.push(JSON.parse(line.slice("BENCH_RESULT ".length)) as Figure);
    });
    child.on("exit", (code) => (code === 0 ? resolve(figures) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function machine() {
  const client = postgres(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", { max: 1, onnotice: () => {} });
  const [{ version }] = (await client`select version()`) as unknown as [{ version: string }];
  await client.end();
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: version.split(" on ")[0],
    date: new Date().toISOString(),
  };
}

/**
 * This machine's speed at the moment, so that runs on a shared machine can be read side by side: the same figures
 * move with its neighbours' load (single-core SHA-256 throughput, and Postgres counting five million rows).
 */
async function calibration() {
  const block = Buffer.alloc(1 << 20, 7);
  let started = performance.now();
  for (let i = 0; i < 256; i++) createHash("sha256").update(block).digest();
  const sha256MBs = Math.round(256 / ((performance.now() - started) / 1000));
  const client = postgres(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", { max: 1, onnotice: () => {} });
  started = performance.now();
  await client`select count(*) from generate_series(1, 5000000)`;
  const postgresMs = Math.round(performance.now() - started);
  await client.end();
  return { sha256MBs, postgresMs };
}

/** Each benchmark starts with Postgres's dirty pages written out, not while it runs (the previous one's). */
async function checkpoint() {
  const client = postgres(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", { max: 1, onnotice: () => {} });
  await client`checkpoint`;
  await client.end();
}

const before = await calibration();
const results: Figure[] = [];
for (const script of BENCHMARKS) {
  console.log(`\n== ${script}`);
  await checkpoint();
  try {
    results.push(...(await run(script)));
  } catch (error) {
    console.error((error as Error).message);
    results.push({ benchmark: script, figure: "run", target: "completes", measured: 0, unit: "", ok: false });
  }
}
const after = await calibration();
const host = { ...(await machine()), calibration: { before, after } };
mkdirSync("bench", { recursive: true });
writeFileSync("bench/results.json", JSON.stringify({ machine: host, results }, null, 2));
const rows = results.map(
  (r) =>
    `| ${r.benchmark} | ${r.figure} | ${r.target} | ${r.measured.toLocaleString("en")} ${r.unit} | ${r.ok === null ? "—" : r.ok ? "met" : "**missed**"} |`,
);
writeFileSync(
  "bench/results.md",
  [
    `# Benchmarks`,
    ``,
    `${host.date} · ${host.cpus} × ${host.cpu}, ${host.memoryGb} GB · Node ${host.node} · ${host.postgres}`,
    ``,
    `Machine speed when the run started / ended (it is shared; compare runs with it): SHA-256 on one core ${before.sha256MBs} / ${after.sha256MBs} MB/s, Postgres counting 5,000,000 rows ${before.postgresMs} / ${after.postgresMs} ms.`,
    ``,
    `| benchmark | figure | target | measured | |`,
    `|---|---|---|---|---|`,
    ...rows,
    ``,
  ].join("\n"),
);
console.log(
  `\nbench/results.json and bench/results.md written: ${results.filter((r) => r.ok).length} of ${results.length} figures meet their target.`,
);
