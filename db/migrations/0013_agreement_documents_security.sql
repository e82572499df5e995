-- Documents follow their agreement's visibility (see 0011_agreements_security.sql); they are added, never changed.
ALTER TABLE agreement_documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agreement_documents_isolation ON agreement_documents TO attest_app
  USING (organization_id = app_organization_id()
         AND (app_tenant_id() IS NULL OR EXISTS (SELECT 1 FROM agreements a WHERE a.id = agreement_id)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
REVOKE UPDATE, DELETE ON agreement_documents FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON agreement_documents TO attest_app;
--> statement-breakpoint
-- A tenant member may download the files of the agreements it can see.
DROP POLICY evidence_files_isolation ON evidence_files;
--> statement-breakpoint
CREATE POLICY evidence_files_isolation ON evidence_files TO attest_app
  USING (organization_id = app_organization_id()
         AND (app_tenant_id() IS NULL
              OR EXISTS (SELECT 1 FROM agreement_documents d WHERE d.organization_id = evidence_files.organization_id AND d.sha256 = evidence_files.sha256)))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
