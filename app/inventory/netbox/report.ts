import type { AssetChange } from "../ingest.server";
import { isClear } from "../patch";
import type { NetboxImportReport } from "./import.server";

/** How many updated assets a report details; the rest is counted. */
export const SHOWN_CHANGES = 200;

const shown = (value: string | null) => (value === null ? "(empty)" : JSON.stringify(value));
const label = (c: AssetChange) => `${c.externalId} (${c.name})`;

/** Every value cleared, then each updated asset's changes field by field: what a dry run shows before anything is written. */
export function changeLines(changes: AssetChange[], dryRun: boolean): string[] {
  const lines: string[] = [];
  const clears = changes.flatMap((c) => c.fields.filter(isClear).map((f) => `  ${label(c)}: ${f.field} was ${shown(f.before)}`));
  if (clears.length > 0) {
    const verb = dryRun ? "would be cleared" : "were cleared";
    lines.push(`WARNING: ${clears.length} value(s) ${verb}, because NetBox returns them empty:`, ...clears.slice(0, SHOWN_CHANGES));
    if (clears.length > SHOWN_CHANGES) lines.push(`  … and ${clears.length - SHOWN_CHANGES} more.`);
  }
  if (changes.length > 0) lines.push(dryRun ? "Changes it would make:" : "Changes made:");
  for (const c of changes.slice(0, SHOWN_CHANGES)) {
    lines.push(`  ${label(c)}${c.restored ? " — restored (it was marked as deleted)" : ""}`);
    for (const f of c.fields) lines.push(`    ${f.field}: ${shown(f.before)} → ${shown(f.after)}`);
  }
  if (changes.length > SHOWN_CHANGES) lines.push(`  … and ${changes.length - SHOWN_CHANGES} more updated assets.`);
  return lines;
}

/** The report as the command line prints it: lines for stdout and for stderr. */
export function reportLines(report: NetboxImportReport, dryRun: boolean): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err = report.warnings.map((w) => `warning: ${w}`);
  const nothing = dryRun ? "Dry run: nothing was written." : "Nothing was written.";
  if (report.createdTenants.length) {
    const verb = dryRun ? "Tenants it would create" : "Tenants created";
    out.push(`${verb} (complete their country and registration number in Attest): ${report.createdTenants.join(", ")}`);
  }
  const outcome = report.outcome;
  if (outcome.ok) {
    const { created, updated, unchanged, deleted, ingestId } = outcome;
    const counts = `${created} created, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted.`;
    out.push(dryRun ? `NetBox import (dry run): ${counts}` : `NetBox import ${ingestId}: ${counts}`);
    out.push(...changeLines(outcome.changes ?? [], dryRun));
    if (dryRun) out.push(nothing);
  } else if (outcome.massDelete) {
    const { wouldDelete, live } = outcome.massDelete;
    err.push(
      `Refused: this import would mark ${wouldDelete} of the ${live} live NetBox assets as deleted. If NetBox really lost them, run it again with --confirm-mass-delete.`,
      nothing,
    );
  } else {
    for (const e of outcome.errors.slice(0, 50)) err.push(`error: ${e.path}: ${e.message}`);
    err.push(nothing);
  }
  return { out, err };
}
