import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, tenants, users } from "./identity";
import * as clock from "../../app/config/clock";

export const RUN_TRIGGERS = ["change", "schedule", "manual", "api"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export const RUN_STATUSES = ["queued", "completed", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type RunCounts = {
  resources: number;
  checks: number;
  pass: number;
  fail: number;
  error: number;
  not_applicable: number;
  opened: number;
  resolved: number;
  reopened: number;
  changes: number;
};

/**
 * One evaluation of an organisation's policies. Full runs are queued (by the schedule, a user or the API) and
 * picked up by a worker; incremental runs are recorded when they complete. A run's results, findings and this row
 * commit in one transaction, so a crash leaves the run queued and its changes pending, never half written.
 */
export const evaluationRuns = pgTable(
  "evaluation_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    trigger: text().$type<RunTrigger>().notNull(),
    scope: text().$type<"full" | "incremental">().notNull(),
    status: text().$type<RunStatus>().notNull(),
    requestedBy: text().notNull(),
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    policySetHash: text(),
    /** The highest inventory outbox entry the run had seen: the inventory state it judged. */
    inventoryVersion: bigint({ mode: "number" }),
    counts: jsonb().$type<RunCounts>(),
    error: text(),
    attempts: bigint({ mode: "number" }).notNull().default(0),
    /**
     * Whether policy_result_history holds the statuses this run left: set by the run itself, so that a run by a
     * version of Attest that kept no history (before migration 0035, or an older instance during a rolling update)
     * is never read as recorded. The migration marks each organisation's latest run, whose results it copied.
     */
    resultsRecorded: boolean().notNull().default(false),
  },
  (t) => [
    index("evaluation_runs_org_idx").on(t.organizationId, t.queuedAt),
    // At most one queued full run per organisation: a second request while one waits joins it.
    uniqueIndex("evaluation_runs_one_queued_key")
      .on(t.organizationId)
      .where(sql`${t.status} = 'queued'`),
    check("evaluation_runs_status_check", sql`${t.status} in ('queued','completed','failed')`),
    check("evaluation_runs_trigger_check", sql`${t.trigger} in ('change','schedule','manual','api')`),
  ],
);
export type EvaluationRun = typeof evaluationRuns.$inferSelect;

/** Register changes (permits, agreements, residency, parameters, exceptions) waiting for an incremental run. */
export const evaluationTriggers = pgTable(
  "evaluation_triggers",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    subjectType: text().$type<"site" | "tenant" | "permit" | "agreement" | "asset" | "organization">().notNull(),
    subjectId: uuid().notNull(),
    reason: text().notNull(),
    processedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    index("evaluation_triggers_pending_idx")
      .on(t.organizationId, t.id)
      .where(sql`${t.processedAt} is null`),
  ],
);

/** The latest result of each policy on each resource it applies to. */
export const policyResults = pgTable(
  "policy_results",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    policyId: text().notNull(),
    resourceType: text().$type<"asset" | "tenant" | "permit" | "agreement">().notNull(),
    resourceId: uuid().notNull(),
    resourceKind: text().notNull(),
    resourceName: text().notNull(),
    tenantId: uuid(),
    status: text().$type<"pass" | "fail" | "error" | "not_applicable">().notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull(),
    message: jsonb().$type<{ en: string; fr: string } | null>(),
    error: text(),
    digest: text().notNull(),
    runId: uuid().notNull(),
    evaluatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("policy_results_key").on(t.organizationId, t.policyId, t.resourceId),
    index("policy_results_resource_idx").on(t.organizationId, t.resourceId),
    index("policy_results_policy_status_idx").on(t.organizationId, t.policyId, t.status),
  ],
);

/**
 * What each check said and when: one row per (policy, resource) status with the interval it stood,
 * [valid_from, valid_to). policy_results keeps only the latest result; reports and attestations for a past
 * instant read the statuses valid at their closing run's end from here. A row is added only when a status
 * changes (or a resource enters or leaves a policy's scope), so the history grows with change, not with runs.
 */
