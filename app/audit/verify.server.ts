import { and, asc, eq, gt } from "drizzle-orm";
import type { Queryable } from "../../db/connection.server";
import { auditLog, organizations } from "../../db/schema";
import { entryHash, GENESIS_HASH } from "./chain";

export type ChainBreak = {
  organizationSlug: string;
  seq: number;
  id: string;
  reason: "hash_mismatch" | "prev_hash_mismatch";
};

export type VerifyReport = { entries: number; organizations: number; firstBreak: ChainBreak | null };

const PAGE = 5000;

/** Walks every organisation's chain in order and stops at the first entry that does not verify. */
export async function verifyAuditChain(db: Queryable): Promise<VerifyReport> {
  const orgs = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations);
  let entries = 0;
  for (const org of orgs) {
    let expectedPrev = GENESIS_HASH;
    let afterSeq = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org.id), gt(auditLog.seq, afterSeq)))
        .orderBy(asc(auditLog.seq))
        .limit(PAGE);
      if (rows.length === 0) break;
      for (const row of rows) {
        entries += 1;
        const breakAt = (reason: ChainBreak["reason"]) => ({
          entries,
          organizations: orgs.length,
          firstBreak: { organizationSlug: org.slug, seq: row.seq, id: row.id, reason },
        });
        if (row.prevHash !== expectedPrev) return breakAt("prev_hash_mismatch");
        if (entryHash(row) !== row.hash) return breakAt("hash_mismatch");
        expectedPrev = row.hash;
        afterSeq = row.seq;
      }
      if (rows.length < PAGE) break;
    }
  }
  return { entries, organizations: orgs.length, firstBreak: null };
}
