import type { NextFunction, Request, Response } from "express";

/**
 * At most `limit` page requests of this process at once; the others wait their turn in arrival order. Rendering is
 * CPU-bound, so more at once adds no throughput: it only stretches every request's turns on the event loop, and
 * with them an ingest's, whose every database round trip waits behind all those renders. Requests that bypass it
 * (the API) are never queued.
 */
export function admission(limit: number, bypass: (req: Request) => boolean) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const admit = (res: Response, next: NextFunction) => {
    active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      active--;
      waiting.shift()?.();
    };
    res.once("finish", release);
    res.once("close", release);
    next();
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (bypass(req)) return next();
    if (active < limit) return admit(res, next);
    const turn = () => (res.writableEnded || req.destroyed ? waiting.shift()?.() : admit(res, next));
    waiting.push(turn);
  };
}
