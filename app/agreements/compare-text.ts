import type { TFunction } from "i18next";
import { countryName } from "../i18n/countries";
import { PARTY_KIND_LABEL } from "../i18n/labels";
import { numberFormats } from "../ui/numbers";
import type { AgreementChange, ChangeSection, Shown } from "./compare";
import { locationNames } from "./location-names";

/** Each section of a comparison (and of the agreement form) by its heading. */
export const CHANGE_SECTION_LABEL = {
  general: "agreements.sections.general",
  parties: "agreements.fields.parties",
  term: "agreements.sections.term",
  law: "agreements.sections.law",
  locations: "agreements.sections.locations",
  clauses: "agreements.fields.clauses",
  obligations: "agreements.fields.obligations",
} as const satisfies Record<ChangeSection, string>;

const ABOUT_TEXT = 80;
const shortened = (text: string) => (text.length > ABOUT_TEXT ? `${text.slice(0, ABOUT_TEXT - 1).trimEnd()}…` : text);

/** A party's name, or what it was when the organisation no longer knows it. */
function partyName(t: TFunction, name: string | null, kind: keyof typeof PARTY_KIND_LABEL): string {
  return name ?? `${t("agreements.changes.formerParty")} (${t(PARTY_KIND_LABEL[kind])})`;
}

/** A value in the reader's words and notation. */
export function shownText(t: TFunction, locale: string, v: Shown): string {
  const n = numberFormats(locale);
  switch (v.kind) {
    case "text":
      return t("agreements.changes.quoted", { text: v.text });
    case "date":
      return v.date;
    case "months":
      return t("agreements.changes.months", { count: v.count });
    case "days":
      return t("agreements.changes.days", { count: v.count });
    case "years":
      return t("agreements.changes.years", { count: v.count });
    case "racks":
      return t("agreements.racks", { count: v.count });
    case "quantity":
      return n.quantity(v.value, v.unit);
    case "percent":
      // Entered as a percentage (99.95): three decimals for five nines, as on the agreement page.
      return n.percent(v.value / 100, 3);
    case "money":
      return n.money(v.value, v.currency);
    case "label":
      return t(v.key);
    case "country":
      return countryName(v.code, locale);
    case "locations":
      return t("agreements.changes.quoted", { text: locationNames(t, v.codes, locale) });
    case "party": {
      if (!v.role) return partyName(t, v.name, v.partyKind);
      const name = v.name ?? t("agreements.changes.formerParty");
      return t("agreements.changes.partyEntry", { name, role: t(v.role), kind: t(PARTY_KIND_LABEL[v.partyKind]) });
    }
    case "obligation": {
      const what = t("agreements.changes.obligationEntry", {
        name: v.party ?? t("agreements.changes.formerParty"),
        text: t("agreements.changes.quoted", { text: v.text }),
      });
      const due = v.dueOn ? ` · ${t("agreements.changes.dueOn", { date: v.dueOn })}` : "";
      return `${what}${due} · ${t(v.recurrence)}`;
    }
  }
}

/** Whom or what a change is about: "Northwind GPU Cloud SAS", "Obligation of Helios Data Centers, “Quarterly report”". */
export function aboutText(t: TFunction, change: AgreementChange): string | null {
  const about = change.about;
  if (!about) return null;
  if (about.kind === "party") return partyName(t, about.name, about.partyKind);
  const text = t("agreements.changes.quoted", { text: shortened(about.text) });
  return about.party
    ? t("agreements.changes.obligationOf", { name: about.party, text })
    : t("agreements.changes.obligationNamed", { text });
}

/** The parts of a change's line: what changed, and its value before and after ("not stated" for none). */
export function changeParts(t: TFunction, locale: string, change: AgreementChange) {
  const notStated = t("agreements.fields.notSaid");
  return {
    about: aboutText(t, change),
    label: t(change.label),
    before: change.before ? shownText(t, locale, change.before) : notStated,
    after: change.after ? shownText(t, locale, change.after) : notStated,
  };
}

/**
 * A change as one sentence of plain text ("Notice period: 90 days → 60 days", "Party added: Northwind GPU Cloud SAS
 * (Provider, counterparty)"), for the API and for readers of plain text.
 */
export function changeSentence(t: TFunction, locale: string, change: AgreementChange): string {
  const p = changeParts(t, locale, change);
  const what = p.about ? `${p.about} — ${p.label}` : p.label;
  const colon = t("agreements.changes.colon");
  if (change.code === "party.added" || change.code === "obligation.added") return `${what}${colon}${p.after}`;
  if (change.code === "party.removed" || change.code === "obligation.removed") return `${what}${colon}${p.before}`;
  return `${what}${colon}${p.before} → ${p.after}`;
}
