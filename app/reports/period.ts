import * as clock from "../config/clock";

/** The instant a report's period ends: the end of its last day (`YYYY-MM-DD`), UTC. */
export const periodEndInstant = (periodEnd: string) => new Date(`${periodEnd}T23:59:59.999Z`);

/** Whether a period ending on this day has ended by `now`: a report states what held at its end, which must be a fact. */
export const periodHasEnded = (periodEnd: string, now: Date = clock.now()) => periodEndInstant(periodEnd) < now;
