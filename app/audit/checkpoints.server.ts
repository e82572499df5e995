// Signed checkpoints of each organisation's audit chain head (docs/decisions/004-audit-chain.md). The chain alone
// cannot show that its newest entries were deleted, or that its whole tail was rewritten with consistent hashes: a
// checkpoint signs the head's position, seq and hash with the organisation's Ed25519 key, is kept in an append-only
// table and published (/.well-known/attest-audit-checkpoints/{slug}) so that outside parties keep copies, and
// verification (./verify.server.ts) checks the chain against every checkpoint.
import type { Logger } from "pino";
import { z } from "zod";
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Db, Queryable, Tx } from "../../db/connection.server";
import { withSystem } from "../../db/connection.server";
import { auditCheckpoints, auditLog, organizations, type AuditCheckpoint } from "../../db/schema";
import type { Actor } from "../auth/auth.server";
import * as clock from "../config/clock";
import { startPoller, type Poller } from "../jobs/poller.server";
import { activeSigningKey, signWithKey } from "../reports/signing-keys.server";
import { entryHash } from "./chain";

export const CHECKPOINT_VERSION = "attest-audit-checkpoint:v1";
/** Minutes between periodic checkpoints (one is written only when the head moved). */
export const CHECKPOINT_EVERY_MINUTES = 10;

export type CheckpointFields = { organizationId: string; position: number; headSeq: number; headHash: string; signedAt: Date };

/** The exact string a checkpoint's Ed25519 signature covers. */
export function checkpointMessage(c: CheckpointFields): string {
  return [CHECKPOINT_VERSION, c.organizationId, c.position, c.headSeq, c.headHash, c.signedAt.toISOString()].join(":");
}

export type AuditHead = { seq: number; hash: string };

/** The organisation's newest audit entry (seq and hash), or null when its chain is empty; `at`: the newest written by then. */
export async function auditHead(tx: Queryable, organizationId: string, at?: Date): Promise<AuditHead | null> {
  const [head] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), at ? lte(auditLog.createdAt, at) : undefined))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return head ?? null;
}

/** A checkpoint that would sign a chain which does not extend the previous checkpoint, or does not verify. */
export class CheckpointRefused extends Error {}

const PAGE = 5000;

/**
 * Checks the entries after `from` (the previous checkpoint, or the start of the chain) up to the head: each links to
 * the one before and hashes to what it stores. Returns the head's position.
 */
async function checkSegment(tx: Tx, organizationId: string, from: { position: number; seq: number; hash: string } | null, head: AuditHead) {
  let position = from?.position ?? 0;
  let afterSeq = from?.seq ?? 0;
  let expectedPrev: string | null = from?.hash ?? null;
  for (;;) {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, organizationId), gt(auditLog.seq, afterSeq), lte(auditLog.seq, head.seq)))
      .orderBy(asc(auditLog.seq))
      .limit(PAGE);
    for (const row of rows) {
      if (expectedPrev !== null && row.prevHash !== expectedPrev) throw new CheckpointRefused(`entry seq=${row.seq} does not link`);
      if (entryHash(row) !== row.hash) throw new CheckpointRefused(`entry seq=${row.seq} does not hash to its stored hash`);
      position += 1;
      expectedPrev = row.hash;
      afterSeq = row.seq;
    }
    if (rows.length < PAGE) break;
  }
  if (afterSeq !== head.seq) throw new CheckpointRefused(`the head seq=${head.seq} was not reached`);
  return position;
}

/**
 * Signs a checkpoint of the organisation's current head, inside the caller's transaction; null when the chain is
 * empty or the head has not moved since the last checkpoint. Refuses (CheckpointRefused) when the chain no longer
 * holds the last checkpoint's entry, or an entry since then does not verify: a checkpoint never anchors a tail that
 * was already tampered with.
 */
