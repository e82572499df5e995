import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { EngineTabs } from "../policy-engine/findings-ui";
import { latestRuns, queueFullRun, RUN_DEFAULT_SORT, RUN_SORTS } from "../policy-engine/runs.server";
import { SortableHeader } from "../ui/sortable-header";
import { SortParam } from "../ui/sort";
import { z } from "zod";
import { kickEvaluation } from "../policy-engine/worker.server";
import { ActorName } from "../audit/audit-code";
import { CsrfInput } from "../ui/forms";
import { DateTime, useNumbers } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { RUN_SCOPE_LABEL, RUN_STATUS_LABEL, RUN_TRIGGER_LABEL } from "../i18n/labels";

const Query = z.object({ sort: SortParam(RUN_SORTS, RUN_DEFAULT_SORT) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Policy");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runs = await scoped(context, auth, (tx) => latestRuns(tx, auth.organization.id, 50, query.sort));
  return {
    sort: query.sort,
    runs: runs.map((r) => ({ ...r, ms: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null })),
    canRun: auth.ability.can("create", "Policy"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Policy");
  const form = await request.formData();
  assertCsrf(request, form);
  const run = await scoped(context, auth, (tx) => queueFullRun(tx, auth.organization.id, "manual", actorOf(auth).label));
  kickEvaluation();
  return { queued: run.id };
}

export default function RunsPage() {
  const { t } = useTranslation();
  const n = useNumbers();
  const { runs, canRun, sort } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <PageHeader
        title={t("runs.title")}
        description={t("runs.description")}
        actions={
          canRun ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" className="button primary" disabled={busy}>
                {t("runs.runNow")}
              </button>
            </Form>
          ) : undefined
        }
      />
      <EngineTabs current="runs" />
      {result?.queued ? (
        <p className="alert alert-success" role="status">
          {t("runs.queued")}
        </p>
      ) : null}
      {runs.length === 0 ? (
        <EmptyState title={t("runs.emptyTitle")} body={t("runs.emptyBody")} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <SortableHeader column="when" label={t("runs.when")} sort={sort} firstDirection="desc" />
              <SortableHeader column="trigger" label={t("runs.trigger")} sort={sort} />
              <SortableHeader column="status" label={t("runs.status")} sort={sort} />
              <th scope="col">{t("runs.checks")}</th>
              <th scope="col">{t("runs.changes")}</th>
              <th scope="col">{t("runs.duration")}</th>
              <th scope="col">{t("runs.policySet")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <DateTime value={r.finishedAt ?? r.queuedAt} />
                  <div className="muted small">
                    <code>{r.id.slice(0, 8)}</code> · <ActorName label={r.requestedBy} />
                  </div>
                </td>
                <td>
                  {t(RUN_TRIGGER_LABEL[r.trigger])} · {t(RUN_SCOPE_LABEL[r.scope])}
                </td>
                <td>
                  {t(RUN_STATUS_LABEL[r.status])}
                  {/* What the engine reported (a database's or a parser's own message): shown as it came, as code. */}
                  {r.error ? (
                    <div className="field-error small">
                      <code>{r.error}</code>
                    </div>
                  ) : null}
                </td>
                <td>{r.counts ? t("runs.counts", r.counts) : "—"}</td>
                <td>{r.counts ? t("runs.findingChanges", r.counts) : "—"}</td>
                <td>{r.ms === null ? "—" : n.duration(r.ms)}</td>
                <td>
                  <code>{r.policySetHash?.slice(0, 12) ?? "—"}</code>
                  {r.inventoryVersion !== null ? (
                    <div className="muted small">{t("runs.inventoryVersion", { version: r.inventoryVersion })}</div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "runs.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
