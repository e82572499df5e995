import { count, desc, eq } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { auditLog, memberships, tenants } from "../../db/schema";
import { controlsOverview } from "../controls/controls.server";

export async function dashboardSummary(
  tx: Tx,
  params: {
    organizationId: string;
    includeMembers: boolean;
    includeAudit: boolean;
    includeControls?: boolean;
    today?: string;
    /** The reader's language, for the frameworks' names. */
    locale?: string;
  },
) {
  const [tenantCount] = await tx.select({ value: count() }).from(tenants).where(eq(tenants.organizationId, params.organizationId));
  const [memberCount] = params.includeMembers
    ? await tx.select({ value: count() }).from(memberships).where(eq(memberships.organizationId, params.organizationId))
    : [];
  const recentChanges = params.includeAudit
    ? await tx
        .select({
          seq: auditLog.seq,
          action: auditLog.action,
          actorLabel: auditLog.actorLabel,
          createdAt: auditLog.createdAt,
        })
        .from(auditLog)
        .where(eq(auditLog.organizationId, params.organizationId))
        .orderBy(desc(auditLog.seq))
        .limit(5)
    : [];
  // Counted by effective status (app/controls/effective-status.ts), never by what was declared.
  const controls =
    params.includeControls && params.today
      ? await controlsOverview(tx, { organizationId: params.organizationId, today: params.today, locale: params.locale })
      : null;
  return { tenants: tenantCount?.value ?? 0, members: memberCount?.value ?? null, recentChanges, controls };
}
