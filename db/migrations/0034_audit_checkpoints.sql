CREATE TABLE "audit_checkpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"position" bigint NOT NULL,
	"head_seq" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"kid" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attestations" ADD COLUMN "audit_head_seq" bigint;--> statement-breakpoint
ALTER TABLE "attestations" ADD COLUMN "audit_head_hash" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "audit_head_seq" bigint;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "audit_head_hash" text;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD CONSTRAINT "audit_checkpoints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_checkpoints_org_position_key" ON "audit_checkpoints" USING btree ("organization_id","position");--> statement-breakpoint
-- Audit checkpoints are append-only like the audit log (see 0001_security.sql): the operator's rows only, the
-- application role may read and add them, and the database refuses UPDATE, DELETE and TRUNCATE to everyone.
ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_checkpoints_read ON audit_checkpoints FOR SELECT TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
CREATE POLICY audit_checkpoints_append ON audit_checkpoints FOR INSERT TO attest_app
  WITH CHECK (organization_id = app_organization_id());
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_checkpoints TO attest_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION append_only_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
