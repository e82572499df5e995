import { describe, expect, it } from "vitest";
import { effectiveStatus, reasonText, summariseEvidence, type EffectiveStatusInput } from "./effective-status";

const TODAY = "2026-11-26";
const base: EffectiveStatusInput = {
  declared: "implemented",
  automated: { passing: 0, failing: 0 },
  evidence: { current: 1, expired: 0 },
  nextReviewOn: "2027-03-31",
  today: TODAY,
};
const judge = (change: Partial<EffectiveStatusInput>) => effectiveStatus({ ...base, ...change });

describe("effectiveStatus", () => {
  it("keeps 'implemented' when current evidence proves it and nothing contradicts it", () => {
    expect(judge({})).toEqual({ status: "implemented", reasons: [] });
    expect(judge({ nextReviewOn: null })).toEqual({ status: "implemented", reasons: [] });
    expect(judge({ nextReviewOn: TODAY })).toEqual({ status: "implemented", reasons: [] });
  });

  it("accepts passing automated checks as proof when there is no evidence file or link", () => {
    expect(judge({ evidence: { current: 0, expired: 0 }, automated: { passing: 2, failing: 0 } })).toEqual({
      status: "implemented",
      reasons: [],
    });
  });

  it("A.5.23: declared implemented with three failing automated checks needs attention", () => {
    expect(judge({ evidence: { current: 0, expired: 0 }, automated: { passing: 0, failing: 3 } })).toEqual({
      status: "needs_attention",
      reasons: [{ code: "automated_checks_failing", count: 3 }],
    });
    // Passing results elsewhere and current evidence do not outweigh a failing one.
    expect(judge({ automated: { passing: 1007, failing: 1 } })).toEqual({
      status: "needs_attention",
      reasons: [{ code: "automated_checks_failing", count: 1 }],
    });
  });

  it("needs attention when evidence has lapsed, even beside a current one", () => {
    expect(judge({ evidence: { current: 0, expired: 1 } })).toEqual({
      status: "needs_attention",
      reasons: [{ code: "evidence_expired", count: 1 }],
    });
    expect(judge({ evidence: { current: 2, expired: 1 } }).status).toBe("needs_attention");
  });

  it("needs attention when nothing proves it", () => {
    expect(judge({ evidence: { current: 0, expired: 0 } })).toEqual({
      status: "needs_attention",
      reasons: [{ code: "no_current_evidence" }],
    });
  });

  it("needs attention once the review date has passed", () => {
    expect(judge({ nextReviewOn: "2026-11-25" })).toEqual({
      status: "needs_attention",
      reasons: [{ code: "review_overdue", since: "2026-11-25" }],
    });
  });

  it("gives every reason that applies, in a fixed order", () => {
    expect(
      judge({ automated: { passing: 0, failing: 2 }, evidence: { current: 0, expired: 1 }, nextReviewOn: "2026-01-01" }).reasons.map(
        (r) => r.code,
      ),
    ).toEqual(["automated_checks_failing", "evidence_expired", "review_overdue"]);
    expect(judge({ evidence: { current: 0, expired: 0 }, nextReviewOn: "2026-01-01" }).reasons.map((r) => r.code)).toEqual([
      "no_current_evidence",
      "review_overdue",
    ]);
  });

  it("leaves partial and not started as declared, with the reasons shown", () => {
    expect(judge({ declared: "partial", automated: { passing: 11, failing: 1 }, nextReviewOn: "2026-09-30" })).toEqual({
      status: "partial",
      reasons: [
        { code: "automated_checks_failing", count: 1 },
        { code: "review_overdue", since: "2026-09-30" },
      ],
    });
    // Lack of proof is no reason for a control that claims nothing.
    expect(judge({ declared: "not_started", evidence: { current: 0, expired: 0 } })).toEqual({ status: "not_started", reasons: [] });
  });

  it("leaves not applicable without reasons", () => {
    expect(
      judge({
        declared: "not_applicable",
        automated: { passing: 0, failing: 4 },
        evidence: { current: 0, expired: 2 },
        nextReviewOn: "2020-01-01",
      }),
    ).toEqual({ status: "not_applicable", reasons: [] });
  });

  it("refuses inputs that are not plain counts and ISO dates", () => {
    expect(() => judge({ today: "26/11/2026" })).toThrow(/today/);
    expect(() => judge({ nextReviewOn: "2027-3-1" })).toThrow(/nextReviewOn/);
    expect(() => judge({ automated: { passing: -1, failing: 0 } })).toThrow(/automated.passing/);
    expect(() => judge({ evidence: { current: 0.5, expired: 0 } })).toThrow(/evidence.current/);
  });

  it("names each reason with an i18n key and its values", () => {
    expect(reasonText({ code: "automated_checks_failing", count: 3 })).toEqual({
      key: "controls.reasons.automated_checks_failing",
      values: { count: 3 },
    });
    expect(reasonText({ code: "review_overdue", since: "2026-09-30" }).values).toEqual({ date: "2026-09-30" });
  });
});

describe("summariseEvidence", () => {
  const v = (lineageId: string, version: number, evidenceDate: string, expiresOn: string | null = null) => ({
    lineageId,
    version,
    evidenceDate,
    expiresOn,
  });

  it("counts the newest version of each lineage, valid through its last day", () => {
    expect(summariseEvidence([v("a", 1, "2025-06-20", "2026-06-20"), v("a", 2, "2026-06-01", "2027-06-01")], TODAY)).toEqual({
      current: 1,
      expired: 0,
    });
    expect(summariseEvidence([v("a", 1, "2025-06-20", "2026-06-20"), v("b", 1, "2026-01-01")], TODAY)).toEqual({ current: 1, expired: 1 });
    expect(summariseEvidence([v("a", 1, "2026-01-01", TODAY)], TODAY)).toEqual({ current: 1, expired: 0 });
    expect(summariseEvidence([v("a", 1, "2026-01-01", "2026-11-25")], TODAY)).toEqual({ current: 0, expired: 1 });
  });

  it("ignores versions dated after the day judged (a period's end sees the evidence of its time)", () => {
    const versions = [v("a", 1, "2025-06-20", "2026-06-20"), v("a", 2, "2026-12-10", "2027-12-10"), v("b", 1, "2030-01-01")];
    expect(summariseEvidence(versions, TODAY)).toEqual({ current: 0, expired: 1 });
    expect(summariseEvidence(versions, "2026-12-31")).toEqual({ current: 1, expired: 0 });
  });
});
