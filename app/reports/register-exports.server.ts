import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../db/connection.server";
import type { AgreementContent } from "../agreements/content";
import { withObligationUpdates } from "../agreements/obligations.server";
import { translator, type Locale } from "../i18n/i18n";
import {
  labelOf,
  AGREEMENT_TYPE_LABEL,
  OBLIGATION_STATUS_LABEL,
  PARTY_ROLE_LABEL,
  PERMIT_STATUS_LABEL,
  PERMIT_TYPE_LABEL,
  RECURRENCE_LABEL,
} from "../i18n/labels";
import type { MessageKey } from "../i18n/keys";
import type { PermitConditions } from "../../db/schema/permits";
import { formatNumber } from "../ui/numbers";
import { risksTable } from "../risks/risk-export.server";

export const REGISTERS = ["permits", "agreements", "obligations", "risks"] as const;
export type Register = (typeof REGISTERS)[number];
export type ExportTable = { header: string[]; rows: (string | number)[][]; sheetName: string };

type OrgParams = { organizationId: string; today: string };
const DAY = 86_400_000;

// A permit's conditions by their labels on the permit page, in the reader's words: never the stored JSON's field names.
const CONDITION_LABEL: [keyof PermitConditions, MessageKey][] = [
  ["max_power_mw", "permits.maxPowerMw"],
  ["max_generator_hours_per_year", "permits.maxGeneratorHours"],
  ["max_noise_db", "permits.maxNoiseDb"],
  ["max_water_m3_per_year", "permits.maxWaterM3"],
  ["text", "permits.conditionsText"],
];

function conditionsText(conditions: PermitConditions, t: ReturnType<typeof translator>, locale: Locale): string {
  return CONDITION_LABEL.filter(([field]) => conditions[field] !== undefined && conditions[field] !== null)
    .map(([field, label]) => {
      const value = conditions[field];
      return t("reports.exports.labelled", {
        field: t(label),
        text: typeof value === "number" ? formatNumber(value, locale, 2) : String(value),
      });
    })
    .join("; ");
}

