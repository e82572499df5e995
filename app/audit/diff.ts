export type FieldChange = { field: string; before: string | null; after: string | null };

const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const show = (value: unknown): string | null => (value === undefined ? null : typeof value === "string" ? value : JSON.stringify(value));

/** The top-level fields an audit entry changed (all of them for a creation or a deletion), in name order. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return fields
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: show(b[field]), after: show(a[field]) }));
}
