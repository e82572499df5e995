import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REVIEW_KINDS } from "../../db/schema/audits";
import { CLOSURE_EVENT_KINDS } from "../policy-engine/exception-requests.server";
import { REGISTERS } from "../reports/register-exports.server";
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL } from "./labels";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The string literals of `field:` in every recordAudit({ … }) call of the code (ternaries give both). */
function recorded(field: "action" | "entityType"): Set<string> {
  const found = new Set<string>();
  for (const file of [...sources(path.resolve("app")), ...sources(path.resolve("db"))]) {
    const source = readFileSync(file, "utf8");
    for (const call of source.matchAll(/recordAudit\(\s*\w+,\s*\{([\s\S]*?)\}\s*\)/g)) {
      const line = call[1]!.match(new RegExp(`\\b${field}: ([^\\n]*)`))?.[1] ?? "";
      for (const [, code] of line.matchAll(/"([a-z_.]+)"/g)) found.add(code!);
    }
  }
  return found;
}

describe("audit log labels", () => {
  it("name every action and entity type the code records", () => {
    const actions = recorded("action");
    // The codes the code builds: `audit.${kind}` for an auditor's review, `${register}.export` for a register,
    // `finding.${kind}` for a four-eyes request closed without an exception.
    for (const kind of REVIEW_KINDS) actions.add(`audit.${kind}`);
    for (const kind of CLOSURE_EVENT_KINDS) actions.add(`finding.${kind}`);
    for (const register of REGISTERS) actions.add(`${register}.export`);
    const entities = recorded("entityType");
    for (const register of REGISTERS) entities.add(register);
    expect(actions.size).toBeGreaterThan(50);
    expect([...actions].filter((a) => !Object.hasOwn(AUDIT_ACTION_LABEL, a))).toEqual([]);
    expect([...entities].filter((e) => !Object.hasOwn(AUDIT_ENTITY_LABEL, e))).toEqual([]);
  });
});
