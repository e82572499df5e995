import { z } from "zod";
import { ASSET_KINDS } from "./kinds";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export const ImportFieldsSchema = z.object({
  kind: z.enum(ASSET_KINDS, { error: "inventory.import.kindRequired" }),
  source: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, { error: "inventory.import.sourceInvalid" }),
  mode: z.enum(["upsert", "snapshot"], { error: "validation.required" }),
});
export type ImportFields = z.infer<typeof ImportFieldsSchema>;

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
