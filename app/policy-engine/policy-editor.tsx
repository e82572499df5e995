import { Form, useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "../root";
import { CsrfInput, FieldErrors } from "../ui/forms";
import { FailingResources } from "./findings-ui";
import { labelOf, RESULT_STATUS_LABEL } from "../i18n/labels";

type Check = {
  ok: boolean;
  field: string | null;
  reason: string | null;
  line: number | null;
  fixtures: { name: string; expected: string; got: string; ok: boolean }[];
  dryRun: {
    counts: Record<string, number>;
    failing: { id: string; kind: string; name: string; status: string; message: string | null }[];
  } | null;
};

/** A YAML editor that checks the policy as one types (debounced), and runs it on the live inventory on demand. */
export function PolicyEditor({
  initialSource,
  saveLabel,
  saveError,
}: {
  initialSource: string;
  saveLabel: string;
  saveError: string | null;
}) {
  const { t } = useTranslation();
  const csrfToken = useRouteLoaderData<typeof rootLoader>("root")?.csrfToken ?? "";
  const [source, setSource] = useState(initialSource);
  const check = useFetcher<Check>();
  const dry = useFetcher<Check>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const submitCheck = (intent: "check" | "dry-run", fetcher: typeof check) => {
    const data = new FormData();
    data.set("source", source);
    data.set("intent", intent);
    data.set("csrf", csrfToken);
    fetcher.submit(data, { method: "post", action: "/policies/custom/check" });
  };
  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => submitCheck("check", check), 400);
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source]);
  const result = check.data;
  return (
    <Form method="post" className="stack">
      <CsrfInput />
      <div className="field">
        <label htmlFor="source">{t("customPolicies.source")}</label>
        <p className="field-hint" id="source-hint">
          {t("customPolicies.sourceHint")}
        </p>
        <textarea
          id="source"
          name="source"
          rows={28}
          spellCheck={false}
          className="code-editor"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          aria-describedby="source-hint source-status"
          aria-invalid={result && !result.ok ? true : undefined}
        />
        <div
          id="source-status"
          role="status"
          aria-live="polite"
          className={result ? (result.ok ? "alert alert-success" : "alert alert-error") : "muted"}
        >
          {!result
            ? t("customPolicies.checking")
            : result.ok
              ? t("customPolicies.valid", { count: result.fixtures.length })
              : `${t("customPolicies.invalid", { field: result.field, line: result.line ?? "—" })} ${result.reason}`}
        </div>
        <FieldErrors id="save-error" errors={saveError ? [saveError] : undefined} />
      </div>
      {result?.fixtures.length ? (
        <ul className="plain-list">
          {result.fixtures.map((f) => (
            <li key={f.name}>
              {f.ok ? "✓" : "✗"} {f.name} —{" "}
              {t("customPolicies.fixtureLine", {
                expected: t(labelOf(RESULT_STATUS_LABEL, f.expected)),
                got: t(labelOf(RESULT_STATUS_LABEL, f.got)),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor="note">{t("customPolicies.note")}</label>
        <input id="note" name="note" maxLength={500} />
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => submitCheck("dry-run", dry)} disabled={dry.state !== "idle"}>
          {t("customPolicies.dryRun")}
        </button>
        <button type="submit" className="button primary">
          {saveLabel}
        </button>
      </div>
      {dry.data ? (
        <section aria-labelledby="dry-run-title" aria-live="polite">
          <h2 id="dry-run-title">{t("customPolicies.dryRunTitle")}</h2>
          {dry.data.dryRun ? (
            <>
              <p>{t("policies.resultCounts", dry.data.dryRun.counts)}</p>
              <FailingResources rows={dry.data.dryRun.failing.map((r) => ({ ...r, detail: r.message }))} />
            </>
          ) : (
            <p className="alert alert-error">{`${t("customPolicies.invalid", { field: dry.data.field, line: dry.data.line ?? "—" })} ${dry.data.reason}`}</p>
          )}
        </section>
      ) : null}
    </Form>
  );
}