async function permitsTable(
  tx: Tx,
  { organizationId, today }: OrgParams,
  t: ReturnType<typeof translator>,
  locale: Locale,
): Promise<ExportTable> {
  const rows = rowsOf<{
    reference: string;
    type: string;
    authority: string;
    site: string;
    status: string;
    issued_on: string | null;
    expires_on: string | null;
    conditions: PermitConditions;
    archived: boolean;
  }>(
    await tx.execute(sql`
      select p.reference, p.type, p.authority, s.name as site, p.status, p.issued_on::text as issued_on, p.expires_on::text as expires_on, p.conditions, p.archived_at is not null as archived
      from permits p join assets s on s.id = p.site_id
      where p.organization_id = ${organizationId} order by s.name, p.expires_on nulls last, p.reference`),
  );
  const daysLeft = (expires: string | null) =>
    expires ? Math.round((Date.parse(`${expires}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY) : "";
  return {
    sheetName: t("nav.permits"),
    header: (
      [
        "reports.exports.permits.reference",
        "reports.exports.permits.type",
        "reports.exports.permits.authority",
        "reports.exports.permits.site",
        "reports.exports.permits.status",
        "reports.exports.permits.issued",
        "reports.exports.permits.expires",
        "reports.exports.permits.days_left",
        "reports.exports.permits.conditions",
        "reports.exports.permits.archived",
      ] as const
    ).map((k) => t(k)),
    rows: rows.map((p) => [
      p.reference,
      t(labelOf(PERMIT_TYPE_LABEL, p.type)),
      p.authority,
      p.site,
      t(labelOf(PERMIT_STATUS_LABEL, p.status)),
      p.issued_on ?? "",
      p.expires_on ?? "",
      daysLeft(p.expires_on),
      conditionsText(p.conditions, t, locale),
      p.archived ? t("policies.yes") : t("policies.no"),
    ]),
  };
}

async function currentAgreements(tx: Tx, organizationId: string) {
  const rows = rowsOf<{ id: string; title: string; type: string; version: number; content: AgreementContent; archived: boolean }>(
    await tx.execute(sql`
      select a.id, a.title, a.type, a.current_version as version, v.content, a.archived_at is not null as archived
      from agreements a join agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
      where a.organization_id = ${organizationId} order by a.title, a.id`),
  );
  return withObligationUpdates(
    tx,
    organizationId,
    rows.map((r) => ({ ...r, agreementId: r.id })),
  );
}

async function agreementsTable(tx: Tx, { organizationId }: OrgParams, t: ReturnType<typeof translator>): Promise<ExportTable> {
  const rows = await currentAgreements(tx, organizationId);
  return {
    sheetName: t("nav.agreements"),
    header: (
      [
        "reports.exports.agreements.title",
        "reports.exports.agreements.type",
        "reports.exports.agreements.version",
        "reports.exports.agreements.effective",
        "reports.exports.agreements.term_months",
        "reports.exports.agreements.auto_renew",
        "reports.exports.agreements.notice_days",
        "reports.exports.agreements.governing_law",
        "reports.exports.agreements.parties",
        "reports.exports.agreements.data_location",
        "reports.exports.agreements.obligations",
        "reports.exports.agreements.archived",
      ] as const
    ).map((k) => t(k)),
    rows: rows.map((a) => {
      const { terms } = a.content;
      return [
        a.title,
        t(labelOf(AGREEMENT_TYPE_LABEL, a.type)),
        a.version,
        terms.effectiveDate,
        terms.termMonths ?? "",
        terms.autoRenew ? t("policies.yes") : t("policies.no"),
        terms.noticeDays ?? "",
        terms.governingLaw,
        a.content.parties.length,
        a.content.clauses.dataLocation?.join(", ") ?? "",
        a.content.obligations.length,
        a.archived ? t("policies.yes") : t("policies.no"),
      ];
    }),
  };
}

async function obligationsTable(tx: Tx, { organizationId, today }: OrgParams, t: ReturnType<typeof translator>): Promise<ExportTable> {
  const rows = (await currentAgreements(tx, organizationId)).filter((a) => !a.archived);
  return {
    sheetName: t("reports.exports.obligationsSheet"),
    header: (
      [
        "reports.exports.obligations.agreement",
        "reports.exports.obligations.version",
        "reports.exports.obligations.obligation",
        "reports.exports.obligations.party_role",
        "reports.exports.obligations.due",
        "reports.exports.obligations.recurrence",
        "reports.exports.obligations.owner",
        "reports.exports.obligations.status",
        "reports.exports.obligations.overdue",
        "reports.exports.obligations.last_update",
      ] as const
    ).map((k) => t(k)),
    rows: rows.flatMap((a) =>
      a.content.obligations.map((o) => {
        const status = o.lastUpdate?.status ?? o.status;
        const party = a.content.parties[o.party];
        return [
          a.title,
          a.version,
          o.text,
          party ? t(PARTY_ROLE_LABEL[party.role]) : "",
          o.dueOn ?? "",
          t(RECURRENCE_LABEL[o.recurrence]),
          o.owner ?? "",
          t(OBLIGATION_STATUS_LABEL[status]),
          status === "open" && o.dueOn && o.dueOn < today ? t("policies.yes") : t("policies.no"),
          o.lastUpdate ? `${o.lastUpdate.at} ${o.lastUpdate.author}: ${o.lastUpdate.note}` : "",
        ];
      }),
    ),
  };
}

/** A register as a table in the reader's language, for CSV and Excel exports. */
export function registerTable(tx: Tx, register: Register, params: OrgParams & { locale: Locale }): Promise<ExportTable> {
  const t = translator(params.locale);
  if (register === "permits") return permitsTable(tx, params, t, params.locale);
  if (register === "agreements") return agreementsTable(tx, params, t);
  if (register === "risks") return risksTable(tx, params, t, params.locale);
  return obligationsTable(tx, params, t);
}
