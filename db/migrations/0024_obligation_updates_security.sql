-- Obligation status changes follow their agreement (see 0011): a tenant member sees those of agreements its tenant
-- signed; only the operator writes them, and they are history: never changed.
ALTER TABLE obligation_updates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY obligation_updates_isolation ON obligation_updates TO attest_app
  USING (organization_id = app_organization_id()
         AND (app_tenant_id() IS NULL OR EXISTS (SELECT 1 FROM agreements a WHERE a.id = agreement_id)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
REVOKE UPDATE, DELETE ON obligation_updates FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON obligation_updates TO attest_app;
