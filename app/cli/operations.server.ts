// What the command-line tools do to the database, as functions of an open database: a tool runs them itself
// (Postgres, or a PGlite folder nobody has open), or asks the running app to run them on its database through the
// local channel (./channel.server.ts) when the app holds the PGlite folder.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { withScope, type Db, type Tx } from "../../db/connection.server";
import { API_SCOPES, organizations } from "../../db/schema";
import { publishedCheckpointSchema, unpublishCheckpoint, writeCheckpoints } from "../audit/checkpoints.server";
import { verifyAuditChain } from "../audit/verify.server";
import { createApiToken, listApiTokens, revokeApiToken } from "../auth/api-tokens.server";
import { dryRun } from "../inventory/ingest.server";
import { importNetbox, NetboxImportRefused } from "../inventory/netbox/import.server";
import type { NetboxData } from "../inventory/netbox/netbox";
import { kickEvaluation } from "../policy-engine/worker.server";
import { configuredKeyEncryptionKey } from "../reports/signing-keys.server";

/** A tool's request refused with a message for the operator (exit code 2: bad arguments, 1: refused). */
export class ToolRefused extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

async function organizationBySlug(db: Db, slug: string) {
  const [org] = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations).where(eq(organizations.slug, slug));
  if (!org) throw new ToolRefused(`No organisation with the slug "${slug}".`, 2);
  return org;
}

const tokenActor = { userId: null, label: "command line (npm run token)" };

function operation<S extends z.ZodType, R>(definition: { input: S; migrate: boolean; run(db: Db, input: z.infer<S>): Promise<R> }) {
  return definition;
}

export const OPERATIONS = {
  "token.create": operation({
    input: z.object({ org: z.string(), scopes: z.array(z.enum(API_SCOPES)).min(1), name: z.string().min(1).max(100) }),
    migrate: true,
    async run(db, input) {
      const org = await organizationBySlug(db, input.org);
      const created = await withScope(db, { organizationId: org.id }, (tx) =>
        createApiToken(tx, { organizationId: org.id, actor: tokenActor, name: input.name, scopes: input.scopes }),
      );
      return { id: created.id, secret: created.secret, org: org.slug, scopes: input.scopes };
    },
  }),
  "token.list": operation({
    input: z.object({ org: z.string() }),
    migrate: true,
    async run(db, input) {
      const org = await organizationBySlug(db, input.org);
      const tokens = await withScope(db, { organizationId: org.id }, (tx) => listApiTokens(tx, { organizationId: org.id }));
      return tokens.map((t) => ({ id: t.id, prefix: t.prefix, name: t.name, scopes: t.scopes, revoked: t.revokedAt !== null }));
    },
  }),
  "token.revoke": operation({
    input: z.object({ org: z.string(), id: z.string() }),
    migrate: true,
    async run(db, input) {
      const org = await organizationBySlug(db, input.org);
      const revoked = await withScope(db, { organizationId: org.id }, (tx) =>
        revokeApiToken(tx, { organizationId: org.id, actor: tokenActor, tokenId: input.id }),
      );
      if (!revoked) throw new ToolRefused(`No active token ${input.id} in ${org.slug}.`, 2);
      return { revoked: input.id };
    },
  }),
  "netbox.import": operation({
    // The tool reads and parses NetBox's answers; the mapping skips what it does not understand.
    // dryRun: the whole import, rolled back, for its report (what would change, field by field).
    input: z.object({
      org: z.string(),
      data: z.record(z.string(), z.array(z.unknown())),
      confirmMassDelete: z.boolean().optional(),
      dryRun: z.boolean().optional(),
    }),
    migrate: true,
    async run(db, input) {
      const org = await organizationBySlug(db, input.org);
      const actor = { userId: null, label: "NetBox import (command line)" };
      const work = (tx: Tx) =>
        importNetbox(tx, {
          organizationId: org.id,
          actor,
          data: input.data as NetboxData,
          confirmMassDelete: input.confirmMassDelete === true,
        });
      try {
        if (input.dryRun) return { written: false, report: await dryRun(db, org.id, work) };
        const report = await withScope(db, { organizationId: org.id }, work);
        // In the app, findings follow the change at once (a no-op in a tool's own process).
        kickEvaluation();
        return { written: true, report };
      } catch (error) {
        if (error instanceof NetboxImportRefused) return { written: false, report: error.report };
        throw error;
      }
    },
  }),
  "audit.verify": operation({
    // checkpoints: an outside copy of the published checkpoints; checkpoint: sign the heads once the chains verify.
    input: z.object({ checkpoints: z.array(publishedCheckpointSchema).optional(), checkpoint: z.boolean().optional() }),
    migrate: false,
    async run(db, input) {
      const report = await verifyAuditChain(db, { outsideCheckpoints: (input.checkpoints ?? []).map(unpublishCheckpoint) });
      const intact = !report.firstBreak && !report.checkpointBreak && !report.badCheckpoint;
      const written = input.checkpoint && intact ? await writeCheckpoints(db, { kek: configuredKeyEncryptionKey() }) : null;
      return { ...report, checkpointsWritten: written?.written ?? null };
    },
  }),
};

export type OperationName = keyof typeof OPERATIONS;
export type OperationInput<N extends OperationName> = z.infer<(typeof OPERATIONS)[N]["input"]>;
export type OperationResult<N extends OperationName> = Awaited<ReturnType<(typeof OPERATIONS)[N]["run"]>>;

/** Runs an operation on an open database, its input checked as the channel receives it. */
export async function runOperationOn<N extends OperationName>(db: Db, name: N, input: unknown): Promise<OperationResult<N>> {
  const definition = OPERATIONS[name] as unknown as { input: z.ZodType; run(db: Db, input: unknown): Promise<OperationResult<N>> };
  const parsed = definition.input.safeParse(input);
  if (!parsed.success)
    throw new ToolRefused(`Invalid request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, 2);
  return definition.run(db, parsed.data);
}
