import { and, desc, eq, isNull } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { notificationPreferences, notifications, type DeadlineKind } from "../../db/schema";
import * as clock from "../config/clock";

type Member = { organizationId: string; userId: string };

export async function myNotifications(tx: Tx, params: Member & { limit: number }) {
  return tx
    .select()
    .from(notifications)
    .where(and(eq(notifications.organizationId, params.organizationId), eq(notifications.userId, params.userId)))
    .orderBy(desc(notifications.createdAt), desc(notifications.dueOn))
    .limit(params.limit);
}

export async function markAllRead(tx: Tx, params: Member) {
  await tx
    .update(notifications)
    .set({ readAt: clock.now() })
    .where(
      and(eq(notifications.organizationId, params.organizationId), eq(notifications.userId, params.userId), isNull(notifications.readAt)),
    );
}

export type Preferences = { kinds: DeadlineKind[]; email: boolean; personalEmail: boolean };

export async function savePreferences(tx: Tx, params: Member & Preferences) {
  const chosen = { kinds: params.kinds, email: params.email, personalEmail: params.personalEmail };
  await tx
    .insert(notificationPreferences)
    .values({ organizationId: params.organizationId, userId: params.userId, ...chosen })
    .onConflictDoUpdate({
      target: [notificationPreferences.organizationId, notificationPreferences.userId],
      set: { ...chosen, updatedAt: clock.now() },
    });
}
