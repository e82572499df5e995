-- Row-level security for attestations and reports (see 0001_security.sql). A tenant member reads its own tenant's
-- attestations; reports are the operator's. Public verification by code runs as the system role.
ALTER TABLE attestations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY attestations_isolation ON attestations TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY reports_isolation ON reports TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
-- An issued attestation is evidence: it is revoked, never deleted or rewritten.
REVOKE UPDATE, DELETE ON attestations FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON attestations TO attest_app;
--> statement-breakpoint
GRANT UPDATE (revoked_at, revoked_by_label, revocation_reason) ON attestations TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON reports TO attest_app;
