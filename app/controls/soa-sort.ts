import { SortParam, type Sort } from "../ui/sort";
import type { EffectiveStatus } from "./effective-status";

/** The SoA's columns a reader sorts by; the catalogue's own order (A.5.1, A.5.2 … A.8.34) when the address names none. */
export const SOA_SORT_COLUMNS = ["requirement", "status", "owner", "next_review", "evidence"] as const;
export type SoaSortColumn = (typeof SOA_SORT_COLUMNS)[number];
export const DEFAULT_SOA_SORT: Sort<SoaSortColumn> = { column: "requirement", direction: "asc" };
export const SoaSortParam = SortParam(SOA_SORT_COLUMNS, DEFAULT_SOA_SORT);

export type SortableSoaRow = {
  status: EffectiveStatus;
  record: { ownerName: string | null; nextReviewOn: string | null };
  evidence: { current: number };
};

/** By status, ascending reads from what needs acting on to what is done. */
const STATUS_URGENCY: Record<EffectiveStatus, number> = {
  needs_attention: 0,
  not_started: 1,
  partial: 2,
  implemented: 3,
  not_applicable: 4,
};

/** The value a row is ranked by in a column; null (no owner, no review date) is not ranked and goes last either way. */
function valueOf(column: SoaSortColumn, row: SortableSoaRow, index: number): string | number | null {
  switch (column) {
    case "requirement":
      return index;
    case "status":
      return STATUS_URGENCY[row.status];
    case "owner":
      return row.record.ownerName;
    case "next_review":
      return row.record.nextReviewOn;
    case "evidence":
      return row.evidence.current;
  }
}

function compare(a: string | number, b: string | number): number {
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

/** The rows in the chosen order; ties keep the catalogue's order, so the order is stable. */
export function sortSoaRows<R extends SortableSoaRow>(rows: R[], sort: Sort<SoaSortColumn>): R[] {
  const sign = sort.direction === "desc" ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(sort.column, row, index) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      return sign * compare(a.value, b.value) || a.index - b.index;
    })
    .map((r) => r.row);
}