export async function writeCheckpoint(
  tx: Tx,
  params: { organizationId: string; actor: Actor; kek: Buffer },
): Promise<AuditCheckpoint | null> {
  // The key first: creating the organisation's first key is itself audited, which moves the head.
  const key = await activeSigningKey(tx, params);
  // The same lock as recordAudit: the head cannot move while it is checkpointed, and two instances take turns.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${params.organizationId}, 0))`);
  const head = await auditHead(tx, params.organizationId);
  if (!head) return null;
  const [last] = await tx
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.organizationId, params.organizationId))
    .orderBy(desc(auditCheckpoints.position))
    .limit(1);
  if (last && last.headSeq === head.seq && last.headHash === head.hash) return null;
  if (last) {
    const [anchored] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, params.organizationId), eq(auditLog.seq, last.headSeq)));
    if (anchored?.hash !== last.headHash)
      throw new CheckpointRefused(`the entry of the checkpoint at position ${last.position} (seq=${last.headSeq}) is missing or rewritten`);
  }
  const position = await checkSegment(
    tx,
    params.organizationId,
    last ? { position: last.position, seq: last.headSeq, hash: last.headHash } : null,
    head,
  );
  const fields = { organizationId: params.organizationId, position, headSeq: head.seq, headHash: head.hash, signedAt: clock.now() };
  const { kid, signature } = signWithKey(key, params.kek, Buffer.from(checkpointMessage(fields)));
  const [written] = await tx
    .insert(auditCheckpoints)
    .values({ ...fields, kid, signature })
    .returning();
  return written!;
}

const checkpointActor: Actor = { userId: null, label: "audit checkpoints" };

/** One checkpoint per organisation whose head moved, each in its own transaction; a refusal is logged, not thrown. */
export async function writeCheckpoints(db: Db, params: { kek: Buffer; log?: Logger }) {
  const orgs = await withSystem(db, (tx) => tx.select({ id: organizations.id, slug: organizations.slug }).from(organizations));
  const result = { written: 0, unchanged: 0, refused: [] as { organizationSlug: string; reason: string }[] };
  for (const org of orgs) {
    try {
      const written = await withSystem(db, (tx) =>
        writeCheckpoint(tx, { organizationId: org.id, actor: checkpointActor, kek: params.kek }),
      );
      if (written) result.written += 1;
      else result.unchanged += 1;
    } catch (error) {
      if (!(error instanceof CheckpointRefused)) throw error;
      params.log?.error({ event: "audit_checkpoint_refused", organization: org.slug, reason: error.message }, "audit checkpoint refused");
      result.refused.push({ organizationSlug: org.slug, reason: error.message });
    }
  }
  return result;
}

/** Writes checkpoints at start and every CHECKPOINT_EVERY_MINUTES. */
export function startCheckpointWorker(db: Db, params: { kek: Buffer; log: Logger; pollMs?: number }): Poller {
  return startPoller("audit checkpoints", async () => void (await writeCheckpoints(db, params)), {
    pollMs: params.pollMs ?? CHECKPOINT_EVERY_MINUTES * 60_000,
    log: params.log,
  });
}

/** A checkpoint as published (and as an outside copy hands it back to `npm run audit:verify -- --checkpoints`). */
export const publishedCheckpointSchema = z.object({
  organization_id: z.uuid(),
  position: z.number().int().positive(),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signed_at: z.iso.datetime(),
  kid: z.string().min(1),
  alg: z.literal("EdDSA"),
  signature: z.string().min(1),
  /** The exact string the signature covers (see checkpointMessage); informative, the verifier rebuilds it. */
  signed: z.string().optional(),
});
export type PublishedCheckpoint = z.infer<typeof publishedCheckpointSchema>;

export function publishCheckpoint(c: AuditCheckpoint): PublishedCheckpoint {
  return {
    organization_id: c.organizationId,
    position: c.position,
    seq: c.headSeq,
    hash: c.headHash,
    signed_at: c.signedAt.toISOString(),
    kid: c.kid,
    alg: "EdDSA",
    signature: c.signature,
    signed: checkpointMessage(c),
  };
}

/** Reads a published checkpoint back (an outside copy); the signature is checked by the verifier. */
export function unpublishCheckpoint(p: PublishedCheckpoint): Omit<AuditCheckpoint, "id"> {
  return {
    organizationId: p.organization_id,
    position: p.position,
    headSeq: p.seq,
    headHash: p.hash,
    signedAt: new Date(p.signed_at),
    kid: p.kid,
    signature: p.signature,
  };
}

/** An organisation's checkpoints as published at /.well-known/attest-audit-checkpoints/{slug}, oldest first. */
export async function publishedCheckpoints(db: Queryable, slug: string) {
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  if (!org) return null;
  const rows = await db
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.organizationId, org.id))
    .orderBy(asc(auditCheckpoints.position));
  return { organization: org, keys: "/.well-known/attest-keys.json", checkpoints: rows.map(publishCheckpoint) };
}
