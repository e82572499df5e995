import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "../ui/forms";
import { labelOf, FINDING_TAB_LABEL, RESOURCE_KIND_LABEL, RESULT_STATUS_LABEL, SEVERITY_LABEL } from "../i18n/labels";

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return <span className={`badge severity-${severity}`}>{t(labelOf(SEVERITY_LABEL, severity))}</span>;
}

/** Findings, policies and runs: the policy engine's three pages. */
export function EngineTabs({ current }: { current: "findings" | "policies" | "runs" }) {
  const { t } = useTranslation();
  const tabs = [
    { key: "findings", to: "/findings" },
    { key: "policies", to: "/policies" },
    { key: "runs", to: "/policies/runs" },
  ] as const;
  return (
    <nav className="tabs" aria-label={t("findings.engineSections")}>
      {tabs.map((tab) => (
        <Link key={tab.key} to={tab.to} aria-current={tab.key === current ? "page" : undefined}>
          {t(FINDING_TAB_LABEL[tab.key])}
        </Link>
      ))}
    </nav>
  );
}

export type FailingRow = { id: string; name: string; kind: string; status: string; detail: string | null };

/** Resources a policy fails on (or could not evaluate), or a line saying there are none. */
export function FailingResources({ rows }: { rows: FailingRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="muted">{t("policies.noneFailing")}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("findings.resource")}</th>
          <th scope="col">{t("findings.status")}</th>
          <th scope="col">{t("policies.detail")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              {r.name} <span className="muted">· {t(labelOf(RESOURCE_KIND_LABEL, r.kind))}</span>
            </td>
            <td>{t(labelOf(RESULT_STATUS_LABEL, r.status))}</td>
            <td>{r.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type SelectionState = "none" | "some" | "all";
type Selection = {
  /** Whether the page's script runs: select-all is offered only then (each box works without it). */
  hydrated: boolean;
  /** How many boxes are ticked; null before the script runs (nothing to count then). */
  count: number | null;
  all: SelectionState;
  toggleAll: () => void;
  onChange: () => void;
};

/**
 * The rows' checkboxes of a bulk form (`formId`), as a count and a select-all for the rows of the page. The boxes stay
 * plain form fields: without JavaScript each still submits, only the count and select-all are missing.
 */
export function BulkSelection({ formId, children }: { formId: string; children: (selection: Selection) => ReactNode }) {
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [counts, setCounts] = useState<{ checked: number; total: number } | null>(null);
  const boxes = useCallback(
    () => [...(document.getElementById(formId)?.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="findingId"]') ?? [])],
    [formId],
  );
  const onChange = useCallback(() => {
    const all = boxes();
    setCounts({ checked: all.filter((b) => b.checked).length, total: all.length });
  }, [boxes]);
  const checked = counts?.checked ?? 0;
  const all: SelectionState = checked === 0 ? "none" : checked === counts?.total ? "all" : "some";
  const toggleAll = () => {
    const check = all !== "all";
    for (const box of boxes()) box.checked = check;
    onChange();
  };
  return <>{children({ hydrated, count: hydrated ? checked : null, all, toggleAll, onChange })}</>;
}

const noSubscription = () => () => {};

/** The header box that ticks or clears every row of the page; mixed when only some are ticked. */
export function SelectAllBox({ label, state, onToggle }: { label: string; state: SelectionState; onToggle: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === "some";
  }, [state]);
  return <input ref={ref} type="checkbox" aria-label={label} checked={state === "all"} onChange={onToggle} />;
}

/** The two fields of an exception, on the finding page and in the bulk form: why, and until when (tomorrow at the earliest). */
export function ExceptionFields({
  errors,
  today,
  rows,
}: {
  errors: { justification?: string[] | undefined; expiresOn?: string[] | undefined } | null | undefined;
  today: string;
  rows: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor="justification">{t("findings.justification")}</label>
        <textarea
          id="justification"
          name="justification"
          rows={rows}
          aria-invalid={errors?.justification ? true : undefined}
          aria-describedby="justification-error"
        />
        <FieldErrors id="justification-error" errors={errors?.justification} />
      </div>
      <div className="field">
        <label htmlFor="expiresOn">{t("findings.expiresOn")}</label>
        <input
          id="expiresOn"
          name="expiresOn"
          type="date"
          min={today}
          aria-invalid={errors?.expiresOn ? true : undefined}
          aria-describedby="expiresOn-error"
        />
        <FieldErrors id="expiresOn-error" errors={errors?.expiresOn} />
      </div>
    </>
  );
}
