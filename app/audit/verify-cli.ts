// npm run audit:verify — walks every organisation's audit chain and names the first broken entry, then checks it
// against the signed checkpoints of its head (the database's, and an outside copy given with --checkpoints).
//   npm run audit:verify -- --checkpoints helios.json   an outside copy (what /.well-known/attest-audit-checkpoints/{slug} served)
//   npm run audit:verify -- --checkpoint                 once every chain verifies, sign a checkpoint of each head
// On embedded PGlite while the app runs, the app walks it (see app/cli/tool.server.ts).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { reportRefusal, runTool } from "../cli/tool.server";
import { publishedCheckpointSchema, type PublishedCheckpoint } from "./checkpoints.server";

// One published document ({ organization, checkpoints }), several of them, or a bare list of checkpoints.
const outsideCopy = z.union([
  z.object({ checkpoints: z.array(publishedCheckpointSchema) }).transform((d) => d.checkpoints),
  z.array(z.object({ checkpoints: z.array(publishedCheckpointSchema) })).transform((ds) => ds.flatMap((d) => d.checkpoints)),
  z.array(publishedCheckpointSchema),
]);

function readOutsideCopies(files: string[]): PublishedCheckpoint[] {
  return files.flatMap((file) => {
    const parsed = outsideCopy.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
      console.error(`${file} is not a copy of published audit checkpoints: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
      process.exit(2);
    }
    return parsed.data;
  });
}

try {
  const { values } = parseArgs({ options: { checkpoints: { type: "string", multiple: true }, checkpoint: { type: "boolean" } } });
  const report = await runTool("audit.verify", {
    checkpoints: readOutsideCopies(values.checkpoints ?? []),
    checkpoint: values.checkpoint ?? false,
  });
  if (report.badCheckpoint) {
    const c = report.badCheckpoint;
    console.error(
      `Audit checkpoint FORGED in organisation "${c.organizationSlug}": the checkpoint at position ${c.position} of ${c.signedAt} ` +
        `(${c.source}) does not verify with the organisation's signing key.`,
    );
    process.exitCode = 1;
  } else if (report.firstBreak) {
    const b = report.firstBreak;
    console.error(
      `Audit chain BROKEN in organisation "${b.organizationSlug}" at entry seq=${b.seq} id=${b.id} (${b.reason}); ` +
        `${report.entries} entries checked.`,
    );
    process.exitCode = 1;
  } else if (report.checkpointBreak) {
    const c = report.checkpointBreak;
    console.error(
      `Audit chain TRUNCATED OR REWRITTEN in organisation "${c.organizationSlug}": entries ${c.from}–${c.to} missing or rewritten ` +
        `since the checkpoint of ${c.checkpointSignedAt} (position ${c.to}, seq=${c.checkpointSeq}; the chain now has ${c.chainLength} entries, ${c.reason}).`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      `Audit chain intact: ${report.entries} entries in ${report.organizations} organisations, ` +
        `consistent with ${report.checkpoints} signed checkpoints.`,
    );
    if (report.checkpointsWritten !== null) console.log(`Signed ${report.checkpointsWritten} new checkpoints.`);
  }
  if (report.checkpointsOnlyOutside > 0) {
    // The table is append-only: a checkpoint the outside copy has and the database lacks was deleted.
    console.error(
      `Audit checkpoints DELETED: ${report.checkpointsOnlyOutside} checkpoints of the outside copy are missing from the database.`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  reportRefusal(error);
}