export const policyResultHistory = pgTable(
  "policy_result_history",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    policyId: text().notNull(),
    resourceId: uuid().notNull(),
    tenantId: uuid(),
    status: text().$type<"pass" | "fail" | "error" | "not_applicable">().notNull(),
    runId: uuid().notNull(),
    validFrom: timestamp({ withTimezone: true }).notNull(),
    validTo: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("policy_result_history_current_key")
      .on(t.organizationId, t.policyId, t.resourceId)
      .where(sql`${t.validTo} is null`),
    // The statuses valid at an instant: the current rows (above) and the closed ones that ended after it.
    index("policy_result_history_org_closed_idx")
      .on(t.organizationId, t.validTo)
      .where(sql`${t.validTo} is not null`),
  ],
);

export const FINDING_STATUSES = ["open", "accepted", "resolved"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A failing (policy, resource): opened by a run, resolved by a later one; accepted while an exception holds. */
export const findings = pgTable(
  "findings",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    policyId: text().notNull(),
    resourceType: text().notNull(),
    resourceId: uuid().notNull(),
    resourceKind: text().notNull(),
    resourceName: text().notNull(),
    tenantId: uuid().references(() => tenants.id),
    severity: text().$type<"critical" | "high" | "medium" | "low">().notNull(),
    status: text().$type<FindingStatus>().notNull(),
    message: jsonb().$type<{ en: string; fr: string }>().notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
    openedRunId: uuid().notNull(),
    lastRunId: uuid().notNull(),
  },
  (t) => [
    uniqueIndex("findings_live_key")
      .on(t.organizationId, t.policyId, t.resourceId)
      .where(sql`${t.status} <> 'resolved'`),
    index("findings_org_status_idx").on(t.organizationId, t.status, t.severity),
    index("findings_org_tenant_idx").on(t.organizationId, t.tenantId),
    index("findings_org_resource_idx").on(t.organizationId, t.resourceId),
    // The findings page (most severe first, newest first) and the API's cursor order, over live findings.
    index("findings_live_severity_order_idx")
      .on(
        t.organizationId,
        sql`(case ${t.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end)`,
        sql`${t.firstSeenAt} desc`,
        t.id,
      )
      .where(sql`${t.status} <> 'resolved'`),
    index("findings_live_seen_idx")
      .on(t.organizationId, t.firstSeenAt, t.id)
      .where(sql`${t.status} <> 'resolved'`),
    check("findings_status_check", sql`${t.status} in ('open','accepted','resolved')`),
    check("findings_severity_check", sql`${t.severity} in ('critical','high','medium','low')`),
  ],
);
export type Finding = typeof findings.$inferSelect;

/** What happened to a finding and when: its history stays after it resolves. */
/**
 * One row per statement that wrote findings or permits (a trigger adds it, whoever writes): the newest row's token is
 * the version the findings' counts are cached on (posture, findings by site). Rows are only added, so concurrent
 * writers never wait on each other for it; the token is random, so a restored backup never repeats a version this
 * process has cached.
 */
export const findingsChanges = pgTable(
  "findings_changes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    token: uuid().notNull().defaultRandom(),
  },
  (t) => [index("findings_changes_org_idx").on(t.organizationId, t.id)],
);

export const findingEvents = pgTable(
  "finding_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    findingId: uuid()
      .notNull()
      .references(() => findings.id),
    kind: text()
      .$type<
        | "opened"
        | "resolved"
        | "exception_requested"
        | "exception_refused"
        | "exception_withdrawn"
        | "exception_granted"
        | "exception_revoked"
        | "exception_expired"
        | "severity_changed"
      >()
      .notNull(),
    runId: uuid(),
    actorLabel: text().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("finding_events_finding_idx").on(t.findingId, t.id)],
);

