import { z } from "zod";
import { ASSET_KINDS } from "./kinds";
import type { FieldChange } from "./patch";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/**
 * The marker a partial source writes to erase a value (a CSV cell). The same in every language, so that one file
 * means the same thing whoever fills it; a real value can never be exactly "(clear)".
 */
export const CLEAR_MARKER = "(clear)";
export const isClearMarker = (cell: string) => cell.trim().toLowerCase() === CLEAR_MARKER;

export const ImportFieldsSchema = z.object({
  kind: z.enum(ASSET_KINDS, { error: "inventory.import.kindRequired" }),
  source: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, { error: "inventory.import.sourceInvalid" }),
  mode: z.enum(["upsert", "snapshot"], { error: "validation.required" }),
});
export type ImportFields = z.infer<typeof ImportFieldsSchema>;

/**
 * What the confirmation brings back from the preview: the very file that was checked (not a new upload) and the
 * fingerprint of the plan shown, so that the import writes that plan or nothing.
 */
export const ConfirmPayloadSchema = ImportFieldsSchema.extend({
  csv: z.string().min(1).max(MAX_CSV_BYTES),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ConfirmPayload = z.infer<typeof ConfirmPayloadSchema>;

/** The JSON a form field carries, or undefined when it is missing or not JSON (a tampered or truncated payload). */
export function jsonOf(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** "assets[3].attributes.gpu_count" → { line: 5, field: "gpu_count" } (the header is line 1). */
export function locateError(error: { index?: number | undefined; path: string }) {
  const field = error.path.replace(/^assets\[\d+\]\.?/, "").replace(/^attributes\./, "") || "—";
  return { line: error.index === undefined ? null : error.index + 2, field };
}

type Counts = { created: number; updated: number; unchanged: number; deleted: number };
export type ClearRow = { externalId: string; name: string; field: string; before: string };

/** What a preview shows: the counts, the first updates field by field, and the values it erases (first ones listed). */
export type ImportReview = {
  counts: Counts;
  changes: { kind: string; externalId: string; name: string; restored: boolean; fields: FieldChange[] }[];
  moreChanges: number;
  clears: ClearRow[];
  clearCount: number;
};

/** A change's field as its CSV column ("attributes.vendor" → "vendor"). */
export const columnOf = (field: string) => field.replace(/^attributes\./, "");
