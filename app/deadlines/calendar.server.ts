import { and, eq } from "drizzle-orm";
import icalGenerator from "ical-generator";
import { withSystem, type Db, type Tx } from "../../db/connection.server";
import { calendarFeeds, memberships, organizations, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { randomToken, sha256Hex } from "../auth/tokens.server";
import { translator, type Locale } from "../i18n/i18n";
import { deadlineTitle, type Deadline } from "./deadlines.server";
import * as clock from "../config/clock";
import { DEADLINE_KIND_LABEL } from "../i18n/labels";

type Member = { organizationId: string; userId: string };

/**
 * A new secret calendar address for the member (the previous one stops working), audited as created or regenerated.
 * The audit entry names the member and the time, never the address or its hash.
 */
export async function createCalendarFeed(tx: Tx, params: Member & { actor: Actor }): Promise<string> {
  const token = randomToken();
  const previous = await hasCalendarFeed(tx, params);
  const [feed] = await tx
    .insert(calendarFeeds)
    .values({ organizationId: params.organizationId, userId: params.userId, tokenHash: sha256Hex(token) })
    .onConflictDoUpdate({
      target: [calendarFeeds.organizationId, calendarFeeds.userId],
      set: { tokenHash: sha256Hex(token), createdAt: clock.now() },
    })
    .returning({ createdAt: calendarFeeds.createdAt });
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: previous ? "calendar_feed.regenerate" : "calendar_feed.create",
    entityType: "calendar_feed",
    entityId: params.userId,
    before: previous ? { userId: params.userId, createdAt: previous } : undefined,
    after: { userId: params.userId, createdAt: feed?.createdAt ?? null },
  });
  return token;
}

/**
 * Removes the member's calendar address, if there is one, and audits it; `reason` says why when it is not the
 * member's own choice (a role that no longer reads deadlines, a removed member). Answers whether there was one.
 */
export async function revokeCalendarFeed(
  tx: Tx,
  params: Member & { actor: Actor; reason?: "role_change" | "member_removed" },
): Promise<boolean> {
  const [removed] = await tx
    .delete(calendarFeeds)
    .where(and(eq(calendarFeeds.organizationId, params.organizationId), eq(calendarFeeds.userId, params.userId)))
    .returning({ createdAt: calendarFeeds.createdAt });
  if (!removed) return false;
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "calendar_feed.revoke",
    entityType: "calendar_feed",
    entityId: params.userId,
    before: { userId: params.userId, createdAt: removed.createdAt },
    after: params.reason ? { reason: params.reason } : undefined,
  });
  return true;
}

export async function hasCalendarFeed(tx: Tx, params: Member) {
  const [row] = await tx
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.organizationId, params.organizationId), eq(calendarFeeds.userId, params.userId)));
  return row?.createdAt ?? null;
}

/**
 * Whose calendar a secret address opens, if it is still valid and the member still belongs: with the member's
 * current role and tenant, from which the feed builds what they may see now.
 */
export async function calendarOwner(db: Db, token: string) {
  return withSystem(db, async (tx) => {
    const [row] = await tx
      .select({
        organizationId: calendarFeeds.organizationId,
        userId: calendarFeeds.userId,
        role: memberships.role,
        tenantId: memberships.tenantId,
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
      summary: t("deadlines.calendarSummary", { kind: t(DEADLINE_KIND_LABEL[d.kind]), title: deadlineTitle(d, params.locale) }),
      url: `${params.baseUrl}${d.link}`,
      description: `${params.baseUrl}${d.link}`,
    });
  }
  return calendar.toString();
}
