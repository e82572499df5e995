import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Queryable } from "../../db/connection.server";
import { loginAttempts } from "../../db/schema";
import * as clock from "../config/clock";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

function windowStart(now: Date) {
  return new Date(now.getTime() - WINDOW_MS);
}

/** True when this email has failed MAX_FAILURES times from this address within the window. */
export async function isThrottled(db: Queryable, email: string, ip: string, now = clock.now()) {
  const [row] = await db
    .select({ failures: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email.toLowerCase()),
        eq(loginAttempts.ip, ip),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, windowStart(now)),
      ),
    );
  return (row?.failures ?? 0) >= MAX_FAILURES;
}

export async function recordAttempt(db: Queryable, email: string, ip: string, succeeded: boolean) {
  await db.insert(loginAttempts).values({ email: email.toLowerCase(), ip, succeeded });
  if (succeeded) {
    // A successful sign-in clears the failures of this email from this address.
    await db
      .delete(loginAttempts)
      .where(and(eq(loginAttempts.email, email.toLowerCase()), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false)));
  }
}

export async function purgeOldAttempts(db: Queryable, now = clock.now()) {
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, windowStart(now)));
}
