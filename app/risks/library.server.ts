import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ASSET_KINDS } from "../../db/schema/inventory";
import { findRequirement } from "../controls/catalogue.server";
import { builtInPolicies } from "../policy-engine/packs.server";
import { LIBRARY_LEVELS } from "./scale";

/**
 * The data-centre risk library (policies/risk-library/*.yaml): risks to start a register from, in both languages,
 * rated on the 1–5 reference scale, with the ISO/IEC 27001:2022 Annex A controls that typically treat them and the
 * policies whose findings are evidence that they are occurring.
 */
export const RISK_LIBRARY_DIR = path.resolve("policies/risk-library");
export const LIBRARY_FRAMEWORK = "iso27001-2022";
export const RISK_SCOPE_KINDS = [...ASSET_KINDS, "tenant", "agreement"] as const;

const Text = z.object({ en: z.string().trim().min(1), fr: z.string().trim().min(1) }).strict();
const Level = z.number().int().min(1).max(LIBRARY_LEVELS);

export const LibraryRisk = z
  .object({
    id: z.string().regex(/^dc\.[a-z0-9-]+$/),
    title: Text,
    description: Text,
    risk_source: Text,
    threat: Text,
    vulnerability: Text,
    scope: z.array(z.enum(RISK_SCOPE_KINDS)).min(1),
    likelihood: Level,
    impact: Level,
    controls: z.array(z.string().min(1)).min(1),
    raised_by: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type LibraryRisk = z.infer<typeof LibraryRisk>;

/** Reads and checks every file: all of it or nothing, the error naming the file and the field. */
export function loadRiskLibrary(dir = RISK_LIBRARY_DIR, policyIds = new Set(builtInPolicies().byId.keys())): LibraryRisk[] {
  const risks = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const parsed = LibraryRisk.safeParse(parse(readFileSync(path.join(dir, file), "utf8")));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}: ${issue.path.join(".")}: ${issue.message}`);
      }
      for (const control of parsed.data.controls)
        if (!findRequirement(LIBRARY_FRAMEWORK, control))
          throw new Error(`${file}: controls: unknown ${LIBRARY_FRAMEWORK} control ${control}`);
      for (const policy of parsed.data.raised_by)
        if (!policyIds.has(policy)) throw new Error(`${file}: raised_by: unknown policy ${policy}`);
      return parsed.data;
    });
  const seen = new Set<string>();
  for (const risk of risks) {
    if (seen.has(risk.id)) throw new Error(`duplicate library risk ${risk.id}`);
    seen.add(risk.id);
  }
  return risks;
}

let cached: LibraryRisk[] | undefined;
export function riskLibrary(): LibraryRisk[] {
  cached ??= loadRiskLibrary();
  return cached;
}
