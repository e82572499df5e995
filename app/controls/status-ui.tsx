import { useTranslation } from "react-i18next";
import { reasonText, type AttentionReason, type AttentionReasonCode } from "./effective-status";

/** Why a control needs attention, in words: one line per reason, in the rule's order, linked where a page says more. */
export function AttentionReasons({
  reasons,
  className = "attention-reasons",
  links = {},
}: {
  reasons: AttentionReason[];
  className?: string;
  links?: Partial<Record<AttentionReasonCode, string>>;
}) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <ul className={className}>
      {reasons.map((reason) => {
        const { key, values } = reasonText(reason);
        const href = links[reason.code];
        return <li key={reason.code}>{href ? <a href={href}>{t(key, values)}</a> : t(key, values)}</li>;
      })}
    </ul>
  );
}
