import type { SubjectName } from "../auth/ability";
import type { MessageKey } from "../i18n/keys";

/** The sections of the app; an entry with a subject shows only to roles that may read it. */
export const NAVIGATION: { to: string; key: MessageKey; subject: SubjectName | null }[] = [
  { to: "/", key: "nav.dashboard", subject: null },
  { to: "/inventory", key: "nav.inventory", subject: "Inventory" },
  { to: "/findings", key: "nav.findings", subject: "Finding" },
  { to: "/policies", key: "nav.policies", subject: "Policy" },
  { to: "/controls", key: "nav.controls", subject: "Control" },
  { to: "/risks", key: "nav.risks", subject: "Risk" },
  { to: "/permits", key: "nav.permits", subject: "Permit" },
  { to: "/agreements", key: "nav.agreements", subject: "Agreement" },
  { to: "/reports", key: "nav.reports", subject: "Report" },
  { to: "/audits", key: "nav.audits", subject: "Audit" },
  { to: "/audit", key: "nav.audit", subject: "AuditLog" },
  { to: "/settings", key: "nav.settings", subject: null },
];
