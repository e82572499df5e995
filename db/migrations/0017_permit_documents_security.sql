-- Operator-side documents (see 0001_security.sql): added, never changed.
ALTER TABLE permit_documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY permit_documents_isolation ON permit_documents TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
REVOKE UPDATE, DELETE ON permit_documents FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON permit_documents TO attest_app;
