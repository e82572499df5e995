-- A tenant member reads its own tenant's entries; only the operator writes them (see 0001_security.sql).
ALTER TABLE residency_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY residency_entries_isolation ON residency_entries TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON residency_entries TO attest_app;
--> statement-breakpoint
REVOKE DELETE ON residency_entries FROM attest_app;
