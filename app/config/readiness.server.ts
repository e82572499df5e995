import { appliedMigrationCount, type Db } from "../../db/connection.server";

export type Readiness = {
  status: 200 | 503;
  body: { status: "ready" | "migrating" | "database_unreachable"; migrations?: { applied: number; expected: number }; driver: string };
};

/** What /readyz answers: ready when the database answers and every migration is applied. */
export async function readiness(db: Db, driver: string, expectedMigrations: number): Promise<Readiness> {
  try {
    const applied = await appliedMigrationCount(db);
    const ready = applied >= expectedMigrations;
    return {
      status: ready ? 200 : 503,
      body: { status: ready ? "ready" : "migrating", migrations: { applied, expected: expectedMigrations }, driver },
    };
  } catch {
    return { status: 503, body: { status: "database_unreachable", driver } };
  }
}
