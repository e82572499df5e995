CREATE TABLE "attestations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"language" text NOT NULL,
	"attested_at" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by_label" text NOT NULL,
	"run_id" uuid NOT NULL,
	"inventory_digest" text NOT NULL,
	"kid" text NOT NULL,
	"jws" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_label" text,
	"revocation_reason" text,
	CONSTRAINT "attestations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"framework" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"language" text NOT NULL,
	"audit_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"stage" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"file_name" text,
	"content_type" text,
	"content" "bytea",
	"sha256" text,
	"size" integer,
	"run_id" uuid,
	"inventory_version" bigint,
	"requested_by_user_id" uuid,
	"requested_by_label" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "reports_status_check" CHECK ("reports"."status" in ('queued','running','completed','failed')),
	CONSTRAINT "reports_kind_check" CHECK ("reports"."kind" in ('audit_report','evidence_pack')),
	CONSTRAINT "reports_period_check" CHECK ("reports"."period_start" <= "reports"."period_end"),
	CONSTRAINT "reports_progress_check" CHECK ("reports"."progress" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attestations_org_tenant_idx" ON "attestations" USING btree ("organization_id","tenant_id","issued_at");--> statement-breakpoint
CREATE INDEX "reports_org_idx" ON "reports" USING btree ("organization_id","queued_at");--> statement-breakpoint
CREATE INDEX "reports_queued_idx" ON "reports" USING btree ("queued_at") WHERE "reports"."status" in ('queued','running');