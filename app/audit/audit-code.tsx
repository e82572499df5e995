import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { SYSTEM_ACTOR_LABEL } from "../i18n/labels";
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL, auditLabel } from "./labels";

type Labels = typeof AUDIT_ACTION_LABEL | typeof AUDIT_ENTITY_LABEL;

/** An audit entry's action or entity type in the reader's words; a code this version does not name is shown as code. */
export function AuditCode({ code, of }: { code: string; of: "action" | "entity" }) {
  const { t } = useTranslation();
  const key = auditLabel(of === "action" ? AUDIT_ACTION_LABEL : AUDIT_ENTITY_LABEL, code);
  return key ? <>{t(key)}</> : <code>{code}</code>;
}

/** The same as text, for an <option>, which holds text only. */
export function auditCodeText(t: TFunction, labels: Labels, code: string): string {
  const key = auditLabel(labels, code);
  return key ? t(key) : code;
}

/** A stored actor label: Attest's own actors ("policy engine") in the reader's words, a person as recorded. */
export function ActorName({ label }: { label: string }) {
  const { t } = useTranslation();
  return <>{actorText(t, label)}</>;
}

/** The same as text, for a sentence that names the actor ("added by …"). */
export function actorText(t: TFunction, label: string): string {
  return Object.hasOwn(SYSTEM_ACTOR_LABEL, label) ? t(SYSTEM_ACTOR_LABEL[label as keyof typeof SYSTEM_ACTOR_LABEL]) : label;
}
