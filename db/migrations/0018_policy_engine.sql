CREATE TABLE "evaluation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"policy_set_hash" text,
	"inventory_version" bigint,
	"counts" jsonb,
	"error" text,
	"attempts" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "evaluation_runs_status_check" CHECK ("evaluation_runs"."status" in ('queued','completed','failed')),
	CONSTRAINT "evaluation_runs_trigger_check" CHECK ("evaluation_runs"."trigger" in ('change','schedule','manual','api'))
);
--> statement-breakpoint
CREATE TABLE "evaluation_triggers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_triggers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"processed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "finding_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"run_id" uuid,
	"actor_label" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"justification" text NOT NULL,
	"expires_on" date NOT NULL,
	"granted_by_user_id" uuid,
	"granted_by_label" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"ended_by_label" text
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"policy_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_kind" text NOT NULL,
	"resource_name" text NOT NULL,
	"tenant_id" uuid,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"message" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"opened_run_id" uuid NOT NULL,
	"last_run_id" uuid NOT NULL,
	CONSTRAINT "findings_status_check" CHECK ("findings"."status" in ('open','accepted','resolved')),
	CONSTRAINT "findings_severity_check" CHECK ("findings"."severity" in ('critical','high','medium','low'))
);
--> statement-breakpoint
CREATE TABLE "policy_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"tenant_id" uuid,
	"policy_id" text NOT NULL,
	"params" jsonb NOT NULL,
	"updated_by_label" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_results" (
	"organization_id" uuid NOT NULL,
	"policy_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_kind" text NOT NULL,
	"resource_name" text NOT NULL,
	"tenant_id" uuid,
	"status" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"message" jsonb,
	"error" text,
	"digest" text NOT NULL,
	"run_id" uuid NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_triggers" ADD CONSTRAINT "evaluation_triggers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_exceptions" ADD CONSTRAINT "finding_exceptions_granted_by_user_id_users_id_fk" FOREIGN KEY ("granted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_overrides" ADD CONSTRAINT "policy_overrides_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_overrides" ADD CONSTRAINT "policy_overrides_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_results" ADD CONSTRAINT "policy_results_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_runs_org_idx" ON "evaluation_runs" USING btree ("organization_id","queued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_runs_one_queued_key" ON "evaluation_runs" USING btree ("organization_id") WHERE "evaluation_runs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "evaluation_triggers_pending_idx" ON "evaluation_triggers" USING btree ("organization_id","id") WHERE "evaluation_triggers"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "finding_events_finding_idx" ON "finding_events" USING btree ("finding_id","id");--> statement-breakpoint
CREATE INDEX "finding_exceptions_finding_idx" ON "finding_exceptions" USING btree ("finding_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finding_exceptions_live_key" ON "finding_exceptions" USING btree ("finding_id") WHERE "finding_exceptions"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "findings_live_key" ON "findings" USING btree ("organization_id","policy_id","resource_id") WHERE "findings"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "findings_org_status_idx" ON "findings" USING btree ("organization_id","status","severity");--> statement-breakpoint
CREATE INDEX "findings_org_tenant_idx" ON "findings" USING btree ("organization_id","tenant_id");--> statement-breakpoint
CREATE INDEX "findings_org_resource_idx" ON "findings" USING btree ("organization_id","resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_overrides_key" ON "policy_overrides" USING btree ("organization_id","policy_id",coalesce("tenant_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE UNIQUE INDEX "policy_results_key" ON "policy_results" USING btree ("organization_id","policy_id","resource_id");--> statement-breakpoint
CREATE INDEX "policy_results_resource_idx" ON "policy_results" USING btree ("organization_id","resource_id");--> statement-breakpoint
CREATE INDEX "policy_results_policy_status_idx" ON "policy_results" USING btree ("organization_id","policy_id","status");