import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, withScope } from "../../db/connection.server";
import { createTestDatabase, type TestDatabase } from "../../tests/db";
import { createOrganization } from "../../tests/factories";
import { openFindingsTrend } from "./findings.server";
import * as clock from "../config/clock";

const SEVERITIES = ["critical", "high", "medium", "low"] as const;
let database: TestDatabase;
let org = "";

beforeAll(async () => {
  database = await createTestDatabase();
  org = (await createOrganization(database.db)).id;
  const run = rowsOf<{ id: string }>(
    await database.db.execute(
      sql`insert into evaluation_runs (organization_id, trigger, scope, status, requested_by) values (${org}, 'manual', 'full', 'completed', 'test') returning id`,
    ),
  )[0]!.id;
  // 300 findings first seen up to 60 days ago (some before the window, some today), a third resolved since, at
  // times of day that straddle midnight; a few "seen" tomorrow, which no day counts yet.
  await database.db.execute(sql`
    insert into findings (organization_id, policy_id, resource_type, resource_id, resource_kind, resource_name, severity, status, message, evidence,
                          first_seen_at, resolved_at, last_seen_at, opened_run_id, last_run_id)
    select ${org}, 'p' || (n % 7), 'asset', gen_random_uuid(), 'device', 'r' || n, (array['critical','high','medium','low'])[1 + n % 4],
           case when n % 3 = 0 then 'resolved' else 'open' end, '{"en":"x","fr":"x"}', '{}',
           seen, case when n % 3 = 0 then seen + ((n * 37) % 50) * interval '1 day' + interval '7 hours' end, now(), ${run}, ${run}
    from (select n, case when n % 50 = 0 then ${clock.today()}::date + interval '1 day 2 hours' else ${clock.now().toISOString()}::timestamptz - ((n * 13) % 61) * interval '1 day' - (n % 24) * interval '1 hour' end as seen
          from generate_series(1, 300) n) s`);
});
afterAll(() => database.destroy());

describe("open findings trend", () => {
  it("counts, for each of the last 30 days, the findings open at its end, as a per-day recount does", async () => {
    const trend = await withScope(database.db, { organizationId: org, tenantId: null }, (tx) =>
      openFindingsTrend(tx, { organizationId: org, days: 30 }),
    );
    const recount = rowsOf<{ day: string; severity: string; n: number }>(
      await database.db.execute(sql`
        select d::date::text as day, f.severity, count(*)::int as n
        from generate_series(${clock.today()}::date - 29, ${clock.today()}::date, interval '1 day') d
        join findings f on f.organization_id = ${org} and f.first_seen_at < d + interval '1 day'
                        and (f.resolved_at is null or f.resolved_at >= d + interval '1 day')
        group by 1, 2`),
    );
    expect(trend).toHaveLength(30);
    let nonZero = 0;
    for (const day of trend) {
      for (const severity of SEVERITIES) {
        const expected = recount.find((r) => r.day === day.day && r.severity === severity)?.n ?? 0;
        expect(day[severity], `${day.day} ${severity}`).toBe(expected);
        if (expected > 0) nonZero++;
      }
    }
    expect(nonZero).toBeGreaterThan(100);
    expect(new Set(trend.map((d) => d.day)).size).toBe(30);
  });
});
