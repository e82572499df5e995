-- Row-level security for the inventory tables (see 0001_security.sql for the model). Tenant members see the
-- assets of their own tenant only; operational tables (tokens, ingests, outbox, readings) are operator-only.
ALTER TABLE assets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY assets_isolation ON assets TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE asset_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY asset_versions_isolation ON asset_versions TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE power_readings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY power_readings_isolation ON power_readings TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY api_tokens_isolation ON api_tokens TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE inventory_ingests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY inventory_ingests_isolation ON inventory_ingests TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE inventory_outbox ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY inventory_outbox_isolation ON inventory_outbox TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
-- Explicit grants, not only default privileges: the migrations may run as a role other than the one that ran 0001.
GRANT SELECT, INSERT, UPDATE, DELETE ON assets, asset_versions, power_readings, api_tokens, inventory_ingests, inventory_outbox TO attest_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO attest_app;
