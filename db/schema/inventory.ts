import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { organizations, tenants, users } from "./identity";
import * as clock from "../../app/config/clock";

export const ASSET_KINDS = [
  "site",
  "hall",
  "rack",
  "device",
  "storage_volume",
  "dataset",
  "backup",
  "cloud_resource",
  "data_transfer",
  "power_feed",
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/**
 * The live inventory: one row per asset, holding its current version. Deleted assets (absent from a snapshot)
 * keep their row with `deleted_at` set, so that history and references survive.
 */
export const assets = pgTable(
  "assets",
  {
    id: uuid().primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    tenantId: uuid().references(() => tenants.id),
    kind: text().$type<AssetKind>().notNull(),
    source: text().notNull(),
    externalId: text().notNull(),
    name: text().notNull(),
    parentId: uuid().references((): AnyPgColumn => assets.id),
    country: text(),
    region: text(),
    owner: text(),
    tags: jsonb().$type<string[]>().notNull().default([]),
    attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Where the asset is, its own or inherited from the parent chain; kept current after every ingest. */
    effectiveCountry: text(),
    siteId: uuid(),
    version: integer().notNull().default(1),
    contentHash: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    deletedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    // External id first: an ingest finds the assets it names, and their parents, by external id whatever their source.
    uniqueIndex("assets_org_external_source_kind_key").on(t.organizationId, t.externalId, t.source, t.kind),
    index("assets_org_kind_idx").on(t.organizationId, t.kind, t.name),
    // An asset's children in the order its page lists them (and the walk below a moved asset).
    index("assets_org_parent_idx").on(t.organizationId, t.parentId, t.kind, t.name),
    index("assets_org_tenant_idx").on(t.organizationId, t.tenantId),
    index("assets_org_site_idx").on(t.organizationId, t.siteId),
    index("assets_org_updated_idx").on(t.organizationId, t.updatedAt, t.id),
    // The inventory's default order and its country order, live assets only: a page is an index range.
    index("assets_org_live_name_idx")
      .on(t.organizationId, t.name, t.id)
      .where(sql`${t.deletedAt} is null`),
    index("assets_org_live_country_idx")
      .on(t.organizationId, t.effectiveCountry, t.id)
      .where(sql`${t.deletedAt} is null`),
    check(
      "assets_kind_check",
      sql`${t.kind} in ('site','hall','rack','device','storage_volume','dataset','backup','cloud_resource','data_transfer','power_feed')`,
    ),
  ],
);
export type Asset = typeof assets.$inferSelect;

/**
 * Every version of every asset with its validity interval [valid_from, valid_to): the inventory as of any instant
 * is the set of versions valid then. The current version has valid_to null.
 */
export const assetVersions = pgTable(
  "asset_versions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    assetId: uuid()
      .notNull()
      .references(() => assets.id),
    version: integer().notNull(),
    tenantId: uuid(),
    kind: text().$type<AssetKind>().notNull(),
    name: text().notNull(),
    parentId: uuid(),
    country: text(),
    region: text(),
    owner: text(),
    tags: jsonb().$type<string[]>().notNull(),
    attributes: jsonb().$type<Record<string, unknown>>().notNull(),
    ingestId: uuid(),
    validFrom: timestamp({ withTimezone: true }).notNull(),
    validTo: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("asset_versions_asset_version_key").on(t.assetId, t.version),
    index("asset_versions_org_valid_idx").on(t.organizationId, t.validFrom, t.validTo),
    index("asset_versions_current_idx")
      .on(t.assetId)
      .where(sql`${t.validTo} is null`),
  ],
);
export type AssetVersion = typeof assetVersions.$inferSelect;

/** Measured power draw of a site, feed or rack. */
export const powerReadings = pgTable(
  "power_readings",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    assetId: uuid()
      .notNull()
      .references(() => assets.id),
    measuredAt: timestamp({ withTimezone: true }).notNull(),
    kw: doublePrecision().notNull(),
  },
  (t) => [
    uniqueIndex("power_readings_asset_time_key").on(t.assetId, t.measuredAt),
    index("power_readings_org_time_idx").on(t.organizationId, t.measuredAt),
  ],
);

export const API_SCOPES = [
  "inventory:read",
  "inventory:write",
  "findings:read",
  "controls:read",
  "agreements:read",
  "permits:read",
  "permits:write",
  "agreements:write",
  "controls:write",
  "runs:write",
  "reports:read",
  "reports:write",
  "risks:read",
  "risks:write",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Machine credentials of one organisation; only the SHA-256 of the secret is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    prefix: text().notNull(),
    scopes: jsonb().$type<ApiScope[]>().notNull(),
    createdByUserId: uuid().references(() => users.id),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("api_tokens_org_idx").on(t.organizationId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/** One committed ingest: who sent what, and what it changed. */
export const inventoryIngests = pgTable(
  "inventory_ingests",
  {
    id: uuid().primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    source: text().notNull(),
    mode: text().$type<"upsert" | "snapshot">().notNull(),
    actorLabel: text().notNull(),
    received: integer().notNull(),
    created: integer().notNull(),
    updated: integer().notNull(),
    unchanged: integer().notNull(),
    deleted: integer().notNull(),
    readings: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [index("inventory_ingests_org_idx").on(t.organizationId, t.createdAt)],
);

/** Change sets waiting for the policy engine (transactional outbox). */
export const inventoryOutbox = pgTable(
  "inventory_outbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    ingestId: uuid()
      .notNull()
      .references(() => inventoryIngests.id),
    createdIds: jsonb().$type<string[]>().notNull(),
    updatedIds: jsonb().$type<string[]>().notNull(),
    deletedIds: jsonb().$type<string[]>().notNull(),
    processedAt: timestamp({ withTimezone: true }),
    hasChanges: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow().$defaultFn(clock.now),
  },
  (t) => [
    index("inventory_outbox_pending_idx")
      .on(t.organizationId, t.id)
      .where(sql`${t.processedAt} is null`),
    // The inventory's version: the newest change set that changed an asset (what caches of asset totals key on).
    index("inventory_outbox_changes_idx")
      .on(t.organizationId, t.id)
      .where(sql`${t.hasChanges}`),
  ],
);
