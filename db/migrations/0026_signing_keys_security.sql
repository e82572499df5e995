-- Signing keys are the operator's (see 0001_security.sql). Public keys are published by the server itself (system
-- role), never through a user's scope; tenant members never read the table.
ALTER TABLE signing_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY signing_keys_isolation ON signing_keys TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
REVOKE DELETE ON signing_keys FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON signing_keys TO attest_app;
