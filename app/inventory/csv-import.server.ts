import type { Db, Tx } from "../../db/connection.server";
import type { Actor } from "../auth/auth.server";
import { parseInventoryCsv } from "./csv.server";
import { dryRun, ingestInventory, type IngestOutcome } from "./ingest.server";
import { MAX_ASSETS_PER_REQUEST, type IngestRequest } from "./ingest-schema";
import type { ImportReview } from "./import-form";
import type { AssetKind } from "./kinds";
import { isClear } from "./patch";
import { patchedRequest } from "./stored.server";

export type CsvImport = {
  organizationId: string;
  actor: Actor;
  kind: AssetKind;
  source: string;
  mode: IngestRequest["mode"];
  csv: string;
  confirmMassDelete?: boolean;
  /** A confirmation: write only the plan its preview showed (else the outcome is `stale`). */
  expectedFingerprint?: string;
};

/**
 * One CSV file through the ingestion: each row merged onto its stored asset (empty cells keep, the clear marker
 * erases), with each update's changes field by field. The preview and the confirmation both run this.
 */
export async function importCsv(tx: Tx, input: CsvImport): Promise<{ rows: number; outcome: IngestOutcome }> {
  const { organizationId, kind, source, mode } = input;
  const { patches, errors } = parseInventoryCsv(kind, input.csv);
  const rows = patches.length;
  if (errors.length > 0) return { rows, outcome: { ok: false, errors } };
  if (rows > MAX_ASSETS_PER_REQUEST) {
    const message = `more than ${MAX_ASSETS_PER_REQUEST} rows`;
    return {
      rows,
      outcome: {
        ok: false,
        errors: [{ path: "file", message, code: "inventory.import.tooManyRows", params: { max: MAX_ASSETS_PER_REQUEST } }],
      },
    };
  }
  const built = await patchedRequest(tx, organizationId, { source, mode, patches, confirmMassDelete: input.confirmMassDelete === true });
  if (!built.ok) return { rows, outcome: built };
  const outcome = await ingestInventory(tx, {
    organizationId,
    actor: input.actor,
    request: built.request,
    diff: true,
    ...(input.expectedFingerprint !== undefined ? { expectedFingerprint: input.expectedFingerprint } : {}),
  });
  return { rows, outcome };
}

/** The import as it would commit, rolled back: what the preview shows. */
export function previewCsvImport(db: Db, input: CsvImport) {
  return dryRun(db, input.organizationId, (tx) => importCsv(tx, input));
}

/** How much of a preview's detail the page shows; the rest is counted. */
export const SHOWN_CHANGES = 100;
export const SHOWN_CLEARS = 100;

/** A successful dry run as the preview shows it: every erased value counted, the first updates and erasures listed. */
export function reviewOf(outcome: Extract<IngestOutcome, { ok: true }>): ImportReview {
  const { created, updated, unchanged, deleted } = outcome;
  const changes = outcome.changes ?? [];
  const clears = changes.flatMap((c) =>
    c.fields.filter(isClear).map((f) => ({ externalId: c.externalId, name: c.name, field: f.field, before: f.before ?? "" })),
  );
  return {
    counts: { created, updated, unchanged, deleted },
    changes: changes.slice(0, SHOWN_CHANGES),
    moreChanges: Math.max(0, changes.length - SHOWN_CHANGES),
    clears: clears.slice(0, SHOWN_CLEARS),
    clearCount: clears.length,
  };
}
