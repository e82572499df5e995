import { translator, type Locale } from "../i18n/i18n";
import type { MessageKey } from "../i18n/keys";
import {
  AGREEMENT_TYPE_LABEL,
  CLOUD_PROVIDER_LABEL,
  ENTRY_CONTROL_LABEL,
  PERMIT_STATUS_LABEL,
  PERMIT_TYPE_LABEL,
  RESOURCE_KIND_LABEL,
  TRANSFER_MECHANISM_LABEL,
} from "../i18n/labels";
import { formatNumber } from "../ui/numbers";
import { documentTime } from "./attestation-data.server";

type Labels = Readonly<Record<string, MessageKey>>;

/**
 * The labels a coded value of the evidence takes, from the name it has there (its key, or its list's) and what holds
 * it: `resource.permits[].type` is a permit type, `params.agreement_types[]` agreement types, `resource.status` the
 * status of the finding's resource when it is a permit. A value no rule names is shown as it is.
 */
function labelsFor(key: string, holder: string, resourceKind: string): Labels | null {
  switch (key) {
    case "mechanism":
      return TRANSFER_MECHANISM_LABEL;
    case "provider":
      return CLOUD_PROVIDER_LABEL;
    case "access_control":
      return ENTRY_CONTROL_LABEL;
    case "kind":
    case "resource_kind":
      return RESOURCE_KIND_LABEL;
    case "required_types":
      return PERMIT_TYPE_LABEL;
    case "agreement_types":
      return AGREEMENT_TYPE_LABEL;
    case "headquarters":
      return UNKNOWN_PLACE;
    case "type":
    case "status": {
      const owner = holder === "resource" ? resourceKind : holder;
      if (owner === "permit" || owner === "permits") return key === "type" ? PERMIT_TYPE_LABEL : PERMIT_STATUS_LABEL;
      if ((owner === "agreement" || owner === "agreements") && key === "type") return AGREEMENT_TYPE_LABEL;
      return null;
    }
  }
  return null;
}

// A holder whose headquarters the provider list does not know (load-facts.server.ts).
const UNKNOWN_PLACE: Labels = { unknown: "reports.evidence.unknownPlace" };

const MORE = /^… (\d+) more$/;
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.000)?Z$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;

/**
 * A finding's evidence as a reader of the document's language reads it: each value the policy's expression read, by
 * its path in the expression (`resource.attributes.cctv`, the policy's own vocabulary, kept as it is), with coded
 * values named by their labels, yes/no, numbers and instants written as the language writes them, and the engine's
 * markers of what it left out ("… 9 more", `{ not_shown: 3 }`) in words. The stored evidence is never changed.
 */
export function evidenceText(evidence: Record<string, unknown>, language: Locale, resourceKind: string, maxLength = 600): string {
  const text = Object.entries(evidence)
    .map(([path, value]) => `${path} = ${evidenceValue(path, value, language, resourceKind)}`)
    .join("; ");
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** One value of a finding's evidence, read at `path`, as evidenceText writes it (the finding page lists them). */
export function evidenceValue(path: string, value: unknown, language: Locale, resourceKind: string): string {
  const segments = path.split(".");
  return valueShower(language, resourceKind)(value, segments.at(-1) ?? path, segments.at(-2) ?? "");
}

/**
 * The fields of the records evidence lists (a site's permits and their conditions, a tenant's agreements, a
 * dataset's holders, a site's power), in the reader's words; `holder.field` where the same name means something else
 * in another record. Every field the facts hold is named (evidence-text.server.test.ts walks the demo's facts).
 */
const FIELD_LABEL: Labels = {
  type: "permits.type",
  status: "permits.status",
  reference: "permits.reference",
  active: "reports.evidence.fields.active",
  expires_at: "permits.expiresOn",
  conditions: "permits.conditions",
  "conditions.text": "permits.conditionsText",
  max_power_mw: "permits.maxPowerMw",
  max_generator_hours_per_year: "permits.maxGeneratorHours",
  max_noise_db: "permits.maxNoiseDb",
  max_water_m3_per_year: "permits.maxWaterM3",
  text: "reports.evidence.fields.text",
  "overdue_obligations.text": "reports.evidence.fields.obligation",
  title: "reports.evidence.fields.title",
  name: "reports.evidence.fields.name",
  country: "reports.evidence.fields.country",
  site_id: "reports.evidence.fields.site",
  parties_hq: "reports.evidence.fields.partiesHeadquarters",
  counterparty_names: "reports.evidence.fields.counterparties",
  headquarters: "reports.evidence.fields.headquarters",
  registration: "reports.evidence.fields.registration",
  sub_processors: "reports.evidence.fields.subProcessors",
  due_on: "reports.evidence.fields.dueOn",
  party: "reports.evidence.fields.party",
  allowed: "reports.evidence.fields.allowedCountries",
  from_default: "reports.evidence.fields.fromDefault",
  assets: "reports.evidence.fields.assets",
  racks: "reports.evidence.fields.racks",
  gpus: "reports.evidence.fields.gpus",
  power_kw: "reports.evidence.fields.powerKw",
  mw: "reports.evidence.fields.powerMw",
  power_mw_grid: "reports.evidence.fields.gridMw",
  power_mw_environmental: "reports.evidence.fields.environmentalMw",
  generator_hours_per_year: "reports.evidence.fields.generatorHours",
  water_m3_per_year: "reports.evidence.fields.waterM3",
  current_kw: "reports.evidence.fields.currentKw",
  peak_30d_kw: "reports.evidence.fields.peakKw",
  measured_at: "reports.evidence.fields.measuredAt",
};

/** A field of an evidence record (held by `holder`, the record's or its list's name) in the reader's language. */
export function evidenceFieldName(key: string, language: Locale, holder = ""): string {
  const named = [`${holder}.${key}`, key].find((field) => Object.hasOwn(FIELD_LABEL, field));
  return named ? translator(language)(FIELD_LABEL[named]!) : key;
}

function valueShower(language: Locale, resourceKind: string) {
  const t = translator(language);
  const shown = (value: unknown, key: string, holder: string): string => {
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") return t(value ? "policies.yes" : "policies.no");
    // A year or a version is a number that names something: written as it is, never "2 025".
    if (typeof value === "number") return key === "year" || key === "version" ? String(value) : formatNumber(value, language, 2);
    if (typeof value === "string") {
      const more = MORE.exec(value);
      if (more) return t("reports.evidence.more", { count: Number(more[1]) });
      const day = MIDNIGHT.exec(value);
      if (day) return day[1]!;
      if (INSTANT.test(value)) return documentTime(new Date(value));
      const labels = labelsFor(key, holder, resourceKind);
      return labels && Object.hasOwn(labels, value) ? t(labels[value]!) : value;
    }
    if (Array.isArray(value)) return value.length > 0 ? value.map((v) => shown(v, key, holder)).join(", ") : "—";
    if (typeof value === "object") {
      const record = value as Record<string, unknown>;
      const entries = Object.entries(record);
      if (entries.length === 1 && typeof record.not_shown === "number") return t("reports.evidence.hidden", { count: record.not_shown });
      return `(${entries.map(([k, v]) => `${evidenceFieldName(k, language, key)}: ${shown(v, k, key)}`).join(", ")})`;
    }
    return String(value);
  };
  return shown;
}
