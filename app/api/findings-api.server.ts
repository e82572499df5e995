import { z } from "zod";
import { FINDING_STATUSES, type EvaluationRun, type Finding } from "../../db/schema";
import { SEVERITIES } from "../policy-engine/policy-schema";
import { apiError } from "./api.server";

export const FindingsApiQuery = z
  .object({
    status: z.enum([...FINDING_STATUSES, "live"]).default("live"),
    severity: z.enum(SEVERITIES).optional(),
    tenant: z.string().max(100).optional(),
    policy: z.string().max(200).optional(),
    framework: z.string().max(100).optional(),
    site: z.uuid().optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const Cursor = z.object({ t: z.iso.datetime({ offset: true }), id: z.uuid() });
export const encodeFindingCursor = (f: Finding) =>
  Buffer.from(JSON.stringify({ t: f.firstSeenAt.toISOString(), id: f.id })).toString("base64url");
export function decodeFindingCursor(request: Request, cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw apiError(request, 400, "invalid_query", "api.errors.invalidCursor");
  }
}

export function findingJson(f: Finding, tenantSlug: string | null) {
  return {
    id: f.id,
    policy_id: f.policyId,
    severity: f.severity,
    status: f.status,
    resource: { type: f.resourceType, kind: f.resourceKind, id: f.resourceId, name: f.resourceName },
    tenant: tenantSlug,
    message: f.message,
    evidence: f.evidence,
    first_seen_at: f.firstSeenAt.toISOString(),
    last_seen_at: f.lastSeenAt.toISOString(),
    resolved_at: f.resolvedAt?.toISOString() ?? null,
  };
}

export function runJson(r: EvaluationRun) {
  return {
    id: r.id,
    trigger: r.trigger,
    scope: r.scope,
    status: r.status,
    requested_by: r.requestedBy,
    queued_at: r.queuedAt.toISOString(),
    started_at: r.startedAt?.toISOString() ?? null,
    finished_at: r.finishedAt?.toISOString() ?? null,
    policy_set_hash: r.policySetHash,
    inventory_version: r.inventoryVersion,
    counts: r.counts,
    error: r.error,
  };
}
