import { and, count, eq, gt, lt, sql } from "drizzle-orm";
import { withSystem, type Db, type Queryable } from "../../db/connection.server";
import { loginAttempts } from "../../db/schema";
import * as clock from "../config/clock";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

function windowStart(now: Date) {
  return new Date(now.getTime() - WINDOW_MS);
}

async function failuresOf(db: Queryable, email: string, ip: string, now: Date) {
  const [row] = await db
    .select({ failures: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.ip, ip),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, windowStart(now)),
      ),
    );
  return row?.failures ?? 0;
}

/** True when this email has failed MAX_FAILURES times from this address within the window. */
export async function isThrottled(db: Queryable, email: string, ip: string, now = clock.now()) {
  return (await failuresOf(db, email.toLowerCase(), ip, now)) >= MAX_FAILURES;
}

/**
 * Takes one of the MAX_FAILURES attempts an (email, address) pair has in the window, or answers false when none
 * is left. The attempt is recorded as a failure before the password is checked, under a transaction-scoped
 * advisory lock on the pair, so concurrent attempts queue on the count: N of them at once check the password at
 * most MAX_FAILURES times. A success clears the pair's failures (recordSuccess).
 */
export async function reserveAttempt(db: Db, email: string, ip: string, now = clock.now()): Promise<boolean> {
  const key = email.toLowerCase();
  return withSystem(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('attest.login_attempts'), hashtext(${`${key} ${ip}`}))`);
    if ((await failuresOf(tx, key, ip, now)) >= MAX_FAILURES) return false;
    await tx.insert(loginAttempts).values({ email: key, ip, succeeded: false });
    return true;
  });
}

/** A right password: records the success and clears the failures of this email from this address. */
export async function recordSuccess(db: Queryable, email: string, ip: string) {
  const key = email.toLowerCase();
  await db.insert(loginAttempts).values({ email: key, ip, succeeded: true });
  await db.delete(loginAttempts).where(and(eq(loginAttempts.email, key), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false)));
}

export type PasswordCheck = "valid" | "invalid" | "throttled";

/**
 * Every password check in the product goes through here: it spends one of the pair's attempts first (refusing
 * without checking when none is left), then runs `check`, and clears the failures when it succeeds.
 */
export async function checkPasswordThrottled(
  db: Db,
  attempt: { email: string; ip: string },
  check: () => Promise<boolean>,
): Promise<PasswordCheck> {
  if (!(await reserveAttempt(db, attempt.email, attempt.ip))) return "throttled";
  if (!(await check())) return "invalid";
  await recordSuccess(db, attempt.email, attempt.ip);
  return "valid";
}

export async function purgeOldAttempts(db: Queryable, now = clock.now()) {
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, windowStart(now)));
}
