-- Row-level security for agreements (see 0001_security.sql). A tenant member sees the agreements its tenant is a
-- party to; counterparties are operator-side data.
ALTER TABLE counterparties ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY counterparties_isolation ON counterparties TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agreements_isolation ON agreements TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR app_tenant_id() = ANY (tenant_ids)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE agreement_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agreement_versions_isolation ON agreement_versions TO attest_app
  USING (organization_id = app_organization_id()
         AND (app_tenant_id() IS NULL OR EXISTS (SELECT 1 FROM agreements a WHERE a.id = agreement_id)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON counterparties, agreements TO attest_app;
--> statement-breakpoint
-- Versions are the record of what was agreed: added, never changed.
REVOKE UPDATE, DELETE ON agreement_versions FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON agreement_versions TO attest_app;
--> statement-breakpoint
REVOKE DELETE ON counterparties, agreements FROM attest_app;
