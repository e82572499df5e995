-- Row-level security for permits (see 0001_security.sql): operator-side data.
ALTER TABLE permits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY permits_isolation ON permits TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON permits TO attest_app;
--> statement-breakpoint
-- Permits are archived, never deleted: the register keeps what a site operated under.
REVOKE DELETE ON permits FROM attest_app;
