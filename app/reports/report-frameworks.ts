/** What each audit report covers: a catalogue framework (for the SoA), policy packs, and registers. */
export const REPORT_FRAMEWORKS = {
  "iso27001-2022": { catalogue: "iso27001-2022", packs: ["iso27001-2022"], permits: false, agreements: false },
  "gdpr-residency": { catalogue: "gdpr", packs: ["gdpr-residency"], permits: false, agreements: true },
  permits: { catalogue: null, packs: ["permits"], permits: true, agreements: false },
  agreements: { catalogue: null, packs: ["agreements"], permits: false, agreements: true },
  energy: { catalogue: "eu-eed", packs: ["energy"], permits: true, agreements: false },
} as const;
export type ReportFramework = keyof typeof REPORT_FRAMEWORKS;
export const REPORT_FRAMEWORK_IDS = Object.keys(REPORT_FRAMEWORKS) as [ReportFramework, ...ReportFramework[]];

/** Whether a policy belongs in a framework's report or audit: one of its packs, or citing its catalogue. */
export function policyInScope(policy: { pack: string; references: readonly { framework: string }[] }, framework: ReportFramework): boolean {
  const spec = REPORT_FRAMEWORKS[framework];
  return (spec.packs as readonly string[]).includes(policy.pack) || policy.references.some((r) => r.framework === spec.catalogue);
}
