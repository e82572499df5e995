CREATE TABLE "findings_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "findings_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"token" uuid DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "results_version" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "results_version" SET DATA TYPE uuid USING gen_random_uuid();--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "results_version" SET DEFAULT gen_random_uuid();--> statement-breakpoint
ALTER TABLE "findings_changes" ADD CONSTRAINT "findings_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "findings_changes_org_idx" ON "findings_changes" USING btree ("organization_id","id");
--> statement-breakpoint
-- Like the organisation row: each organisation sees and adds only its own. Nothing in it but a token.
ALTER TABLE findings_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY findings_changes_isolation ON findings_changes TO attest_app
  USING (organization_id = app_organization_id()) WITH CHECK (organization_id = app_organization_id());
--> statement-breakpoint
GRANT SELECT, INSERT ON findings_changes TO attest_app;
--> statement-breakpoint
-- Every statement that writes findings, or permits (a finding on a permit counts at the permit's site), adds one row per
-- organisation it touched: no writer can forget to move the version.
CREATE OR REPLACE FUNCTION findings_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO findings_changes (organization_id) SELECT DISTINCT organization_id FROM changed_rows;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER findings_inserted AFTER INSERT ON findings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION findings_changed();
--> statement-breakpoint
CREATE TRIGGER findings_updated AFTER UPDATE ON findings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION findings_changed();
--> statement-breakpoint
CREATE TRIGGER findings_deleted AFTER DELETE ON findings REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION findings_changed();
--> statement-breakpoint
CREATE TRIGGER permits_inserted AFTER INSERT ON permits REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION findings_changed();
--> statement-breakpoint
CREATE TRIGGER permits_updated AFTER UPDATE ON permits REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION findings_changed();
--> statement-breakpoint
CREATE TRIGGER permits_deleted AFTER DELETE ON permits REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION findings_changed();