/** A compliance officer's acceptance of a finding's risk, until a date. */
export const findingExceptions = pgTable(
  "finding_exceptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    findingId: uuid()
      .notNull()
      .references(() => findings.id),
    justification: text().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    grantedByUserId: uuid().references(() => users.id),
    grantedByLabel: text().notNull(),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    /** Set when it stops holding: revoked by a user, expired, or the finding resolved. */
    endedAt: timestamp({ withTimezone: true }),
    endReason: text().$type<"revoked" | "expired" | "resolved">(),
    endedByLabel: text(),
  },
  (t) => [
    index("finding_exceptions_finding_idx").on(t.findingId),
    uniqueIndex("finding_exceptions_live_key")
      .on(t.findingId)
      .where(sql`${t.endedAt} is null`),
  ],
);
export type FindingException = typeof findingExceptions.$inferSelect;

/** How a request ended: decided by a second person, withdrawn by its requester, or lapsed when its finding resolved. */
export const EXCEPTION_DECISIONS = ["approved", "refused", "withdrawn", "lapsed"] as const;
export type ExceptionDecision = (typeof EXCEPTION_DECISIONS)[number];

/**
 * A request to accept a finding with an exception, waiting for a second person (four eyes): pending while `decision`
 * is null. Approval grants the finding_exceptions row (which reports and posture read); a pending request is never one.
 */
export const exceptionRequests = pgTable(
  "exception_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    findingId: uuid()
      .notNull()
      .references(() => findings.id),
    justification: text().notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    requestedByUserId: uuid().references(() => users.id),
    requestedByLabel: text().notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    decision: text().$type<ExceptionDecision>(),
    decidedByUserId: uuid().references(() => users.id),
    decidedByLabel: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
  },
  (t) => [
    index("exception_requests_org_idx").on(t.organizationId, t.requestedAt),
    // One pending request per finding at most.
    uniqueIndex("exception_requests_one_pending_key")
      .on(t.findingId)
      .where(sql`${t.decision} is null`),
    check("exception_requests_decision_check", sql`${t.decision} is null or ${t.decision} in ('approved','refused','withdrawn','lapsed')`),
  ],
);
export type ExceptionRequest = typeof exceptionRequests.$inferSelect;

/** An organisation's (or one tenant's) values for a policy's parameters, over the defaults in its file. */
export const policyOverrides = pgTable(
  "policy_overrides",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    tenantId: uuid().references(() => tenants.id),
    policyId: text().notNull(),
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    updatedByLabel: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    uniqueIndex("policy_overrides_key").on(
      t.organizationId,
      t.policyId,
      sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/** Policies an organisation writes itself; every save is a new version, the YAML kept as written. */
export const customPolicies = pgTable(
  "custom_policies",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    policyId: text().notNull(),
    currentVersion: bigint({ mode: "number" }).notNull(),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [uniqueIndex("custom_policies_key").on(t.organizationId, t.policyId)],
);
export type CustomPolicy = typeof customPolicies.$inferSelect;

export const customPolicyVersions = pgTable(
  "custom_policy_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    policyId: text().notNull(),
    version: bigint({ mode: "number" }).notNull(),
    source: text().notNull(),
    note: text().notNull().default(""),
    authorUserId: uuid().references(() => users.id),
    authorLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [uniqueIndex("custom_policy_versions_key").on(t.organizationId, t.policyId, t.version)],
);

/**
 * An organisation's Ed25519 keys for signing what leaves Attest (attestations, reports). The private key is stored
 * encrypted (AES-256-GCM, key derived from ATTEST_KEY_SECRET); the public key is published. Rotation retires the
 * current key: documents it signed still verify against it.
 */
export const signingKeys = pgTable(
  "signing_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    kid: text().notNull().unique(),
    algorithm: text().$type<"Ed25519">().notNull(),
    publicKey: text().notNull(),
    encryptedPrivateKey: text().notNull(),
    createdByLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("signing_keys_org_idx").on(t.organizationId, t.createdAt),
    uniqueIndex("signing_keys_one_active_key")
      .on(t.organizationId)
      .where(sql`${t.retiredAt} is null`),
  ],
);
export type SigningKey = typeof signingKeys.$inferSelect;
