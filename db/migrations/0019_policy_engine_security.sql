-- Row-level security for the policy engine (see 0001_security.sql). Tenant members see their own tenant's results,
-- findings and the history and exceptions of those findings; runs, triggers and parameter overrides are operator-only.
ALTER TABLE evaluation_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY evaluation_runs_isolation ON evaluation_runs TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE evaluation_triggers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY evaluation_triggers_isolation ON evaluation_triggers TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE policy_overrides ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY policy_overrides_isolation ON policy_overrides TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE policy_results ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY policy_results_isolation ON policy_results TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE findings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY findings_isolation ON findings TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE finding_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY finding_events_isolation ON finding_events TO attest_app
  USING (organization_id = app_organization_id()
         AND (app_tenant_id() IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.id = finding_id)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE finding_exceptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY finding_exceptions_isolation ON finding_exceptions TO attest_app
  USING (organization_id = app_organization_id()
         AND (app_tenant_id() IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.id = finding_id)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
-- Events are history: added, never changed.
REVOKE UPDATE, DELETE ON finding_events FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON finding_events TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON evaluation_runs, evaluation_triggers, policy_overrides, policy_results, findings, finding_exceptions TO attest_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO attest_app;
