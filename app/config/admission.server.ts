import type { NextFunction, Request, Response } from "express";

const BUSY = "Attest is very busy: try again in a few seconds.\nAttest est très sollicité : réessayez dans quelques secondes.\n";

/**
 * At most `limit` page requests of this process at once; the others wait their turn in arrival order. Rendering is
 * CPU-bound, so more at once adds no throughput: it only stretches every request's turns on the event loop, and
 * with them an ingest's, whose every database round trip waits behind all those renders. Requests that bypass it
 * (the API) are never queued. Past `maxWaiting` queued, a request is answered 503 with Retry-After at once: an
 * overloaded process sheds load instead of holding every socket and its memory until clients time out.
 */
export function admission(limit: number, bypass: (req: Request) => boolean, maxWaiting = 500) {
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
    if (waiting.length >= maxWaiting) {
      res.status(503).set("Retry-After", "5").type("text/plain").send(BUSY);
      return;
    }
    const turn = () => (res.writableEnded || req.destroyed ? waiting.shift()?.() : admit(res, next));
    waiting.push(turn);
  };
}
