import { diffWords } from "diff";
import type { MessageKey } from "../i18n/keys";
import {
  AGREEMENT_TYPE_LABEL,
  OBLIGATION_STATUS_LABEL,
  PARTY_ROLE_LABEL,
  RECURRENCE_LABEL,
  SIGNATURE_LABEL,
  SUB_PROCESSING_LABEL,
} from "../i18n/labels";
import type { AgreementContent, Party } from "./content";

// Two versions of an agreement compared as a contract tool's redline reads: section by section, each change named by
// its clause or term ("Notice period"), parties and the parties of obligations by name, values as the reader writes
// them. This file says *what* changed, as data (a stable code, a label key, typed values); compare-text.ts and
// version-changes.tsx say it in the reader's language. No path of the stored JSON ever reaches the reader: every
// stored field has a label here, and compare.test.ts fails on one that has not.

/** The sections of a comparison, in the order of the agreement page and the form. */
export const CHANGE_SECTIONS = ["general", "parties", "term", "law", "locations", "clauses", "obligations"] as const;
export type ChangeSection = (typeof CHANGE_SECTIONS)[number];

export type PartyKind = Party["kind"];

/** A value as the reader will see it, before translation. */
export type Shown =
  | { kind: "text"; text: string }
  | { kind: "date"; date: string }
  | { kind: "months"; count: number }
  | { kind: "days"; count: number }
  | { kind: "years"; count: number }
  | { kind: "racks"; count: number }
  | { kind: "quantity"; value: number; unit: "MW" | "GPU" | "h" }
  | { kind: "percent"; value: number }
  | { kind: "money"; value: number; currency: string | null }
  | { kind: "label"; key: MessageKey }
  | { kind: "country"; code: string }
  | { kind: "locations"; codes: string[] }
  /** A party by name (by its kind when it is no longer known), with its role in the agreement when that is news. */
  | { kind: "party"; name: string | null; partyKind: PartyKind; role?: MessageKey }
  | { kind: "obligation"; party: string | null; text: string; dueOn: string | null; recurrence: MessageKey };

/** A piece of a word-level comparison of two texts. */
export type WordPart = { text: string; change: "same" | "added" | "removed" };

export type AgreementChange = {
  /** Stable, for machines (the API): "terms.noticeDays", "party.added", "obligation.text"… never shown to a reader. */
  code: string;
  section: ChangeSection;
  change: "added" | "removed" | "changed";
  label: MessageKey;
  /** Whom or what the change is about, when the label alone does not say: a party, an obligation. */
  about?: { kind: "party"; name: string | null; partyKind: PartyKind } | { kind: "obligation"; party: string | null; text: string };
  before: Shown | null;
  after: Shown | null;
  /** The two texts word by word, for a long text changed on both sides. */
  words?: WordPart[];
};

/** Party names by reference ("tenant:<uuid>"); a party no longer known is named by its kind. */
export type PartyNames = (ref: string) => string | null;

type Field = {
  /** The stored path ("terms.noticeDays"), which is also the change's code. */
  path: string;
  section: ChangeSection;
  label: MessageKey;
  read: (c: AgreementContent) => unknown;
  show: (v: never, c: AgreementContent) => Shown;
  long?: boolean;
};

const field = <V>(
  path: string,
  section: ChangeSection,
  label: MessageKey,
  read: (c: AgreementContent) => V | null | undefined,
  show: (v: V, c: AgreementContent) => Shown,
  long = false,
): Field => ({ path, section, label, read, show: show as Field["show"], long });

const text = (v: string): Shown => ({ kind: "text", text: v });
const date = (v: string): Shown => ({ kind: "date", date: v });

