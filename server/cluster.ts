// WEB_CONCURRENCY > 1: one HTTP worker per core on the same port (node:cluster hands connections out in turn). Each
// worker is a full instance — pages, API and background jobs — as separate instances on one Postgres are: runs and
// report builds are claimed in the database, so workers never duplicate them.
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

// A worker that dies sooner than this after starting is not restarted in a loop: the fault is in its start.
const CRASH_LOOP_MS = 5_000;

export function startCluster(workers: number, log: Logger) {
  let stopping = false;
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, performance.now());
    return worker;
  };
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) return;
    const lived = performance.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    log.error({ event: "worker_exit", pid: worker.process.pid, code, signal, livedMs: lived }, "HTTP worker exited");
    if (lived < CRASH_LOOP_MS) {
      log.fatal({ event: "worker_crash_loop" }, "HTTP worker failed at start; stopping");
      void stop(1);
      return;
    }
    fork();
  });
  for (let i = 0; i < workers; i++) fork();
  log.info({ workers }, "HTTP workers started");

  async function stop(exitCode: number) {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      running.map(
        (w) =>
          new Promise((resolve) => {
            w.once("exit", resolve);
            w.process.kill("SIGTERM");
          }),
      ),
    );
    process.exit(exitCode);
  }
  process.once("SIGTERM", () => void stop(0));
  process.once("SIGINT", () => void stop(0));
}
