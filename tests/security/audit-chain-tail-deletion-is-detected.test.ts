// Issue 14: as superuser, deleting the newest audit entries or rewriting the whole tail left `npm run audit:verify`
// saying intact. Signed checkpoints of each organisation's head anchor the chain: verification reports the range
// missing or rewritten since a checkpoint, also from an outside copy after the checkpoint table was wiped.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withScope, withSystem, type Tx } from "../../db/connection.server";
import { auditCheckpoints, auditLog } from "../../db/schema";
import { recordAudit } from "../../app/audit/audit.server";
import {
  auditHead,
  publishedCheckpointSchema,
  publishedCheckpoints,
  unpublishCheckpoint,
  writeCheckpoint,
  writeCheckpoints,
} from "../../app/audit/checkpoints.server";
import { loader as publishedCheckpointsRoute } from "../../app/routes/[.well-known].attest-audit-checkpoints.$slug";
import { verifyAuditChain } from "../../app/audit/verify.server";
import { keyEncryptionKey } from "../../app/reports/signing-keys.server";
import { createTestDatabase, type TestDatabase } from "../db";
import { createOrganization, systemActor, testContext } from "../factories";

const kek = keyEncryptionKey(randomBytes(32).toString("base64url"));
let database: TestDatabase;
let org: { id: string; slug: string };

const append = (tx: Tx, n: number) =>
  recordAudit(tx, { organizationId: org.id, actor: systemActor, action: "x", entityType: "t", entityId: `${n}`, after: { n } });

/** What an attacker with superuser rights does: switch the append-only triggers off for the transaction. */
const asSuperuser = <T>(work: (tx: Tx) => Promise<T>) =>
  withSystem(database.db, async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    return work(tx);
  });

/** Ten entries (the signing key's creation among them), then a checkpoint of the head. */
async function checkpointedChain() {
  await withSystem(database.db, async (tx) => {
    for (let n = 1; n <= 9; n++) await append(tx, n);
  });
  const checkpoint = await withSystem(database.db, (tx) => writeCheckpoint(tx, { organizationId: org.id, actor: systemActor, kek }));
  expect(checkpoint).toMatchObject({ position: 10 });
  return checkpoint!;
}

beforeEach(async () => {
  database = await createTestDatabase();
  org = await createOrganization(database.db);
});
afterEach(async () => {
  await database.destroy();
});

