import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";
import { lockDataDir } from "./folder-lock.server";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database itself or an open transaction. */
export type Queryable = Db | Tx;

export type Database = {
  db: Db;
  driver: "postgres" | "pglite";
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export type ConnectionOptions =
  | { databaseUrl: string; maxConnections?: number }
  | { dataDir: string; /** Who holds the folder's lock, in the refusal others see (default: the npm script) */ holder?: string }
  | { pglite: PGlite };

/** DATABASE_URL set → Postgres through the `postgres` driver; unset → embedded PGlite in a data folder. */
export function openDatabase(options: ConnectionOptions): Database {
  if ("databaseUrl" in options) return openPostgres(options.databaseUrl, options.maxConnections);
  if ("pglite" in options) return wrapPglite(options.pglite);
  // PGlite does not create the parent folders of its data directory.
  mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  // One process per folder: the lock is taken before PGlite opens it, or DataDirInUse names its holder.
  const lock = lockDataDir(options.dataDir, { holder: options.holder });
  try {
    return wrapPglite(new PGlite(options.dataDir), () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

function openPostgres(url: string, maxConnections = 10): Database {
  const client = postgres(url, { max: maxConnections, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "postgres",
    migrate: () => migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.end({ timeout: 5 }),
  };
}

function wrapPglite(client: PGlite, afterClose?: () => void): Database {
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: async () => {
      try {
        await client.close();
      } finally {
        afterClose?.();
      }
    },
  };
}

export type Scope = {
  organizationId: string;
  /** Set for tenant members: the database then shows them their own tenant's rows only. */
  tenantId?: string | null;
};

/**
 * Runs `work` in one transaction as the restricted role attest_app, with row-level security keyed on the
 * organisation (and tenant). Every request made on behalf of a user goes through here.
 */
export async function withScope<T>(db: Db, scope: Scope, work: (tx: Tx) => Promise<T>): Promise<T> {
  return unavailableAsResponse(() =>
    db.transaction(async (tx) => {
      // One statement for the scope and the role (set_config('role', …, true) is SET LOCAL ROLE).
      await tx.execute(sql`select set_config('app.organization_id', ${scope.organizationId}, true),
                                set_config('app.tenant_id', ${scope.tenantId ?? ""}, true),
                                set_config('role', 'attest_app', true)`);
      return work(tx);
    }),
  );
}

/** One statement with the owner's privileges, outside a transaction; an unreachable database answers 503 as above. */
export function withoutScope<T>(work: () => Promise<T>): Promise<T> {
  return unavailableAsResponse(work);
}

/** One transaction with the owner's privileges: sign-in, invitations, seeding — never a user's own reads. */
export async function withSystem<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return unavailableAsResponse(() => db.transaction(work));
}

// Connection failures (refused, reset, timed out, server shutting down; SQLSTATE class 08 and 57P01–57P03), also
// when wrapped as the `cause` of a query error.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
]);
export function isConnectionError(error: unknown): boolean {
  return hasCode(error, (code) => CONNECTION_CODES.has(code) || /^08/.test(code));
}

// SQLSTATE 22021 (invalid byte sequence, e.g. NUL) and 22P05 (untranslatable character).
const UNSTORABLE_TEXT = (code: string) => code === "22021" || code === "22P05";

function hasCode(error: unknown, matches: (code: string) => boolean): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (matches(String((e as { code?: unknown }).code ?? ""))) return true;
  }
  return false;
}

/**
 * A request whose transaction cannot reach the database gets a 503 (a thrown Response: pages show their error page,
 * the API its JSON error) instead of a 500; the driver reconnects by itself at the next query once the server is back.
 */
async function unavailableAsResponse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (hasCode(error, UNSTORABLE_TEXT)) {
      // A NUL byte or an invalid sequence in some input: a bad request, not a server failure.
      throw Response.json(
        { error: { code: "invalid_characters", message: "The input contains a character that cannot be stored (such as a NUL byte)." } },
        { status: 400 },
      );
    }
    if (!isConnectionError(error)) throw error;
    throw Response.json(
      {
        error: {
          code: "database_unavailable",
          message: "The database cannot be reached; Attest reconnects on its own. Try again in a moment.",
        },
      },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
}

export async function appliedMigrationCount(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
  return Number(rowsOf<{ count: number }>(result)[0]?.count ?? 0);
}

/** postgres-js returns an array; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Creates the database named in a Postgres URL when the server has none by that name, so that
 * `DATABASE_URL=postgres://…/attest npm start` works on a fresh server.
 */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) return false;
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    const existing = await admin`select 1 from pg_database where datname = ${name}`;
    if (existing.length > 0) return false;
    await admin.unsafe(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}
