/**
 * `npm run policies:test`: loads every pack (all or nothing) and runs each policy's fixtures; exits 1 on the first
 * broken file or on any fixture whose result is not the one it expects.
 */
import { runFixtures } from "./fixtures";
import { loadPolicySet, PolicyLoadError } from "./packs.server";

function main() {
  let set;
  try {
    set = loadPolicySet(process.argv[2]);
  } catch (error) {
    if (!(error instanceof PolicyLoadError)) throw error;
    console.error(`✗ ${error.file}\n  field: ${error.field}\n  ${error.reason.replaceAll("\n", "\n  ")}`);
    return 1;
  }
  const outcomes = runFixtures(set.policies);
  for (const o of outcomes) {
    const mark = o.ok ? "✓" : "✗";
    const detail = o.ok ? "" : ` — expected ${o.expected}, got ${o.result.status}${o.result.error ? ` (${o.result.error})` : ""}`;
    console.log(`${mark} ${o.policy} · ${o.fixture}${detail}`);
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(`\n${set.policies.length} policies, ${outcomes.length} fixtures, ${failed} failed; policy set ${set.hash.slice(0, 12)}`);
  return failed ? 1 : 0;
}

process.exitCode = main();
