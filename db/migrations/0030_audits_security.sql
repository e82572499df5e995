-- Row-level security for audits (see 0001_security.sql): the operator's staff only, never tenant members. Which
-- auditor may review which audit is checked by the application (app/audits), since it depends on the assignment.
ALTER TABLE audits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audits_isolation ON audits TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE audit_auditors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_auditors_isolation ON audit_auditors TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE audit_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_reviews_isolation ON audit_reviews TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
-- The review trail is evidence: entries are added, never changed or removed.
REVOKE UPDATE, DELETE ON audit_reviews FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_reviews TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON audits TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON audit_auditors TO attest_app;
--> statement-breakpoint
-- An audit is closed, never deleted.
REVOKE DELETE ON audits FROM attest_app;
