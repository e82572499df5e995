CREATE TABLE "control_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"framework_id" text NOT NULL,
	"requirement_id" text NOT NULL,
	"lineage_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"file_sha256" text,
	"file_name" text,
	"evidence_date" date NOT NULL,
	"expires_on" date,
	"author_user_id" uuid,
	"author_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "control_evidence_kind_check" CHECK (("control_evidence"."kind" = 'file' and "control_evidence"."file_sha256" is not null) or ("control_evidence"."kind" = 'link' and "control_evidence"."url" is not null))
);
--> statement-breakpoint
CREATE TABLE "control_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"framework_id" text NOT NULL,
	"requirement_id" text NOT NULL,
	"applicable" boolean DEFAULT true NOT NULL,
	"justification" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"owner_user_id" uuid,
	"review_interval_months" integer DEFAULT 12 NOT NULL,
	"next_review_on" date,
	"linked_policies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "control_records_status_check" CHECK ("control_records"."status" in ('not_started','partial','implemented','not_applicable')),
	CONSTRAINT "control_records_review_interval_check" CHECK ("control_records"."review_interval_months" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"organization_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_files_organization_id_sha256_pk" PRIMARY KEY("organization_id","sha256")
);
--> statement-breakpoint
ALTER TABLE "control_evidence" ADD CONSTRAINT "control_evidence_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_evidence" ADD CONSTRAINT "control_evidence_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_records" ADD CONSTRAINT "control_records_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_records" ADD CONSTRAINT "control_records_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "control_evidence_lineage_version_key" ON "control_evidence" USING btree ("lineage_id","version");--> statement-breakpoint
CREATE INDEX "control_evidence_org_requirement_idx" ON "control_evidence" USING btree ("organization_id","framework_id","requirement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "control_records_org_requirement_key" ON "control_records" USING btree ("organization_id","framework_id","requirement_id");