import type { Tx } from "../../db/connection.server";
import * as clock from "../config/clock";
import type { Sort } from "../ui/sort";
import { listAgreements } from "./agreements.server";
import { partyNames } from "./compare.server";
import type { AgreementContent } from "./content";

type Obligation = AgreementContent["obligations"][number];

export const OBLIGATION_SORTS = ["due", "agreement", "party", "status"] as const;
export type ObligationSort = Sort<(typeof OBLIGATION_SORTS)[number]>;
export const DEFAULT_OBLIGATION_SORT: ObligationSort = { column: "due", direction: "asc" };

export type ObligationFilters = {
  /** Contained (any case) in the obligation's text, its agreement's title or the name of the party bound. */
  q?: string | undefined;
  status?: Obligation["status"] | undefined;
  /** Only open obligations whose due date has passed. */
  overdue?: boolean | undefined;
};

export type RegisterObligation = {
  agreementId: string;
  agreementTitle: string;
  index: number;
  text: string;
  /** The party bound, by name (null when it cannot be named: a party this reader may not see). */
  party: string | null;
  partyKind: AgreementContent["parties"][number]["kind"] | null;
  dueOn: string | null;
  /** Days from today to the due date (negative when past), null without a due date. */
  days: number | null;
  overdue: boolean;
  recurrence: Obligation["recurrence"];
  owner: string | null;
  status: Obligation["status"];
};

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / clock.DAY_MS);
}

/** Nulls last whichever the direction. */
function nullsLast<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number, sign: 1 | -1): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return sign * compare(a, b);
}

function comparator(sort: ObligationSort) {
  const sign = sort.direction === "asc" ? 1 : -1;
  const primary = (a: RegisterObligation, b: RegisterObligation): number => {
    switch (sort.column) {
      case "due":
        return nullsLast(a.dueOn, b.dueOn, (x, y) => (x < y ? -1 : x > y ? 1 : 0), sign);
      case "agreement":
        return sign * collator.compare(a.agreementTitle, b.agreementTitle);
      case "party":
        return nullsLast(a.party, b.party, collator.compare, sign);
      case "status":
        return sign * (a.status === b.status ? 0 : a.status === "open" ? -1 : 1);
    }
  };
  // Stable whatever the column: the agreement, then the obligation's place in it.
  return (a: RegisterObligation, b: RegisterObligation) =>
    primary(a, b) || (a.agreementId < b.agreementId ? -1 : a.agreementId > b.agreementId ? 1 : 0) || a.index - b.index;
}

/**
 * Every obligation of the current (not archived) agreements the reader may see, as they stand: `listAgreements`
 * applies the status changes recorded since signing (`withObligationUpdates`), the rule the agreement page and
 * GET /api/v1/obligations follow. Filtered and sorted over the whole list; the caller pages it.
 */
export async function listObligations(
  tx: Tx,
  params: { organizationId: string; today?: string; filters?: ObligationFilters; sort?: ObligationSort },
): Promise<RegisterObligation[]> {
  const today = params.today ?? clock.today();
  const f = params.filters ?? {};
  const rows = await listAgreements(tx, { organizationId: params.organizationId });
  // Row-level security limits a tenant member to the operator, its own tenant and the counterparties.
  const names = await partyNames(tx, { organizationId: params.organizationId });
  const all = rows.flatMap(({ agreement, content }) => {
    const c = content as AgreementContent;
    return c.obligations.map((o, index): RegisterObligation => {
      const party = c.parties[o.party];
      const days = o.dueOn ? daysBetween(today, o.dueOn) : null;
      return {
        agreementId: agreement.id,
        agreementTitle: agreement.title,
        index,
        text: o.text,
        party: party ? names(`${party.kind}:${party.id}`) : null,
        partyKind: party?.kind ?? null,
        dueOn: o.dueOn,
        days,
        overdue: o.status === "open" && days !== null && days < 0,
        recurrence: o.recurrence,
        owner: o.owner,
        status: o.status,
      };
    });
  });
  const q = f.q?.trim().toLocaleLowerCase();
  const shown = all.filter(
    (o) =>
      (!f.status || o.status === f.status) &&
      (!f.overdue || o.overdue) &&
      (!q || [o.text, o.agreementTitle, o.party ?? ""].some((s) => s.toLocaleLowerCase().includes(q))),
  );
  return shown.sort(comparator(params.sort ?? DEFAULT_OBLIGATION_SORT));
}