/** The agreement's own fields (the parties and obligations are lists, compared below), in reading order. */
export const AGREEMENT_FIELDS: readonly Field[] = [
  field("title", "general", "agreements.changes.fields.title", (c) => c.title, text),
  field(
    "type",
    "general",
    "agreements.changes.fields.type",
    (c) => c.type,
    (v) => ({ kind: "label", key: AGREEMENT_TYPE_LABEL[v] }),
  ),
  field("terms.effectiveDate", "term", "agreements.changes.fields.effectiveDate", (c) => c.terms.effectiveDate, date),
  field(
    "terms.termMonths",
    "term",
    "agreements.changes.fields.termMonths",
    (c) => c.terms.termMonths,
    (v) => ({ kind: "months", count: v }),
  ),
  field(
    "terms.autoRenew",
    "term",
    "agreements.changes.fields.autoRenew",
    (c) => c.terms.autoRenew,
    (v) => ({ kind: "label", key: v ? "controls.yes" : "controls.no" }),
  ),
  field(
    "terms.renewalTermMonths",
    "term",
    "agreements.changes.fields.renewalTermMonths",
    (c) => c.terms.renewalTermMonths,
    (v) => ({ kind: "months", count: v }),
  ),
  field(
    "terms.noticeDays",
    "term",
    "agreements.changes.fields.noticeDays",
    (c) => c.terms.noticeDays,
    (v) => ({ kind: "days", count: v }),
  ),
  field(
    "terms.governingLaw",
    "law",
    "agreements.changes.fields.governingLaw",
    (c) => c.terms.governingLaw,
    (v) => ({ kind: "country", code: v }),
  ),
  field(
    "terms.value",
    "law",
    "agreements.changes.fields.value",
    (c) => c.terms.value,
    (v, c) => ({ kind: "money", value: v, currency: c.terms.currency }),
  ),
  field("terms.currency", "law", "agreements.changes.fields.currency", (c) => c.terms.currency, text),
  field(
    "clauses.dataLocation",
    "locations",
    "agreements.changes.fields.dataLocation",
    (c) => c.clauses.dataLocation,
    (v) => ({ kind: "locations", codes: v }),
  ),
  field(
    "clauses.capacity.mw",
    "clauses",
    "agreements.changes.fields.capacityMw",
    (c) => c.clauses.capacity?.mw,
    (v) => ({ kind: "quantity", value: v, unit: "MW" }),
  ),
  field(
    "clauses.capacity.racks",
    "clauses",
    "agreements.changes.fields.capacityRacks",
    (c) => c.clauses.capacity?.racks,
    (v) => ({ kind: "racks", count: v }),
  ),
  field(
    "clauses.capacity.gpus",
    "clauses",
    "agreements.changes.fields.capacityGpus",
    (c) => c.clauses.capacity?.gpus,
    (v) => ({ kind: "quantity", value: v, unit: "GPU" }),
  ),
  field(
    "clauses.slaAvailability",
    "clauses",
    "agreements.changes.fields.slaAvailability",
    (c) => c.clauses.slaAvailability,
    (v) => ({ kind: "percent", value: v }),
  ),
  field(
    "clauses.breachNotificationHours",
    "clauses",
    "agreements.changes.fields.breachNotificationHours",
    (c) => c.clauses.breachNotificationHours,
    (v) => ({ kind: "quantity", value: v, unit: "h" }),
  ),
  field(
    "clauses.subProcessing",
    "clauses",
    "agreements.changes.fields.subProcessing",
    (c) => c.clauses.subProcessing,
    (v) => ({ kind: "label", key: SUB_PROCESSING_LABEL[v] }),
  ),
  field(
    "clauses.liabilityCap",
    "clauses",
    "agreements.changes.fields.liabilityCap",
    (c) => c.clauses.liabilityCap,
    (v, c) => ({ kind: "money", value: v, currency: c.terms.currency }),
  ),
  field(
    "clauses.confidentialityYears",
    "clauses",
    "agreements.changes.fields.confidentialityYears",
    (c) => c.clauses.confidentialityYears,
    (v) => ({ kind: "years", count: v }),
  ),
  field("clauses.ipOwnership", "clauses", "agreements.changes.fields.ipOwnership", (c) => c.clauses.ipOwnership, text, true),
  field("clauses.free", "clauses", "agreements.changes.fields.freeClauses", (c) => c.clauses.free, text, true),
];

type Obligation = AgreementContent["obligations"][number];
type ObligationField = { path: string; label: MessageKey; long?: boolean };

/** What a party's entry says besides who it is; `kind` and `id` say who it is. */
export const PARTY_FIELDS = {
  role: { path: "parties[].role", label: "agreements.changes.fields.partyRole" },
  signatory: { path: "parties[].signatory", label: "agreements.changes.fields.partySignatory" },
  signature: { path: "parties[].signature", label: "agreements.changes.fields.partySignature" },
} as const satisfies Record<Exclude<keyof Party, "kind" | "id">, ObligationField>;

