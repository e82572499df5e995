-- Custom policies are the operator's (see 0001_security.sql): tenant members never see them. Versions are history.
ALTER TABLE custom_policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY custom_policies_isolation ON custom_policies TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE custom_policy_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY custom_policy_versions_isolation ON custom_policy_versions TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
REVOKE UPDATE, DELETE ON custom_policy_versions FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON custom_policy_versions TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON custom_policies TO attest_app;
