CREATE TABLE "exception_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"justification" text NOT NULL,
	"expires_on" date NOT NULL,
	"requested_by_user_id" uuid,
	"requested_by_label" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision" text,
	"decided_by_user_id" uuid,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "exception_requests_decision_check" CHECK ("exception_requests"."decision" is null or "exception_requests"."decision" in ('approved','refused','withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "four_eyes_severities" text[] DEFAULT '{critical,high}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "exception_requests" ADD CONSTRAINT "exception_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exception_requests" ADD CONSTRAINT "exception_requests_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exception_requests" ADD CONSTRAINT "exception_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exception_requests" ADD CONSTRAINT "exception_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exception_requests_org_idx" ON "exception_requests" USING btree ("organization_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exception_requests_one_pending_key" ON "exception_requests" USING btree ("finding_id") WHERE "exception_requests"."decision" is null;--> statement-breakpoint
-- Row-level security: the operator's staff only (a tenant member never sees who asked for what, nor why); like the
-- other organisation tables (0031, 0035). Requests are history: decided, never removed.
ALTER TABLE exception_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY exception_requests_isolation ON exception_requests TO attest_app
  USING (((organization_id = app_organization_id()) AND (SELECT app_is_operator())))
  WITH CHECK (((organization_id = app_organization_id()) AND (SELECT app_is_operator())));
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON exception_requests FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON exception_requests TO attest_app;