/** An obligation's fields; `lastUpdate` is applied when read, never stored in a version, so never compared. */
export const OBLIGATION_FIELDS = {
  party: { path: "obligations[].party", label: "agreements.changes.fields.obligationParty" },
  text: { path: "obligations[].text", label: "agreements.changes.fields.obligationText", long: true },
  dueOn: { path: "obligations[].dueOn", label: "agreements.changes.fields.obligationDueOn" },
  recurrence: { path: "obligations[].recurrence", label: "agreements.changes.fields.obligationRecurrence" },
  owner: { path: "obligations[].owner", label: "agreements.changes.fields.obligationOwner" },
  status: { path: "obligations[].status", label: "agreements.changes.fields.obligationStatus" },
} as const satisfies Record<Exclude<keyof Obligation, "lastUpdate">, ObligationField>;

/** Every stored path the comparison names (array indices written `[]`), for the test that no field goes unlabelled. */
export const LABELLED_PATHS: ReadonlySet<string> = new Set([
  ...AGREEMENT_FIELDS.map((f) => f.path),
  "parties[].kind",
  "parties[].id",
  ...Object.values(PARTY_FIELDS).map((f) => f.path),
  ...Object.values(OBLIGATION_FIELDS).map((f) => f.path),
]);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A long text (a clause of several sentences) compares word by word; a short one reads better as before → after. */
const LONG_TEXT = 60;
function wordsOf(before: string, after: string): WordPart[] | undefined {
  if (before.length < LONG_TEXT && after.length < LONG_TEXT && !/\n/.test(before + after)) return undefined;
  return diffWords(before, after).map((part) => ({
    text: part.value,
    change: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const),
  }));
}

function changeOf(
  base: Omit<AgreementChange, "change" | "before" | "after" | "words">,
  before: Shown | null,
  after: Shown | null,
  long = false,
): AgreementChange {
  const change = before === null ? "added" : after === null ? "removed" : "changed";
  const words = long && before?.kind === "text" && after?.kind === "text" ? wordsOf(before.text, after.text) : undefined;
  return { ...base, change, before, after, ...(words ? { words } : {}) };
}

const refOf = (p: Pick<Party, "kind" | "id">) => `${p.kind}:${p.id}`;

function partyShown(p: Party, names: PartyNames): Shown {
  return { kind: "party", name: names(refOf(p)), partyKind: p.kind, role: PARTY_ROLE_LABEL[p.role] };
}

function compareParties(from: AgreementContent, to: AgreementContent, names: PartyNames): AgreementChange[] {
  const changes: AgreementChange[] = [];
  const before = new Map(from.parties.map((p) => [refOf(p), p]));
  const after = new Map(to.parties.map((p) => [refOf(p), p]));
  for (const [ref, p] of before)
    if (!after.has(ref))
      changes.push({
        code: "party.removed",
        section: "parties",
        change: "removed",
        label: "agreements.changes.partyRemoved",
        before: partyShown(p, names),
        after: null,
      });
  for (const [ref, p] of after) {
    const was = before.get(ref);
    if (!was) {
      changes.push({
        code: "party.added",
        section: "parties",
        change: "added",
        label: "agreements.changes.partyAdded",
        before: null,
        after: partyShown(p, names),
      });
      continue;
    }
    const about = { kind: "party" as const, name: names(ref), partyKind: p.kind };
    const show = {
      role: (v: Party["role"]): Shown => ({ kind: "label", key: PARTY_ROLE_LABEL[v] }),
      signatory: (v: string): Shown => text(v),
      signature: (v: Party["signature"]): Shown => ({ kind: "label", key: SIGNATURE_LABEL[v] }),
    };
    for (const key of ["role", "signatory", "signature"] as const) {
      if (same(was[key], p[key])) continue;
      const shown = (v: Party[typeof key]) => (v === null ? null : (show[key] as (x: typeof v) => Shown)(v));
      changes.push(
        changeOf({ code: `party.${key}`, section: "parties", label: PARTY_FIELDS[key].label, about }, shown(was[key]), shown(p[key])),
      );
    }
  }
  return changes;
}

/**
 * Obligations carry no identity of their own: an obligation whose text is unchanged is the same one (wherever it
 * moved in the list); the others are paired in their order, and what is left over was added or removed.
 */
