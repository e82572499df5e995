import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase } from "../../db/connection.server";
import { PGLITE_TEMPLATE, POSTGRES_TEMPLATE_DB, withDatabase } from "./template";

async function preparePglite() {
  const client = new PGlite();
  await openDatabase({ pglite: client }).migrate();
  const dump = await client.dumpDataDir("gzip");
  mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await client.close();
}

async function preparePostgres(url: string) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Leftovers of an interrupted run are dropped first.
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'attest_test_%'`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.unsafe(`create database "${POSTGRES_TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const template = openDatabase({ databaseUrl: withDatabase(url, POSTGRES_TEMPLATE_DB), maxConnections: 1 });
  await template.migrate();
  await template.close();
}

export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await preparePostgres(url);
  else await preparePglite();
}
