import { and, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import { anyUuid } from "../../db/sql-lists";
import { agreements, obligationUpdates } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import { enqueueChange } from "../policy-engine/triggers.server";
import type { AgreementContent } from "./content";
import * as clock from "../config/clock";

type OrgParams = { organizationId: string };
export type LastUpdate = { status: "open" | "done"; note: string; author: string; at: string };

/**
 * The obligations as they stand: each version's content with the latest status change recorded outside an
 * amendment applied (and noted on the obligation). The stored versions themselves never change.
 */
export async function withObligationUpdates<T extends { agreementId: string; version: number; content: AgreementContent }>(
  tx: Tx,
  organizationId: string,
  items: T[],
  /** Count only the updates made by this instant (a report's period end). */
  at?: Date,
): Promise<T[]> {
  if (items.length === 0) return items;
  const ids = [...new Set(items.map((i) => i.agreementId))];
  const latest = rowsOf<{
    agreement_id: string;
    version: number;
    obligation_index: number;
    status: "open" | "done";
    note: string;
    author_label: string;
    created_at: string;
  }>(
    await tx.execute(sql`
      select distinct on (agreement_id, version, obligation_index) agreement_id, version, obligation_index, status, note, author_label, created_at::text
      from obligation_updates
      where organization_id = ${organizationId} and agreement_id = ${anyUuid(ids)} ${at ? sql`and created_at <= ${at.toISOString()}::timestamptz` : sql``}
      order by agreement_id, version, obligation_index, created_at desc`),
  );
  if (latest.length === 0) return items;
  const byKey = new Map(latest.map((u) => [`${u.agreement_id}:${u.version}:${u.obligation_index}`, u]));
  return items.map((item) => ({
    ...item,
    content: {
      ...item.content,
      obligations: item.content.obligations.map((o, index) => {
        const update = byKey.get(`${item.agreementId}:${item.version}:${index}`);
        return update
          ? {
              ...o,
              status: update.status,
              lastUpdate: { status: update.status, note: update.note, author: update.author_label, at: update.created_at },
            }
          : o;
      }),
    },
  }));
}

/** Marks an obligation of the current version done or open again, with a note on the evidence; audited. */
export async function recordObligationStatus(
  tx: Tx,
  params: OrgParams & {
    actor: Actor;
    agreementId: string;
    index: number;
    status: "open" | "done";
    note: string;
    content: AgreementContent;
    version: number;
  },
) {
  const obligation = params.content.obligations[params.index];
  if (!obligation) return null;
  const [previous] = await tx
    .select()
    .from(obligationUpdates)
    .where(
      and(
        eq(obligationUpdates.agreementId, params.agreementId),
        eq(obligationUpdates.version, params.version),
        eq(obligationUpdates.obligationIndex, params.index),
      ),
    )
    .orderBy(desc(obligationUpdates.createdAt))
    .limit(1);
  const [update] = await tx
    .insert(obligationUpdates)
    .values({
      organizationId: params.organizationId,
      agreementId: params.agreementId,
      version: params.version,
      obligationIndex: params.index,
      status: params.status,
      note: params.note,
      authorUserId: params.actor.userId,
      authorLabel: params.actor.label,
    })
    .returning();
  await tx.update(agreements).set({ updatedAt: clock.now() }).where(eq(agreements.id, params.agreementId));
  await enqueueChange(tx, params.organizationId, "agreement", params.agreementId, "obligation status");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "agreement.obligation_status",
    entityType: "agreement",
    entityId: params.agreementId,
    before: { obligation: params.index, text: obligation.text, status: previous?.status ?? obligation.status },
    after: { obligation: params.index, text: obligation.text, status: params.status, note: params.note, version: params.version },
  });
  return update ?? null;
}