function pairObligations(
  from: Obligation[],
  to: Obligation[],
): { pairs: [Obligation, Obligation][]; removed: Obligation[]; added: Obligation[] } {
  const unmatchedTo = new Set(to.map((_, i) => i));
  const pairs: [Obligation, Obligation][] = [];
  const leftFrom: Obligation[] = [];
  for (const o of from) {
    const j = [...unmatchedTo].find((i) => to[i]!.text === o.text);
    if (j === undefined) leftFrom.push(o);
    else {
      unmatchedTo.delete(j);
      pairs.push([o, to[j]!]);
    }
  }
  const leftTo = [...unmatchedTo].map((i) => to[i]!);
  const paired = Math.min(leftFrom.length, leftTo.length);
  for (let i = 0; i < paired; i++) pairs.push([leftFrom[i]!, leftTo[i]!]);
  return { pairs, removed: leftFrom.slice(paired), added: leftTo.slice(paired) };
}

function compareObligations(from: AgreementContent, to: AgreementContent, names: PartyNames): AgreementChange[] {
  // An obligation names its party by its place in its own version's list: compare the parties themselves.
  const partyOf = (c: AgreementContent, o: Obligation) => {
    const p = c.parties[o.party];
    return p ? { ref: refOf(p), name: names(refOf(p)) } : { ref: null, name: null };
  };
  const shownOf = (c: AgreementContent, o: Obligation): Shown => ({
    kind: "obligation",
    party: partyOf(c, o).name,
    text: o.text,
    dueOn: o.dueOn,
    recurrence: RECURRENCE_LABEL[o.recurrence],
  });
  const { pairs, removed, added } = pairObligations(from.obligations, to.obligations);
  const changes: AgreementChange[] = removed.map((o) => ({
    code: "obligation.removed",
    section: "obligations",
    change: "removed",
    label: "agreements.changes.obligationRemoved",
    before: shownOf(from, o),
    after: null,
  }));
  for (const [was, now] of pairs) {
    const [partyBefore, partyAfter] = [partyOf(from, was), partyOf(to, now)];
    // Named by its party, unless the change is of party (then the line says both).
    const samePartyName = partyBefore.ref === partyAfter.ref ? partyAfter.name : null;
    const about = { kind: "obligation" as const, party: samePartyName, text: was.text };
    const add = (key: keyof typeof OBLIGATION_FIELDS, before: Shown | null, after: Shown | null) =>
      changes.push(
        changeOf(
          { code: `obligation.${key}`, section: "obligations", label: OBLIGATION_FIELDS[key].label, about },
          before,
          after,
          key === "text",
        ),
      );
    if (partyBefore.ref !== partyAfter.ref)
      add(
        "party",
        { kind: "party", name: partyBefore.name, partyKind: from.parties[was.party]?.kind ?? "counterparty" },
        { kind: "party", name: partyAfter.name, partyKind: to.parties[now.party]?.kind ?? "counterparty" },
      );
    if (was.text !== now.text) add("text", text(was.text), text(now.text));
    if (!same(was.dueOn, now.dueOn)) add("dueOn", was.dueOn ? date(was.dueOn) : null, now.dueOn ? date(now.dueOn) : null);
    if (was.recurrence !== now.recurrence)
      add("recurrence", { kind: "label", key: RECURRENCE_LABEL[was.recurrence] }, { kind: "label", key: RECURRENCE_LABEL[now.recurrence] });
    if (!same(was.owner, now.owner)) add("owner", was.owner ? text(was.owner) : null, now.owner ? text(now.owner) : null);
    if (was.status !== now.status)
      add(
        "status",
        { kind: "label", key: OBLIGATION_STATUS_LABEL[was.status] },
        { kind: "label", key: OBLIGATION_STATUS_LABEL[now.status] },
      );
  }
  for (const o of added)
    changes.push({
      code: "obligation.added",
      section: "obligations",
      change: "added",
      label: "agreements.changes.obligationAdded",
      before: null,
      after: shownOf(to, o),
    });
  return changes;
}

/** What changed from one version to another, section by section in reading order. */
export function compareVersions(from: AgreementContent, to: AgreementContent, names: PartyNames): AgreementChange[] {
  const fields = AGREEMENT_FIELDS.flatMap((f): AgreementChange[] => {
    const [a, b] = [f.read(from), f.read(to)];
    if (same(a, b)) return [];
    const shown = (c: AgreementContent, v: unknown) => (v === null || v === undefined ? null : f.show(v as never, c));
    return [changeOf({ code: f.path, section: f.section, label: f.label }, shown(from, a), shown(to, b), f.long)];
  });
  const all = [...fields, ...compareParties(from, to, names), ...compareObligations(from, to, names)];
  return CHANGE_SECTIONS.flatMap((section) => all.filter((c) => c.section === section));
}
