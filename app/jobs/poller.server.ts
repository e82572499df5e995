import type { Logger } from "pino";

export type Poller = { kick(): void; stop(): void; idle(): Promise<void> };

/**
 * Runs `tick` every `pollMs`, and at once when kicked; never two ticks at the same time (a kick during a tick runs
 * one more tick after it). A tick that throws is logged and the poller carries on.
 */
export function startPoller(name: string, tick: () => Promise<void>, options: { pollMs: number; log: Logger }): Poller {
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = tick()
      .catch((error: unknown) => options.log.error({ err: error }, `${name} tick failed`))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          schedule();
        }
      });
  };
  const timer = setInterval(schedule, options.pollMs);
  timer.unref();
  schedule();
  return {
    kick: schedule,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    idle: () => running,
  };
}
