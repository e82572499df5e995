-- Row-level security for the controls register (see 0001_security.sql). Operator-side data: tenant members never
-- see it.
ALTER TABLE control_records ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY control_records_isolation ON control_records TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE evidence_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY evidence_files_isolation ON evidence_files TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE control_evidence ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY control_evidence_isolation ON control_evidence TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
-- Evidence is kept: the application may add versions and files, never change or remove them.
GRANT SELECT, INSERT, UPDATE ON control_records TO attest_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON control_evidence, evidence_files FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON control_evidence, evidence_files TO attest_app;
