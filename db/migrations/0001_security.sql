-- Row-level security and the append-only audit log.
-- The application connects as the table owner (or a superuser) and, for every request made on behalf of a
-- user, switches to the role attest_app inside the transaction (SET LOCAL ROLE) after setting
-- app.organization_id (and app.tenant_id for tenant members). The policies below apply to attest_app only, so a
-- query that forgets its WHERE clause still cannot read another organisation's (or another tenant's) rows.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'attest_app') THEN
    CREATE ROLE attest_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT attest_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_organization_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.organization_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO attest_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO attest_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO attest_app;
--> statement-breakpoint
GRANT SELECT, UPDATE ON organizations TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, memberships, invitations TO attest_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log TO attest_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO attest_app;
--> statement-breakpoint
-- Users are global identities: the application role sees the members of the current organisation only, and
-- never the password hash.
GRANT SELECT (id, email, name, locale, created_at, updated_at), UPDATE (name, locale, updated_at) ON users TO attest_app;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organizations_isolation ON organizations TO attest_app
  USING (id = app_organization_id()) WITH CHECK (id = app_organization_id());
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenants_isolation ON tenants TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR id = app_tenant_id()));
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_isolation ON memberships TO attest_app
  USING (organization_id = app_organization_id() AND (app_tenant_id() IS NULL OR tenant_id = app_tenant_id()))
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invitations_isolation ON invitations TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL)
  WITH CHECK (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_members_of_current_organization ON users TO attest_app
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_read ON audit_log FOR SELECT TO attest_app
  USING (organization_id = app_organization_id() AND app_tenant_id() IS NULL);
--> statement-breakpoint
CREATE POLICY audit_log_append ON audit_log FOR INSERT TO attest_app
  WITH CHECK (organization_id = app_organization_id());
--> statement-breakpoint
-- Two writers can never extend the same chain link: a fork fails on this index.
CREATE UNIQUE INDEX audit_log_org_prev_hash_key ON audit_log (organization_id, prev_hash);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
