-- Row-level security, planned well at scale. Policies said "app_tenant_id() IS NULL" for "the operator's staff":
-- the planner cannot evaluate that once (RLS quals are security barriers) and estimates it true for 0.5 % of rows,
-- so at 100,000 assets it read whole tables and sorted them instead of walking an index for one page (measured
-- with EXPLAIN, tests/explain.test.ts). A boolean function call is estimated at one third, and a PL/pgSQL one is not
-- inlined back into the expression. Same meaning, every policy rewritten with it.
CREATE OR REPLACE FUNCTION app_is_operator() RETURNS boolean
  LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN coalesce(current_setting('app.tenant_id', true), '') = ''; END $$;
--> statement-breakpoint
ALTER POLICY agreement_documents_isolation ON agreement_documents
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (EXISTS ( SELECT 1
   FROM agreements a
  WHERE (a.id = agreement_documents.agreement_id))))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY agreement_versions_isolation ON agreement_versions
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (EXISTS ( SELECT 1
   FROM agreements a
  WHERE (a.id = agreement_versions.agreement_id))))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY agreements_isolation ON agreements
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (app_tenant_id() = ANY (tenant_ids)))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY api_tokens_isolation ON api_tokens
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY asset_versions_isolation ON asset_versions
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY assets_isolation ON assets
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY attestations_isolation ON attestations
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY audit_auditors_isolation ON audit_auditors
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY audit_log_read ON audit_log
  USING (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY audit_reviews_isolation ON audit_reviews
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY audits_isolation ON audits
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY control_evidence_isolation ON control_evidence
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY control_records_isolation ON control_records
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY counterparties_isolation ON counterparties
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY custom_policies_isolation ON custom_policies
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY custom_policy_versions_isolation ON custom_policy_versions
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY evaluation_runs_isolation ON evaluation_runs
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY evaluation_triggers_isolation ON evaluation_triggers
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY evidence_files_isolation ON evidence_files
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (EXISTS ( SELECT 1
   FROM agreement_documents d
  WHERE ((d.organization_id = evidence_files.organization_id) AND (d.sha256 = evidence_files.sha256)))))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY finding_events_isolation ON finding_events
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (EXISTS ( SELECT 1
   FROM findings f
  WHERE (f.id = finding_events.finding_id))))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY finding_exceptions_isolation ON finding_exceptions
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (EXISTS ( SELECT 1
   FROM findings f
  WHERE (f.id = finding_exceptions.finding_id))))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY findings_isolation ON findings
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY inventory_ingests_isolation ON inventory_ingests
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY inventory_outbox_isolation ON inventory_outbox
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY invitations_isolation ON invitations
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY memberships_isolation ON memberships
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY obligation_updates_isolation ON obligation_updates
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (EXISTS ( SELECT 1
   FROM agreements a
  WHERE (a.id = obligation_updates.agreement_id))))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY permit_documents_isolation ON permit_documents
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY permits_isolation ON permits
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY policy_overrides_isolation ON policy_overrides
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY policy_results_isolation ON policy_results
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY power_readings_isolation ON power_readings
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY reports_isolation ON reports
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY residency_entries_isolation ON residency_entries
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY signing_keys_isolation ON signing_keys
  USING (((organization_id = app_organization_id()) AND app_is_operator()))
  WITH CHECK (((organization_id = app_organization_id()) AND app_is_operator()));
--> statement-breakpoint
ALTER POLICY tenants_isolation ON tenants
  USING (((organization_id = app_organization_id()) AND (app_is_operator() OR (id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND (app_is_operator() OR (id = app_tenant_id()))));