describe("the audit chain's tail is anchored by signed checkpoints", () => {
  it("reports the newest entries deleted by a superuser as missing since the checkpoint", async () => {
    const checkpoint = await checkpointedChain();
    expect(await verifyAuditChain(database.db)).toMatchObject({ entries: 10, checkpoints: 1, firstBreak: null, checkpointBreak: null });

    const rows = await withSystem(database.db, (tx) => tx.select({ seq: auditLog.seq }).from(auditLog).orderBy(auditLog.seq));
    await asSuperuser((tx) => tx.execute(sql`delete from audit_log where seq > ${rows[6]!.seq}`));

    const report = await verifyAuditChain(database.db);
    expect(report.firstBreak).toBeNull(); // the chain that is left links and hashes: the walk alone says intact
    expect(report.checkpointBreak).toEqual({
      organizationSlug: org.slug,
      from: 8,
      to: 10,
      chainLength: 7,
      checkpointSignedAt: checkpoint.signedAt.toISOString(),
      checkpointSeq: checkpoint.headSeq,
      reason: "tail_missing",
    });
  });

  it("reports a tail rewritten with consistent hashes", async () => {
    await checkpointedChain();
    const rows = await withSystem(database.db, (tx) => tx.select({ seq: auditLog.seq }).from(auditLog).orderBy(auditLog.seq));
    await asSuperuser((tx) => tx.execute(sql`delete from audit_log where seq > ${rows[4]!.seq}`));
    // A new tail, longer than the old one, each entry chained and hashed as the app would.
    await withSystem(database.db, async (tx) => {
      for (let n = 100; n < 108; n++) await append(tx, n);
    });

    const report = await verifyAuditChain(database.db);
    expect(report.firstBreak).toBeNull();
    expect(report.checkpointBreak).toMatchObject({ from: 1, to: 10, chainLength: 13, reason: "tail_rewritten" });
    // And no new checkpoint anchors the rewritten tail.
    await expect(withSystem(database.db, (tx) => writeCheckpoint(tx, { organizationId: org.id, actor: systemActor, kek }))).rejects.toThrow(
      /missing or rewritten/,
    );
  });

  it("still detects the deletion from an outside copy after the checkpoint table was wiped too", async () => {
    await checkpointedChain();
    await withSystem(database.db, (tx) => append(tx, 10));
    await withSystem(database.db, (tx) => writeCheckpoint(tx, { organizationId: org.id, actor: systemActor, kek }));
    // What an outside party copied from /.well-known/attest-audit-checkpoints/{slug}.json.
    const copy = JSON.parse(JSON.stringify(await withSystem(database.db, (tx) => publishedCheckpoints(tx, org.slug))));
    expect(copy.checkpoints).toHaveLength(2);

    const head = await withSystem(database.db, (tx) => auditHead(tx, org.id));
    await asSuperuser(async (tx) => {
      await tx.execute(sql`delete from audit_log where seq = ${head!.seq}`);
      await tx.execute(sql`delete from audit_checkpoints`);
    });

    // The database alone cannot tell any more…
    expect(await verifyAuditChain(database.db)).toMatchObject({ checkpoints: 0, checkpointBreak: null });
    // …the outside copy can.
    const report = await verifyAuditChain(database.db, { outsideCheckpoints: copy.checkpoints.map(unpublishCheckpoint) });
    expect(report).toMatchObject({
      checkpointsOnlyOutside: 2,
      checkpointBreak: { from: 11, to: 11, chainLength: 10, reason: "tail_missing" },
    });
  });

  it("refuses a checkpoint whose signature does not verify", async () => {
    const checkpoint = await checkpointedChain();
    const forged = {
      ...unpublishCheckpoint(
        JSON.parse(JSON.stringify((await withSystem(database.db, (tx) => publishedCheckpoints(tx, org.slug)))!.checkpoints[0])),
      ),
    };
    forged.position = 7;
    forged.headSeq = checkpoint.headSeq - 3;
    const report = await verifyAuditChain(database.db, { outsideCheckpoints: [forged] });
    expect(report.badCheckpoint).toMatchObject({ organizationSlug: org.slug, position: 7, source: "outside copy" });
  });

  it("keeps checkpoints append-only: the app role cannot update or delete them, and the owner is refused too", async () => {
    await checkpointedChain();
    // The database's message (drizzle wraps it as the cause of its "Failed query").
    const refusal = (work: (tx: Tx) => Promise<unknown>, asApp: boolean) =>
      (asApp ? withScope(database.db, { organizationId: org.id }, work) : withSystem(database.db, work)).then(
        () => "allowed",
        (error: { message: string; cause?: { message: string } }) => error.cause?.message ?? error.message,
      );
    for (const asApp of [true, false]) {
      const refused = asApp ? /permission denied/ : /audit_checkpoints is append-only/;
      expect(await refusal((tx) => tx.execute(sql`update audit_checkpoints set head_hash = ${"0".repeat(64)}`), asApp)).toMatch(refused);
      expect(await refusal((tx) => tx.execute(sql`delete from audit_checkpoints`), asApp)).toMatch(refused);
      expect(await refusal((tx) => tx.execute(sql`truncate audit_checkpoints`), asApp)).toMatch(refused);
    }
    expect(await withSystem(database.db, (tx) => tx.select().from(auditCheckpoints))).toHaveLength(1);
  });

  it("publishes each organisation's checkpoints at a public address, and writes a new one only when the head moved", async () => {
    await withSystem(database.db, (tx) => append(tx, 1));
    expect(await writeCheckpoints(database.db, { kek })).toMatchObject({ written: 1, refused: [] });
    expect(await writeCheckpoints(database.db, { kek })).toMatchObject({ written: 0, refused: [] });
    await withSystem(database.db, (tx) => append(tx, 2));
    expect(await writeCheckpoints(database.db, { kek })).toMatchObject({ written: 1, refused: [] });

    const get = (slug: string) =>
      publishedCheckpointsRoute({
        request: new Request(`http://localhost/.well-known/attest-audit-checkpoints/${slug}`),
        params: { slug },
        context: testContext(database.db),
      });
    const response = await get(`${org.slug}.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as { organization: { slug: string }; checkpoints: unknown[] };
    expect(body.organization.slug).toBe(org.slug);
    // Creating the key is audited (position 1), then the first entry (2) and the second (3).
    expect(body.checkpoints.map((c) => publishedCheckpointSchema.parse(c).position)).toEqual([2, 3]);
    expect((await get("no-such-operator.json")).status).toBe(404);
  });
});
