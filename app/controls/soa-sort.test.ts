import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SoaSortParam, sortSoaRows, type SortableSoaRow } from "./soa-sort";

const row = (id: string, status: SortableSoaRow["status"], ownerName: string | null, nextReviewOn: string | null, current: number) => ({
  id,
  status,
  record: { ownerName, nextReviewOn },
  evidence: { current },
});
const ROWS = [
  row("A.5.1", "implemented", "Inès", "2027-01-10", 2),
  row("A.5.2", "needs_attention", null, null, 0),
  row("A.5.3", "partial", "Bruno", "2026-12-20", 1),
  row("A.5.4", "needs_attention", "Bruno", "2026-12-05", 3),
];
const ids = (sort: string) => sortSoaRows(ROWS, z.object({ sort: SoaSortParam }).parse({ sort }).sort).map((r) => r.id);

describe("sorting the statement of applicability", () => {
  it("keeps the catalogue's order by default and reverses it on request", () => {
    expect(ids("")).toEqual(["A.5.1", "A.5.2", "A.5.3", "A.5.4"]);
    expect(ids("-requirement")).toEqual(["A.5.4", "A.5.3", "A.5.2", "A.5.1"]);
  });

  it("puts what needs attention first by status, ties in catalogue order", () => {
    expect(ids("status")).toEqual(["A.5.2", "A.5.4", "A.5.3", "A.5.1"]);
    expect(ids("-status")).toEqual(["A.5.1", "A.5.3", "A.5.2", "A.5.4"]);
  });

  it("ranks owners and review dates, leaving a missing one last in both directions", () => {
    expect(ids("owner")).toEqual(["A.5.3", "A.5.4", "A.5.1", "A.5.2"]);
    expect(ids("-next_review")).toEqual(["A.5.1", "A.5.3", "A.5.4", "A.5.2"]);
    expect(ids("next_review")).toEqual(["A.5.4", "A.5.3", "A.5.1", "A.5.2"]);
    expect(ids("-evidence")).toEqual(["A.5.4", "A.5.1", "A.5.3", "A.5.2"]);
  });
});
