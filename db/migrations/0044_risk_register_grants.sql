-- The register keeps what it recorded (decision 014): 0001's default privileges granted DELETE on every new table, so
-- 0043's grants took nothing away. Risks, their actions and scales are archived or replaced, never deleted; the link
-- tables are replaced as a whole (delete and insert), never updated in place.
REVOKE DELETE, TRUNCATE ON risks, risk_actions, risk_scales FROM attest_app;
--> statement-breakpoint
REVOKE UPDATE, TRUNCATE ON risk_controls, risk_scope, risk_findings FROM attest_app;
