CREATE TABLE "policy_result_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_result_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"policy_id" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"tenant_id" uuid,
	"status" text NOT NULL,
	"run_id" uuid NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "evaluation_runs" ADD COLUMN "results_recorded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_result_history" ADD CONSTRAINT "policy_result_history_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "policy_result_history_current_key" ON "policy_result_history" USING btree ("organization_id","policy_id","resource_id") WHERE "policy_result_history"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "policy_result_history_org_closed_idx" ON "policy_result_history" USING btree ("organization_id","valid_to") WHERE "policy_result_history"."valid_to" is not null;--> statement-breakpoint
CREATE INDEX "audit_log_org_type_time_idx" ON "audit_log" USING btree ("organization_id","entity_type","created_at");
--> statement-breakpoint
-- Row-level security like policy_results (0031, 0033): the operator's staff, or a tenant member for that tenant's rows.
-- The history is evidence: the application adds rows and closes the current one, never removes any.
ALTER TABLE policy_result_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY policy_result_history_isolation ON policy_result_history TO attest_app
  USING (((organization_id = app_organization_id()) AND ((SELECT app_is_operator()) OR (tenant_id = app_tenant_id()))))
  WITH CHECK (((organization_id = app_organization_id()) AND (SELECT app_is_operator())));
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON policy_result_history FROM attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON policy_result_history TO attest_app;
--> statement-breakpoint
-- A row is closed once (its valid_to set) and otherwise never changes, whoever asks.
CREATE OR REPLACE FUNCTION policy_result_history_close_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.valid_to IS NOT NULL OR NEW.valid_to IS NULL OR NEW.valid_to < OLD.valid_from
     OR (NEW.id, NEW.organization_id, NEW.policy_id, NEW.resource_id, NEW.tenant_id, NEW.status, NEW.run_id, NEW.valid_from)
        IS DISTINCT FROM (OLD.id, OLD.organization_id, OLD.policy_id, OLD.resource_id, OLD.tenant_id, OLD.status, OLD.run_id, OLD.valid_from) THEN
    RAISE EXCEPTION 'policy_result_history: a row is closed once, never rewritten' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER policy_result_history_close_only BEFORE UPDATE ON policy_result_history
  FOR EACH ROW EXECUTE FUNCTION policy_result_history_close_only();
--> statement-breakpoint
CREATE TRIGGER policy_result_history_no_delete BEFORE DELETE ON policy_result_history
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER policy_result_history_no_truncate BEFORE TRUNCATE ON policy_result_history
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
-- The latest results are known exactly: they start the history, from the instant each was evaluated.
INSERT INTO policy_result_history (organization_id, policy_id, resource_id, tenant_id, status, run_id, valid_from)
  SELECT organization_id, policy_id, resource_id, tenant_id, status, run_id, evaluated_at FROM policy_results;
--> statement-breakpoint
-- Earlier runs' statuses were overwritten: only each organisation's latest completed run is known.
UPDATE evaluation_runs r SET results_recorded = true
  WHERE r.status = 'completed' AND r.finished_at = (
    SELECT max(l.finished_at) FROM evaluation_runs l WHERE l.organization_id = r.organization_id AND l.status = 'completed');
