import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { ReviewForm } from "../audits/audit-schema";
import { AuditError, auditItems, closeAudit, getAudit, recordReview, reviewTrail, verdicts, type AuditItem } from "../audits/audits.server";
import { mailAfterCommit } from "../deadlines/personal.server";
import { themeProgress, type ThemeProgress } from "../audits/themes";
import { PAGE_SIZE, Pagination, pageCount } from "../ui/pagination";
import { actorOf, notFound, requireAuth, requirePermission, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import type { AppLoadContext } from "@remix-run/node";
import { pageTitle } from "../i18n/meta";
import { detectLocale } from "../i18n/locale.server";
import { kickReports, requestReport } from "../reports/report-jobs.server";
import type { ReportFramework } from "../reports/report-frameworks";
import { CsrfInput, FilterForm } from "../ui/forms";
import { DateTime, useNumbers } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";
import { periodHasEnded } from "../reports/period";
import {
  labelOf,
  AUDIT_FILTER_LABEL,
  AUDIT_STATUS_LABEL,
  AUDIT_VERDICT_LABEL,
  REPORT_FRAMEWORK_LABEL,
  REVIEW_KIND_LABEL,
  ROLE_LABEL,
} from "../i18n/labels";
import { messageText } from "../i18n/keys";

const Show = z.enum(["all", "flagged", "accepted", "none"]).catch("all");
const Page = z.coerce.number().int().min(1).max(10_000).catch(1);

/** The audit, if this user may open it: an auditor only the audits it is assigned to (others: 404). */
async function requireAudit(context: AppLoadContext, auth: Auth, auditIdParam: string | undefined) {
  requirePermission(auth, "read", "Audit");
  const auditId = requireUuidParam(auditIdParam);
  const found = await scoped(context, auth, (tx) => getAudit(tx, { organizationId: auth.organization.id, auditId }));
  if (!found) throw notFound();
  const assigned = found.auditors.some((a) => a.userId === auth.user.id);
  if (auth.membership.role === "auditor" && !assigned) throw notFound();
  return { ...found, assigned };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { audit, auditors, assigned } = await requireAudit(context, auth, params.auditId);
  const query = new URL(request.url).searchParams;
  const show = Show.parse(query.get("show") ?? "all");
  const { items, trail } = await scoped(context, auth, async (tx) => ({
    items: await auditItems(tx, audit),
    trail: await reviewTrail(tx, { organizationId: auth.organization.id, auditId: audit.id }),
  }));
  const latest = verdicts(trail);
  // Each theme's progress counts all its items, whatever the filter and the page.
  const themes = themeProgress(items, latest);
  const theme = themes.some((t) => t.id === query.get("theme")) ? query.get("theme")! : null;
  const shown = items.filter(
    (item) => (show === "all" || (latest.get(item.id) ?? "none") === show) && (theme === null || item.theme.id === theme),
  );
  // A link to one control (a notification's) opens the page that holds it, unless the address names a page.
  const focus = query.get("page") ? -1 : shown.findIndex((item) => item.id === query.get("item"));
  const page = focus >= 0 ? Math.floor(focus / PAGE_SIZE) + 1 : Math.min(Page.parse(query.get("page") ?? 1), pageCount(shown.length));
  const open = audit.status === "open";
  return {
    audit,
    auditors,
    show,
    theme,
    themes,
    page,
    shownTotal: shown.length,
    items: shown
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((item) => ({ ...item, verdict: latest.get(item.id) ?? null, trail: trail.filter((e) => e.itemId === item.id) })),
    total: items.length,
    // The evidence file route (controls.evidence.$evidenceId) lets whoever reads controls download.
    canOpenEvidence: auth.ability.can("read", "Control"),
    canReview: open && assigned && auth.membership.role === "auditor",
    canRespond: open && (auth.membership.role === "compliance_officer" || auth.membership.role === "admin"),
    canClose: open && auth.ability.can("update", "Audit"),
    canReport: auth.ability.can("export", "Report"),
    // A report states what held at its period's end: it can be built once that end has passed.
    periodEnded: periodHasEnded(audit.periodEnd),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { audit } = await requireAudit(context, auth, params.auditId);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const organizationId = auth.organization.id;
  const intent = formData.get("intent");
  if (intent === "close") {
    requirePermission(auth, "update", "Audit");
    await scoped(context, auth, (tx) => closeAudit(tx, { organizationId, auditId: audit.id, actor: actorOf(auth) }));
    return redirect(`/audits/${audit.id}`);
  }
  if (intent === "report") {
    requirePermission(auth, "export", "Report");
    if (!periodHasEnded(audit.periodEnd)) throw new Response("The audit's period has not ended", { status: 409 });
    const language = await detectLocale(request);
    await scoped(context, auth, (tx) =>
      requestReport(tx, {
        organizationId,
        kind: "audit_report",
        framework: audit.framework as ReportFramework,
        periodStart: audit.periodStart,
        periodEnd: audit.periodEnd,
        language,
        actor: actorOf(auth),
        auditId: audit.id,
      }),
    );
    kickReports();
    return redirect(`/audits/${audit.id}?report=queued`);
  }
  const comment = String(formData.get("comment") ?? "");
  const parsed = ReviewForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return data({ itemId: String(formData.get("itemId") ?? ""), comment, error: parsed.error.issues[0]!.message }, { status: 400 });
  let outbox;
  try {
    ({ outbox } = await scoped(context, auth, (tx) =>
      recordReview(tx, { organizationId, auditId: audit.id, ...parsed.data, reviewer: { ...actorOf(auth), role: auth.membership.role } }),
    ));
  } catch (error) {
    if (!(error instanceof AuditError)) throw error;
    return data({ itemId: parsed.data.itemId, comment, error: error.message }, { status: error.field === "kind" ? 403 : 400 });
  }
  // The entry and the bell notifications are committed; the e-mails follow (a failing mail server is logged only).
  await mailAfterCommit(context, request, { organizationId, outboxes: [outbox] });
  const url = new URL(request.url);
  const back = new URLSearchParams();
  for (const key of ["show", "theme", "page"]) if (url.searchParams.get(key)) back.set(key, url.searchParams.get(key)!);
  // Without a page in the address, come back to the page that holds the control just reviewed.
  if (!back.has("page")) back.set("item", parsed.data.itemId);
  const search = back.toString();
  return redirect(`/audits/${audit.id}${search ? `?${search}` : ""}#item-${encodeURIComponent(parsed.data.itemId)}`);
}

type ItemView = AuditItem & {
  verdict: "accepted" | "flagged" | null;
  trail: { id: number; kind: string; comment: string; authorLabel: string; authorRole: string; createdAt: string | Date }[];
};

function ReviewControls({ item, canReview, canRespond }: { item: ItemView; canReview: boolean; canRespond: boolean }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const mine = result && "itemId" in result && result.itemId === item.id ? result : null;
  const error = mine ? mine.error : null;
  if (!canReview && !canRespond) return null;
  const fieldId = `comment-${item.id}`;
  return (
    <Form method="post" className="form">
      <CsrfInput />
      <input type="hidden" name="itemId" value={item.id} />
      <div className="field">
        <label htmlFor={fieldId}>{t("audits.comment")}</label>
        {/* A new trail entry remounts the box empty (the submit succeeded); an error keeps what was typed. */}
        <textarea
          key={`${item.id}-${item.trail.length}`}
          defaultValue={mine ? mine.comment : ""}
          id={fieldId}
          name="comment"
          rows={2}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
        />
        {error ? (
          <p id={`${fieldId}-error`} className="field-error">
            {messageText(t, error)}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        {canReview ? (
          <>
            <button type="submit" name="kind" value="accepted" className="button" aria-label={`${t("audits.accept")} ${item.id}`}>
              {t("audits.accept")}
            </button>
            <button type="submit" name="kind" value="flagged" className="button danger" aria-label={`${t("audits.flag")} ${item.id}`}>
              {t("audits.flag")}
            </button>
          </>
        ) : null}
        {canRespond ? (
          <button type="submit" name="kind" value="response" className="button" aria-label={`${t("audits.respond")} ${item.id}`}>
            {t("audits.respond")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

function EvidenceList({ evidence, canOpen }: { evidence: ItemView["evidence"]; canOpen: boolean }) {
  const { t } = useTranslation();
  if (evidence.length === 0) return <>{t("audits.noEvidence")}</>;
  return (
    <>
      {evidence.map((e, index) => (
        <span key={e.id}>
          {index > 0 ? " · " : null}
          {e.hasFile && canOpen ? (
            <a href={`/controls/evidence/${e.id}`} aria-label={t("audits.evidenceOpen", { title: e.title })}>
              {e.title}
            </a>
          ) : e.url && /^https?:\/\//.test(e.url) ? (
            <a href={e.url} rel="noreferrer noopener" target="_blank">
              {e.title}
            </a>
          ) : (
            e.title
          )}{" "}
          ({e.date})
        </span>
      ))}
    </>
  );
}

function AuditItemSection({
  item,
  canReview,
  canRespond,
  canOpenEvidence,
}: {
  item: ItemView;
  canReview: boolean;
  canRespond: boolean;
  canOpenEvidence: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === "fr" ? "fr" : "en";
  const verdictClass = item.verdict === "accepted" ? "automated-passing" : item.verdict === "flagged" ? "automated-failing" : "";
  return (
    <section id={`item-${item.id}`} aria-labelledby={`item-${item.id}-title`} className="card">
      <h3 id={`item-${item.id}-title`}>
        {item.id} — {item.title[language]} <span className={`badge ${verdictClass}`}>{t(AUDIT_VERDICT_LABEL[item.verdict ?? "none"])}</span>
      </h3>
      <p className="small">
        <strong>{t("audits.automated")}:</strong>{" "}
        {item.policies.length === 0
          ? t("audits.noPolicy")
          : item.policies.map((p) => (
              <span key={p.id}>
                <Link to={`/policies/${p.id}`}>{p.title[language]}</Link> (
                {t("audits.policyCounts", { opened: p.opened, resolved: p.resolved, open: p.open })}){" "}
              </span>
            ))}
      </p>
      <p className="small">
        <strong>{t("audits.evidence")}:</strong> <EvidenceList evidence={item.evidence} canOpen={canOpenEvidence} />
      </p>
      {item.trail.length > 0 ? (
        <ol className="timeline small" aria-label={t("audits.trail")}>
          {item.trail.map((e) => (
            <li key={e.id}>
              <DateTime value={e.createdAt} /> · {e.authorLabel} ({t(labelOf(ROLE_LABEL, e.authorRole))}){" "}
              {t(labelOf(REVIEW_KIND_LABEL, e.kind))}: {e.comment}
            </li>
          ))}
        </ol>
      ) : null}
      <ReviewControls item={item} canReview={canReview} canRespond={canRespond} />
    </section>
  );
}

/** "12 of 37 reviewed · 10 accepted · 2 flagged" and a bar of the reviewed share. */
function ThemeProgressLine({ progress }: { progress: ThemeProgress }) {
  const { t, i18n } = useTranslation();
  const name = progress.name[i18n.language === "fr" ? "fr" : "en"];
  return (
    <span className="theme-progress">
      <progress value={progress.reviewed} max={Math.max(progress.total, 1)} aria-label={t("audits.themes.bar", { title: name })} />{" "}
      <span>
        {t("audits.themes.reviewed", { count: progress.reviewed, total: progress.total })} ·{" "}
        {t("audits.themes.accepted", { count: progress.accepted })} · {t("audits.themes.flagged", { count: progress.flagged })}
      </span>
    </span>
  );
}

export default function AuditWorkspace() {
  const { t } = useTranslation();
  const n = useNumbers();
  const { i18n } = useTranslation();
  const language = i18n.language === "fr" ? "fr" : "en";
  const {
    audit,
    auditors,
    items,
    total,
    show,
    theme,
    themes,
    page,
    shownTotal,
    canReview,
    canRespond,
    canOpenEvidence,
    canClose,
    canReport,
    periodEnded,
  } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const location = useLocation();
  const themeHref = (id: string | null) => {
    const next = new URLSearchParams(location.search);
    next.delete("page");
    if (id) next.set("theme", id);
    else next.delete("theme");
    return `${location.pathname}?${next.toString()}`;
  };
  const onPage = themes.filter((th) => items.some((item) => item.theme.id === th.id));
  return (
    <>
      <PageHeader
        title={audit.title}
        description={`${t(labelOf(REPORT_FRAMEWORK_LABEL, audit.framework))} · ${audit.periodStart} — ${audit.periodEnd} · ${t(labelOf(AUDIT_STATUS_LABEL, audit.status))}`}
        actions={
          <>
            {canReport && periodEnded ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="report" />
                <button type="submit" className="button">
                  {t("audits.report")}
                </button>
              </Form>
            ) : null}
            {canClose ? (
              <details className="inline-confirm">
                <summary className="button">{t("audits.close")}</summary>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="close" />
                  <p>{t("audits.closeConfirm")}</p>
                  <button type="submit" className="button danger">
                    {t("audits.close")}
                  </button>
                </Form>
              </details>
            ) : null}
          </>
        }
      />
      {canReport && !periodEnded ? <p className="field-hint">{t("audits.reportAfterPeriod", { end: audit.periodEnd })}</p> : null}
      {params.get("report") ? (
        <p className="alert alert-success" role="status">
          {t("audits.reportQueued")} <Link to="/reports">{t("nav.reports")}</Link>
        </p>
      ) : null}
      <p>{t("audits.assignedTo", { names: auditors.map((a) => a.name).join(", ") || "—" })}</p>
      <FilterForm>
        <div className="field">
          <label htmlFor="audit-theme">{t("audits.themes.label")}</label>
          <select id="audit-theme" name="theme" defaultValue={theme ?? ""}>
            <option value="">{t("audits.themes.all")}</option>
            {themes.map((th) => (
              <option key={th.id} value={th.id}>
                {th.name[language]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-show">{t("audits.filter")}</label>
          <select id="audit-show" name="show" defaultValue={show}>
            {(["all", "flagged", "accepted", "none"] as const).map((value) => (
              <option key={value} value={value}>
                {t(AUDIT_FILTER_LABEL[value])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("common.search")}
        </button>
      </FilterForm>
      <table className="table audit-themes">
        <caption>{t("audits.themes.label")}</caption>
        <tbody>
          {themes.map((th) => (
            <tr key={th.id} aria-current={th.id === theme ? "true" : undefined}>
              <th scope="row">
                <Link to={themeHref(th.id)}>{th.name[language]}</Link>
              </th>
              <td>
                <ThemeProgressLine progress={th} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {theme ? (
        <p>
          <Link to={themeHref(null)}>{t("audits.themes.all")}</Link>
        </p>
      ) : null}
      <p className="small">
        {n.number(shownTotal)} / {n.number(total)}
      </p>
      {items.length === 0 ? <EmptyState title={t("audits.noMatch.title")} body={t("audits.noMatch.body", { total })} /> : null}
      {onPage.map((th) => {
        const mine = items.filter((item) => item.theme.id === th.id);
        return (
          <details key={th.id} open className="audit-theme" id={`theme-${th.id}`}>
            <summary>
              <h2>{th.name[language]}</h2> <ThemeProgressLine progress={th} />
              <span className="small muted"> · {t("audits.themes.shown", { count: mine.length })}</span>
            </summary>
            {mine.map((item) => (
              <AuditItemSection
                key={item.id}
                item={item as ItemView}
                canReview={canReview}
                canRespond={canRespond}
                canOpenEvidence={canOpenEvidence}
              />
            ))}
          </details>
        );
      })}
      {shownTotal > PAGE_SIZE ? <Pagination page={page} total={shownTotal} /> : null}
      <p>
        <Link to="/audits">{t("audits.title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.audits");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
