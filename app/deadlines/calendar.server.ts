import { and, eq } from "drizzle-orm";
import icalGenerator from "ical-generator";
import { withSystem, type Db, type Tx } from "../../db/connection.server";
import { calendarFeeds, memberships, organizations, users } from "../../db/schema";
import { randomToken, sha256Hex } from "../auth/tokens.server";
import { translator, type Locale } from "../i18n/i18n";
import type { Deadline } from "./deadlines.server";
import * as clock from "../config/clock";

/** A new secret calendar address for the member (the previous one stops working). */
export async function createCalendarFeed(tx: Tx, params: { organizationId: string; userId: string }): Promise<string> {
  const token = randomToken();
  await tx
    .insert(calendarFeeds)
    .values({ organizationId: params.organizationId, userId: params.userId, tokenHash: sha256Hex(token) })
    .onConflictDoUpdate({
      target: [calendarFeeds.organizationId, calendarFeeds.userId],
      set: { tokenHash: sha256Hex(token), createdAt: clock.now() },
    });
  return token;
}

export async function revokeCalendarFeed(tx: Tx, params: { organizationId: string; userId: string }) {
  await tx
    .delete(calendarFeeds)
    .where(and(eq(calendarFeeds.organizationId, params.organizationId), eq(calendarFeeds.userId, params.userId)));
}

export async function hasCalendarFeed(tx: Tx, params: { organizationId: string; userId: string }) {
  const [row] = await tx
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.organizationId, params.organizationId), eq(calendarFeeds.userId, params.userId)));
  return row?.createdAt ?? null;
}

/** Whose calendar a secret address opens, if it is still valid and the member still belongs. */
export async function calendarOwner(db: Db, token: string) {
  return withSystem(db, async (tx) => {
    const [row] = await tx
      .select({
        organizationId: calendarFeeds.organizationId,
        userId: calendarFeeds.userId,
        role: memberships.role,
        organizationName: organizations.name,
        locale: users.locale,
      })
      .from(calendarFeeds)
      .innerJoin(
        memberships,
        and(eq(memberships.organizationId, calendarFeeds.organizationId), eq(memberships.userId, calendarFeeds.userId)),
      )
      .innerJoin(organizations, eq(organizations.id, calendarFeeds.organizationId))
      .innerJoin(users, eq(users.id, calendarFeeds.userId))
      .where(eq(calendarFeeds.tokenHash, sha256Hex(token)));
    return row ?? null;
  });
}

/** An RFC 5545 calendar of all-day events, one per deadline. */
export function deadlinesCalendar(params: { deadlines: Deadline[]; organizationName: string; locale: Locale; baseUrl: string }): string {
  const t = translator(params.locale);
  const calendar = icalGenerator({
    name: t("deadlines.calendarName", { organization: params.organizationName }),
    prodId: { company: "Attest", product: "deadlines" },
  });
  for (const d of params.deadlines) {
    calendar.createEvent({
      id: `${d.key}@attest`,
      start: new Date(`${d.dueOn}T00:00:00Z`),
      allDay: true,
      summary: `${t(`deadlines.kinds.${d.kind}`)}: ${d.title}`,
      url: `${params.baseUrl}${d.link}`,
      description: `${params.baseUrl}${d.link}`,
    });
  }
  return calendar.toString();
}
