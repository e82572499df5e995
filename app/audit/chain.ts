import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  id: string;
  organizationId: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
  prevHash: string;
};

/** SHA-256 over the RFC 8785 canonical JSON of the entry, which includes the previous entry's hash. */
export function entryHash(entry: ChainedFields): string {
  // Named fields only: rows read back carry seq and hash, which are not part of what is hashed.
  const canonical = canonicalize({
    id: entry.id,
    organizationId: entry.organizationId,
    actorUserId: entry.actorUserId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    createdAt: entry.createdAt.toISOString(),
    prevHash: entry.prevHash,
  });
  if (canonical === undefined) throw new Error("Audit entry cannot be canonicalised");
  return createHash("sha256").update(canonical).digest("hex");
}

/** Dates become ISO strings and undefined disappears, exactly as they will come back from JSONB. */
export function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
