import { addEvidence, updateControl } from "../../app/controls/controls.server";
import { ControlFormSchema, evidenceFormSchema } from "../../app/controls/control-schema";
import { today } from "../../app/config/clock";
import type { Actor } from "../../app/auth/auth.server";
import type { Tx } from "../connection.server";
import { demoCalendar } from "./demo-calendar";

const IMPLEMENTED = [
  "A.5.1",
  "A.5.2",
  "A.5.9",
  "A.5.15",
  "A.5.23",
  "A.6.3",
  "A.7.1",
  "A.7.2",
  "A.7.4",
  "A.7.8",
  "A.7.11",
  "A.8.1",
  "A.8.5",
  "A.8.13",
  "A.8.15",
  "A.8.20",
  "A.8.24",
];
const PARTIAL = ["A.5.19", "A.5.20", "A.5.30", "A.8.8", "A.8.16", "A.8.32"];

/**
 * A Statement of Applicability in progress: controls done with evidence, one whose evidence has lapsed, and controls
 * declared implemented whose automated checks fail (shown as needing attention).
 */
export async function seedDemoControls(tx: Tx, organizationId: string, actor: Actor, ownerUserId: string, now: Date) {
  const { day } = demoCalendar(now);
  // The same rules as the form, on the day the evidence is recorded (the demo's history may record it days before
  // `now`): an evidence dated after that day, or lapsing before its date, fails the seed.
  const evidenceSchema = evidenceFormSchema(today());
  const set = (requirementId: string, input: Record<string, string>) =>
    updateControl(tx, {
      organizationId,
      actor,
      frameworkId: "iso27001-2022",
      requirementId,
      input: ControlFormSchema.parse({ reviewIntervalMonths: "12", ...input }),
    });
  for (const id of IMPLEMENTED) await set(id, { applicable: "yes", status: "implemented", ownerUserId, nextReviewOn: day("2027-03-31") });
  for (const id of PARTIAL) await set(id, { applicable: "yes", status: "partial", ownerUserId, nextReviewOn: day("2026-09-30") });
  await set("A.7.5", {
    applicable: "no",
    status: "not_applicable",
    justification: "Natural hazards are covered by the landlord's building insurance and site selection study.",
  });
  const evidence = (requirementId: string, input: Record<string, string>) =>
    addEvidence(tx, {
      organizationId,
      actor,
      frameworkId: "iso27001-2022",
      requirementId,
      input: evidenceSchema.parse({ kind: "link", ...input }),
    });
  await evidence("A.5.1", {
    title: "Information security policy v4 (signed by the board)",
    url: "https://intranet.helios.example/policies/infosec-v4.pdf",
    evidenceDate: day("2026-02-12"),
    expiresOn: day("2027-02-12"),
  });
  await evidence("A.7.2", {
    title: "Badge and biometric access logs review, Q3",
    url: "https://grc.helios.example/evidence/physical-access-q3",
    evidenceDate: day("2026-10-05"),
    expiresOn: day("2027-01-05"),
  });
  // The rest of the implemented controls carry the evidence an auditor would ask for. A.5.9, A.5.23, A.7.4, A.7.11 and
  // A.8.24 are declared implemented without evidence and their automated checks fail: Attest shows them as needing
  // attention, as it must.
  const proof: [string, string, string, string, string][] = [
    ["A.5.2", "Information security RACI, approved by the management committee", "raci-2026", "2026-03-02", "2027-03-02"],
    ["A.5.15", "Access control policy v3", "access-control-v3", "2026-06-15", "2027-06-15"],
    ["A.6.3", "Security awareness training completion report 2026", "awareness-2026", "2026-09-30", "2027-09-30"],
    ["A.7.1", "Perimeter security assessment, Paris-Saclay and Frankfurt", "perimeter-2026", "2026-05-20", "2027-05-20"],
    ["A.7.8", "Data hall layout and environmental protection review", "hall-siting-2026", "2026-07-08", "2027-07-08"],
    ["A.8.1", "Endpoint management (MDM) compliance report", "mdm-2026-11", "2026-11-02", "2027-05-02"],
    ["A.8.5", "SSO and MFA enforcement configuration export", "mfa-2026", "2026-09-14", "2027-09-14"],
    ["A.8.15", "Central logging retention settings and sample review", "logging-2026", "2026-08-25", "2027-08-25"],
    ["A.8.20", "Network segmentation review and firewall rule audit", "network-2026", "2026-06-30", "2027-06-30"],
  ];
  for (const [requirementId, title, slug, evidenceDate, expiresOn] of proof) {
    await evidence(requirementId, {
      title,
      url: `https://grc.helios.example/evidence/${slug}`,
      evidenceDate: day(evidenceDate),
      expiresOn: day(expiresOn),
    });
  }
  await evidence("A.8.13", {
    title: "Backup restore test report",
    url: "https://grc.helios.example/evidence/restore-test-2025",
    evidenceDate: day("2025-06-20"),
    expiresOn: day("2026-06-20"),
  });
}

/**
 * Today's review of A.7.8: the new GPU row in Paris-Saclay's hall B still lacks its cold-aisle containment, so the
 * control is only partly in place; the risks whose residual score counted on it are up for review.
 */
export async function reviewDemoControlToday(tx: Tx, organizationId: string, actor: Actor, ownerUserId: string, now: Date) {
  const { day } = demoCalendar(now);
  await updateControl(tx, {
    organizationId,
    actor,
    frameworkId: "iso27001-2022",
    requirementId: "A.7.8",
    input: ControlFormSchema.parse({
      applicable: "yes",
      status: "partial",
      ownerUserId,
      reviewIntervalMonths: "12",
      nextReviewOn: day("2027-03-31"),
    }),
  });
}
