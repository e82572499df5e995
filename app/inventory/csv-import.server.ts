import type { Db, Tx } from "../../db/connection.server";
import type { Actor } from "../auth/auth.server";
import { parseInventoryCsv } from "./csv.server";
import { dryRun, ingestInventory, type IngestOutcome } from "./ingest.server";
import { ingestError, MAX_ASSETS_PER_REQUEST, type IngestError, type IngestRequest } from "./ingest-schema";
import { locateError, type ImportReview } from "./import-form";
import { ASSET_KINDS, type AssetKind } from "./kinds";
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
 * A row's problem as the import page shows it: its key, with the line of the file and the column among its values
 * (the header is line 1), whoever found it (the file's reading, the ingestion's schema, its references).
 */
export function onFileLines(errors: IngestError[]): IngestError[] {
  return errors.map((error) => {
    if (error.index === undefined) return error;
    const { line, field } = locateError(error);
    const column = typeof error.params?.field === "string" ? error.params.field : field;
    return { ...error, params: { line: line ?? 1, column, ...error.params } };
  });
}

/**
 * One CSV file through the ingestion: each row merged onto its stored asset (empty cells keep, the clear marker
 * erases), with each update's changes field by field. The preview and the confirmation both run this.
 */
export async function importCsv(tx: Tx, input: CsvImport): Promise<{ rows: number; outcome: IngestOutcome }> {
  const { organizationId, kind, source, mode } = input;
  // The page's form only offers known kinds; anything else (a tampered form, a caller's mistake) is said so.
  if (!(ASSET_KINDS as readonly string[]).includes(kind)) {
    return { rows: 0, outcome: { ok: false, errors: [ingestError({ path: "kind", code: "inventory.import.kindRequired" })] } };
  }
  const { patches, errors } = parseInventoryCsv(kind, input.csv);
  const rows = patches.length;
  if (errors.length > 0) return { rows, outcome: { ok: false, errors: onFileLines(errors) } };
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
  if (!built.ok) return { rows, outcome: { ...built, errors: onFileLines(built.errors) } };
  const outcome = await ingestInventory(tx, {
    organizationId,
    actor: input.actor,
    request: built.request,
    diff: true,
    ...(input.expectedFingerprint !== undefined ? { expectedFingerprint: input.expectedFingerprint } : {}),
  });
  return { rows, outcome: outcome.ok ? outcome : { ...outcome, errors: onFileLines(outcome.errors) } };
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
