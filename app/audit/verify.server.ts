import { and, asc, eq, gt } from "drizzle-orm";
import type { Queryable } from "../../db/connection.server";
import { auditCheckpoints, auditLog, organizations, signingKeys, type AuditCheckpoint } from "../../db/schema";
import { verifySignature } from "../reports/pdf-signature";
import { entryHash, GENESIS_HASH } from "./chain";
import { checkpointMessage } from "./checkpoints.server";

export type ChainBreak = {
  organizationSlug: string;
  seq: number;
  id: string;
  reason: "hash_mismatch" | "prev_hash_mismatch";
};

/**
 * The chain no longer holds what a signed checkpoint saw: entries `from`–`to` (positions in the organisation's chain,
 * 1-based) were deleted (`tail_missing`: the chain now ends at `chainLength`) or rewritten (`tail_rewritten`: the
 * entry at a checkpoint's position has another hash).
 */
export type CheckpointBreak = {
  organizationSlug: string;
  from: number;
  to: number;
  chainLength: number;
  checkpointSignedAt: string;
  checkpointSeq: number;
  reason: "tail_missing" | "tail_rewritten";
};

/** A checkpoint whose signature does not verify with the organisation's key of its id. */
export type BadCheckpoint = { organizationSlug: string; position: number; signedAt: string; source: "database" | "outside copy" };

export type VerifyReport = {
  entries: number;
  organizations: number;
  checkpoints: number;
  /** Checkpoints of the outside copy that the database no longer has (its checkpoints were deleted). */
  checkpointsOnlyOutside: number;
  firstBreak: ChainBreak | null;
  checkpointBreak: CheckpointBreak | null;
  badCheckpoint: BadCheckpoint | null;
};

type Checkpoint = Omit<AuditCheckpoint, "id">;

const PAGE = 5000;

/**
 * Walks every organisation's chain in order and stops at the first entry that does not verify; then checks the
 * chain against the organisation's signed checkpoints (the database's and an outside copy's): each checkpoint's
 * signature, and that the chain still holds the checkpointed entry with the same seq and hash at that position.
 */
export async function verifyAuditChain(db: Queryable, options: { outsideCheckpoints?: Checkpoint[] } = {}): Promise<VerifyReport> {
  const orgs = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations);
  const report: VerifyReport = {
    entries: 0,
    organizations: orgs.length,
    checkpoints: 0,
    checkpointsOnlyOutside: 0,
    firstBreak: null,
    checkpointBreak: null,
    badCheckpoint: null,
  };
  for (const org of orgs) {
    const checkpoints = await checkpointsOf(db, org, options.outsideCheckpoints ?? [], report);
    if (report.badCheckpoint) return report;
    let expectedPrev = GENESIS_HASH;
    let afterSeq = 0;
    let position = 0;
    const failed: Checkpoint[] = [];
    let lastGood = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org.id), gt(auditLog.seq, afterSeq)))
        .orderBy(asc(auditLog.seq))
        .limit(PAGE);
      if (rows.length === 0) break;
      for (const row of rows) {
        report.entries += 1;
        position += 1;
        const breakAt = (reason: ChainBreak["reason"]) => {
          report.firstBreak = { organizationSlug: org.slug, seq: row.seq, id: row.id, reason };
          return report;
        };
        if (row.prevHash !== expectedPrev) return breakAt("prev_hash_mismatch");
        if (entryHash(row) !== row.hash) return breakAt("hash_mismatch");
        for (const c of checkpoints.get(position) ?? []) {
          if (c.headSeq === row.seq && c.headHash === row.hash) {
            if (failed.length === 0) lastGood = position;
          } else failed.push(c);
        }
        expectedPrev = row.hash;
        afterSeq = row.seq;
      }
      if (rows.length < PAGE) break;
    }
    for (const [at, list] of checkpoints) if (at > position) failed.push(...list);
    if (failed.length > 0) {
      const latest = failed.reduce((a, b) => (b.position > a.position ? b : a));
      const rewritten = failed.some((c) => c.position <= position);
      report.checkpointBreak = {
        organizationSlug: org.slug,
        from: rewritten ? lastGood + 1 : position + 1,
        to: latest.position,
        chainLength: position,
        checkpointSignedAt: latest.signedAt.toISOString(),
        checkpointSeq: latest.headSeq,
        reason: rewritten ? "tail_rewritten" : "tail_missing",
      };
      return report;
    }
  }
  return report;
}

/** The organisation's checkpoints by position, the database's and the outside copy's, each signature checked. */
async function checkpointsOf(db: Queryable, org: { id: string; slug: string }, outside: Checkpoint[], report: VerifyReport) {
  const stored = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.organizationId, org.id));
  const keys = await db
    .select({ kid: signingKeys.kid, publicKey: signingKeys.publicKey })
    .from(signingKeys)
    .where(eq(signingKeys.organizationId, org.id));
  const keyOf = new Map(keys.map((k) => [k.kid, k.publicKey]));
  const byPosition = new Map<number, Checkpoint[]>();
  const add = (c: Checkpoint) => byPosition.set(c.position, [...(byPosition.get(c.position) ?? []), c]);
  // An outside checkpoint identical to a stored one adds nothing; any other is checked on its own.
  const identity = (c: Checkpoint) => `${checkpointMessage(c)}|${c.kid}|${c.signature}`;
  const storedIdentities = new Set(stored.map(identity));
  const sources: [Checkpoint, BadCheckpoint["source"]][] = [
    ...stored.map((c) => [c, "database"] as [Checkpoint, BadCheckpoint["source"]]),
    ...outside
      .filter((c) => c.organizationId === org.id && !storedIdentities.has(identity(c)))
      .map((c) => [c, "outside copy"] as [Checkpoint, BadCheckpoint["source"]]),
  ];
  for (const [c, source] of sources) {
    const key = keyOf.get(c.kid);
    if (!key || !verifySignature(key, checkpointMessage(c), c.signature)) {
      report.badCheckpoint = { organizationSlug: org.slug, position: c.position, signedAt: c.signedAt.toISOString(), source };
      return byPosition;
    }
    report.checkpoints += 1;
    if (source === "outside copy") report.checkpointsOnlyOutside += 1;
    add(c);
  }
  return byPosition;
}
