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

