CREATE TABLE "risk_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_user_id" uuid,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_controls" (
	"organization_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"framework_id" text NOT NULL,
	"requirement_id" text NOT NULL,
	CONSTRAINT "risk_controls_risk_id_framework_id_requirement_id_pk" PRIMARY KEY("risk_id","framework_id","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "risk_findings" (
	"organization_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_findings_risk_id_finding_id_pk" PRIMARY KEY("risk_id","finding_id")
);
--> statement-breakpoint
CREATE TABLE "risk_scales" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"scale" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_scope" (
	"organization_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"type" text NOT NULL,
	"target_id" uuid NOT NULL,
	CONSTRAINT "risk_scope_risk_id_type_target_id_pk" PRIMARY KEY("risk_id","type","target_id"),
	CONSTRAINT "risk_scope_type_check" CHECK ("risk_scope"."type" in ('asset','tenant','agreement'))
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"library_id" text,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"risk_source" text DEFAULT '' NOT NULL,
	"threat" text DEFAULT '' NOT NULL,
	"vulnerability" text DEFAULT '' NOT NULL,
	"owner_user_id" uuid,
	"inherent_likelihood" integer NOT NULL,
	"inherent_impact" integer NOT NULL,
	"residual_likelihood" integer NOT NULL,
	"residual_impact" integer NOT NULL,
	"treatment" text NOT NULL,
	"accepted_by_user_id" uuid,
	"accepted_at" timestamp with time zone,
	"acceptance_expires_on" date,
	"acceptance_note" text,
	"next_review_on" date,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assessed_controls" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risks_treatment_check" CHECK ("risks"."treatment" in ('modify','retain','avoid','share')),
	CONSTRAINT "risks_language_check" CHECK ("risks"."language" in ('en','fr')),
	CONSTRAINT "risks_levels_check" CHECK (least("risks"."inherent_likelihood", "risks"."inherent_impact", "risks"."residual_likelihood", "risks"."residual_impact") >= 1 and greatest("risks"."inherent_likelihood", "risks"."inherent_impact", "risks"."residual_likelihood", "risks"."residual_impact") <= 5),
	CONSTRAINT "risks_acceptance_check" CHECK ("risks"."accepted_at" is null or ("risks"."accepted_by_user_id" is not null and "risks"."acceptance_expires_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_controls" ADD CONSTRAINT "risk_controls_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_controls" ADD CONSTRAINT "risk_controls_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_findings" ADD CONSTRAINT "risk_findings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_findings" ADD CONSTRAINT "risk_findings_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_findings" ADD CONSTRAINT "risk_findings_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_scales" ADD CONSTRAINT "risk_scales_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_scope" ADD CONSTRAINT "risk_scope_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_scope" ADD CONSTRAINT "risk_scope_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_actions_risk_idx" ON "risk_actions" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "risk_actions_due_idx" ON "risk_actions" USING btree ("organization_id","due_on");--> statement-breakpoint
CREATE INDEX "risk_controls_requirement_idx" ON "risk_controls" USING btree ("organization_id","framework_id","requirement_id");--> statement-breakpoint
CREATE INDEX "risk_findings_finding_idx" ON "risk_findings" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "risk_scope_target_idx" ON "risk_scope" USING btree ("organization_id","type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risks_org_reference_key" ON "risks" USING btree ("organization_id","reference");--> statement-breakpoint
CREATE INDEX "risks_org_idx" ON "risks" USING btree ("organization_id","archived_at");--> statement-breakpoint
-- The risk register is the operator's own analysis (docs/decisions/014-risk-register.md): its organisation's staff
-- read and write it, tenant members see none of it, and risks are archived rather than deleted.
ALTER TABLE risk_scales ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_scales_isolation ON risk_scales TO attest_app
  USING (organization_id = app_organization_id() AND app_is_operator())
  WITH CHECK (organization_id = app_organization_id() AND app_is_operator());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON risk_scales TO attest_app;
--> statement-breakpoint
ALTER TABLE risks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risks_isolation ON risks TO attest_app
  USING (organization_id = app_organization_id() AND app_is_operator())
  WITH CHECK (organization_id = app_organization_id() AND app_is_operator());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON risks TO attest_app;
--> statement-breakpoint
ALTER TABLE risk_actions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_actions_isolation ON risk_actions TO attest_app
  USING (organization_id = app_organization_id() AND app_is_operator())
  WITH CHECK (organization_id = app_organization_id() AND app_is_operator());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON risk_actions TO attest_app;
--> statement-breakpoint
-- The links (controls, scope, findings) are replaced as a whole when a risk is saved; the audit entry keeps them.
ALTER TABLE risk_controls ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_controls_isolation ON risk_controls TO attest_app
  USING (organization_id = app_organization_id() AND app_is_operator())
  WITH CHECK (organization_id = app_organization_id() AND app_is_operator());
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON risk_controls TO attest_app;
--> statement-breakpoint
ALTER TABLE risk_scope ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_scope_isolation ON risk_scope TO attest_app
  USING (organization_id = app_organization_id() AND app_is_operator())
  WITH CHECK (organization_id = app_organization_id() AND app_is_operator());
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON risk_scope TO attest_app;
--> statement-breakpoint
ALTER TABLE risk_findings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_findings_isolation ON risk_findings TO attest_app
  USING (organization_id = app_organization_id() AND app_is_operator())
  WITH CHECK (organization_id = app_organization_id() AND app_is_operator());
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON risk_findings TO attest_app;
