CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_by_user_id" uuid,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "asset_versions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "asset_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"tenant_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"country" text,
	"region" text,
	"owner" text,
	"tags" jsonb NOT NULL,
	"attributes" jsonb NOT NULL,
	"ingest_id" uuid,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"tenant_id" uuid,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"country" text,
	"region" text,
	"owner" text,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"effective_country" text,
	"site_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"content_hash" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assets_kind_check" CHECK ("assets"."kind" in ('site','hall','rack','device','storage_volume','dataset','backup','cloud_resource','data_transfer','power_feed'))
);
--> statement-breakpoint
CREATE TABLE "inventory_ingests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"source" text NOT NULL,
	"mode" text NOT NULL,
	"actor_label" text NOT NULL,
	"received" integer NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"deleted" integer NOT NULL,
	"readings" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inventory_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"ingest_id" uuid NOT NULL,
	"created_ids" jsonb NOT NULL,
	"updated_ids" jsonb NOT NULL,
	"deleted_ids" jsonb NOT NULL,
	"processed_at" timestamp with time zone,
	"has_changes" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "power_readings" (
	"organization_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"kw" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_versions" ADD CONSTRAINT "asset_versions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_versions" ADD CONSTRAINT "asset_versions_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_parent_id_assets_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_ingests" ADD CONSTRAINT "inventory_ingests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_outbox" ADD CONSTRAINT "inventory_outbox_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_outbox" ADD CONSTRAINT "inventory_outbox_ingest_id_inventory_ingests_id_fk" FOREIGN KEY ("ingest_id") REFERENCES "public"."inventory_ingests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "power_readings" ADD CONSTRAINT "power_readings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "power_readings" ADD CONSTRAINT "power_readings_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_org_idx" ON "api_tokens" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "asset_versions_asset_version_key" ON "asset_versions" USING btree ("asset_id","version");--> statement-breakpoint
CREATE INDEX "asset_versions_org_valid_idx" ON "asset_versions" USING btree ("organization_id","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "asset_versions_current_idx" ON "asset_versions" USING btree ("asset_id") WHERE "asset_versions"."valid_to" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "assets_org_source_kind_external_key" ON "assets" USING btree ("organization_id","source","kind","external_id");--> statement-breakpoint
CREATE INDEX "assets_org_kind_idx" ON "assets" USING btree ("organization_id","kind","name");--> statement-breakpoint
CREATE INDEX "assets_org_parent_idx" ON "assets" USING btree ("organization_id","parent_id");--> statement-breakpoint
CREATE INDEX "assets_org_tenant_idx" ON "assets" USING btree ("organization_id","tenant_id");--> statement-breakpoint
CREATE INDEX "assets_org_site_idx" ON "assets" USING btree ("organization_id","site_id");--> statement-breakpoint
CREATE INDEX "assets_org_updated_idx" ON "assets" USING btree ("organization_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "inventory_ingests_org_idx" ON "inventory_ingests" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "inventory_outbox_pending_idx" ON "inventory_outbox" USING btree ("organization_id","id") WHERE "inventory_outbox"."processed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "power_readings_asset_time_key" ON "power_readings" USING btree ("asset_id","measured_at");--> statement-breakpoint
CREATE INDEX "power_readings_org_time_idx" ON "power_readings" USING btree ("organization_id","measured_at");