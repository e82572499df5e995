import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./identity";
import { findings } from "./findings";
import type { Locale } from "../../app/i18n/i18n";
import type { RiskScale } from "../../app/risks/scale";
import type { EffectiveStatus } from "../../app/controls/effective-status";
import * as clock from "../../app/config/clock";

/** ISO/IEC 27005 treatment options (clause 6.1.3 of ISO/IEC 27001 asks for one per risk). */
export const RISK_TREATMENTS = ["modify", "retain", "avoid", "share"] as const;
export type RiskTreatment = (typeof RISK_TREATMENTS)[number];
/** What a risk's scope names: an asset of the inventory (site, hall, rack, device, …), a tenant or an agreement. */
export const RISK_SCOPE_TYPES = ["asset", "tenant", "agreement"] as const;
export type RiskScopeType = (typeof RISK_SCOPE_TYPES)[number];

/** The likelihood and impact levels an organisation rates its risks on (the default 5×5 until it sets its own). */
export const riskScales = pgTable("risk_scales", {
  organizationId: uuid()
    .primaryKey()
    .references(() => organizations.id),
  scale: jsonb().$type<RiskScale>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
});

/**
 * One risk of the register. Its words are in the language its author wrote them in (`language`); the levels are
 * 1-based positions on the organisation's scale, checked against it when written (the scale can only grow to 5).
 */
export const risks = pgTable(
  "risks",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** … per organisation: what people call the risk in meetings and reports. */
    reference: text().notNull(),
    libraryId: text(),
    language: text().$type<Locale>().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    riskSource: text().notNull().default(""),
    threat: text().notNull().default(""),
    vulnerability: text().notNull().default(""),
    ownerUserId: uuid().references(() => users.id),
    inherentLikelihood: integer().notNull(),
    inherentImpact: integer().notNull(),
    residualLikelihood: integer().notNull(),
    residualImpact: integer().notNull(),
    treatment: text().$type<RiskTreatment>().notNull(),
    acceptedByUserId: uuid().references(() => users.id),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptanceExpiresOn: date({ mode: "string" }),
    acceptanceNote: text(),
    nextReviewOn: date({ mode: "string" }),
    /**
     * When the residual score was last assessed, and the effective status of each treating control then
     * ("framework:requirement" → status): a control that has since degraded puts the risk up for review.
     */
    assessedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    assessedControls: jsonb().$type<Record<string, EffectiveStatus>>().notNull().default({}),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    uniqueIndex("risks_org_reference_key").on(t.organizationId, t.reference),
    index("risks_org_idx").on(t.organizationId, t.archivedAt),
    check("risks_treatment_check", sql`${t.treatment} in ('modify','retain','avoid','share')`),
    check("risks_language_check", sql`${t.language} in ('en','fr')`),
    check(
      "risks_levels_check",
      sql`least(${t.inherentLikelihood}, ${t.inherentImpact}, ${t.residualLikelihood}, ${t.residualImpact}) >= 1 and greatest(${t.inherentLikelihood}, ${t.inherentImpact}, ${t.residualLikelihood}, ${t.residualImpact}) <= 5`,
    ),
    check(
      "risks_acceptance_check",
      sql`${t.acceptedAt} is null or (${t.acceptedByUserId} is not null and ${t.acceptanceExpiresOn} is not null)`,
    ),
  ],
);
export type Risk = typeof risks.$inferSelect;

/** The Annex A (or other framework) controls that treat a risk: what the SoA cites for clause 6.1.3 d. */
export const riskControls = pgTable(
  "risk_controls",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    riskId: uuid()
      .notNull()
      .references(() => risks.id),
    frameworkId: text().notNull(),
    requirementId: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.riskId, t.frameworkId, t.requirementId] }),
    index("risk_controls_requirement_idx").on(t.organizationId, t.frameworkId, t.requirementId),
  ],
);

/** What a risk is about: inventory assets (with everything under them), tenants, agreements of the same organisation. */
export const riskScope = pgTable(
  "risk_scope",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    riskId: uuid()
      .notNull()
      .references(() => risks.id),
    type: text().$type<RiskScopeType>().notNull(),
    targetId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.riskId, t.type, t.targetId] }),
    index("risk_scope_target_idx").on(t.organizationId, t.type, t.targetId),
    check("risk_scope_type_check", sql`${t.type} in ('asset','tenant','agreement')`),
  ],
);

/** The treatment plan: actions with an owner and a due date (they feed the deadlines centre). */
export const riskActions = pgTable(
  "risk_actions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    riskId: uuid()
      .notNull()
      .references(() => risks.id),
    title: text().notNull(),
    ownerUserId: uuid().references(() => users.id),
    dueOn: date({ mode: "string" }).notNull(),
    doneAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("risk_actions_risk_idx").on(t.riskId), index("risk_actions_due_idx").on(t.organizationId, t.dueOn)],
);

/** Findings attached to a risk as evidence that it is occurring (a residency breach and "unlawful transfer"). */
export const riskFindings = pgTable(
  "risk_findings",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    riskId: uuid()
      .notNull()
      .references(() => risks.id),
    findingId: uuid()
      .notNull()
      .references(() => findings.id),
    linkedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [primaryKey({ columns: [t.riskId, t.findingId] }), index("risk_findings_finding_idx").on(t.findingId)],
);
