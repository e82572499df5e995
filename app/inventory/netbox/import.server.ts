import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/connection.server";
import { organizations, tenants } from "../../../db/schema";
import { recordAudit } from "../../audit/audit.server";
import type { Actor } from "../../auth/auth.server";
import { ingestInventory, type IngestOutcome } from "../ingest.server";
import { patchedRequest } from "../stored.server";
import { mapNetbox, type NetboxData } from "./netbox";

/** Thrown inside the transaction when the ingestion refuses the import, so that created tenants roll back too. */
export class NetboxImportRefused extends Error {
  constructor(readonly report: NetboxImportReport) {
    super("NetBox import refused");
  }
}

export type NetboxImportReport = {
  outcome: IngestOutcome;
  createdTenants: string[];
  warnings: string[];
};

/**
 * Imports a NetBox inventory as the source "netbox" (a snapshot: what NetBox no longer has is marked deleted), in
 * the caller's organisation-scoped transaction. Each object updates only the fields NetBox gives (see netbox.ts:
 * absent keeps, empty clears); the report's outcome lists each update's changes. Tenants unknown to Attest are
 * created, and listed in the report.
 * A snapshot that would delete most of the source is refused unless the operator asked (`confirmMassDelete`,
 * the command line's `--confirm-mass-delete`).
 */
export async function importNetbox(
  tx: Tx,
  params: { organizationId: string; actor: Actor; data: NetboxData; now?: Date; confirmMassDelete?: boolean },
): Promise<NetboxImportReport> {
  const existing = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.organizationId, params.organizationId));
  const mapping = mapNetbox(params.data, new Set(existing.map((t) => t.slug)));
  const [org] = await tx.select({ country: organizations.country }).from(organizations).where(eq(organizations.id, params.organizationId));
  for (const tenant of mapping.tenants) {
    const [created] = await tx
      .insert(tenants)
      .values({
        organizationId: params.organizationId,
        slug: tenant.slug,
        legalName: tenant.name,
        // NetBox does not know these: the operator's country stands in until someone completes the record.
        country: tenant.country ?? org?.country ?? "FR",
        registrationNumber: "to be completed (imported from NetBox)",
        contacts: [],
      })
      .onConflictDoNothing()
      .returning();
    if (!created) continue;
    await recordAudit(tx, {
      organizationId: params.organizationId,
      actor: params.actor,
      action: "tenant.create",
      entityType: "tenant",
      entityId: created.id,
      after: { ...created, origin: "netbox import" },
    });
  }
  const built = await patchedRequest(tx, params.organizationId, {
    source: "netbox",
    mode: "snapshot",
    patches: mapping.assets,
    confirmMassDelete: params.confirmMassDelete === true,
  });
  const outcome: IngestOutcome = built.ok
    ? await ingestInventory(tx, {
        organizationId: params.organizationId,
        actor: params.actor,
        request: built.request,
        diff: true,
        ...(params.now ? { now: params.now } : {}),
      })
    : built;
  const report = { outcome, createdTenants: mapping.tenants.map((t) => t.slug), warnings: mapping.warnings };
  if (!outcome.ok) throw new NetboxImportRefused(report);
  return report;
}
