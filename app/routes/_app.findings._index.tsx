import { mailAfterCommit } from "../deadlines/personal.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { catalogue } from "../controls/catalogue.server";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import {
  DecisionSchema,
  DEFAULT_FINDING_SORT,
  exceptionSchema,
  fieldErrorsOf,
  FindingQuery,
  findingFilters,
  findingHref,
} from "../policy-engine/finding-schema";
import { siteChoices } from "../permits/permits.server";
import { listFindings } from "../policy-engine/findings.server";
import {
  DECISION_ERROR,
  decideException,
  fourEyesSeverities,
  isOwnRequest,
  listPendingExceptions,
  requestException,
} from "../policy-engine/exception-requests.server";
import { FourEyesNotice, PendingExceptions } from "../policy-engine/exception-requests-ui";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { SEVERITIES } from "../policy-engine/policy-schema";
import { allTenantChoices } from "../tenants/tenants.server";
import { CsrfInput, FieldErrors, FilterForm } from "../ui/forms";
import { DateTime } from "../ui/format";
import { EmptyState, PageHeader } from "../ui/layout";
import { PAGE_SIZE, Pagination } from "../ui/pagination";
import { BulkSelection, EngineTabs, ExceptionFields, SelectAllBox, SeverityBadge } from "../policy-engine/findings-ui";
import { sortValue } from "../ui/sort";
import { SortableHeader } from "../ui/sortable-header";
import * as clock from "../config/clock";
import { labelOf, FINDING_STATUS_LABEL, RESOURCE_KIND_LABEL, SEVERITY_LABEL } from "../i18n/labels";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Finding");
  const query = FindingQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = query.page ?? 1;
  const organizationId = auth.organization.id;
  const tenantMember = auth.membership.role === "tenant_member";
  const locale = await detectLocale(request);
  const canReadRequests = !tenantMember && auth.ability.can("read", "ExceptionRequest");
  // The pending exceptions are a tab of their own (/findings?tab=pending): the list's view stays as it was.
  const pendingTab = canReadRequests && new URL(request.url).searchParams.get("tab") === "pending";
  const { list, tenants, sites, policies, pending, fourEyes } = await scoped(context, auth, async (tx) => {
    const policies = await organizationPolicySet(tx, { organizationId });
    return {
      policies,
      pending: canReadRequests ? await listPendingExceptions(tx, { organizationId }) : [],
      fourEyes: tenantMember ? [] : await fourEyesSeverities(tx, { organizationId }),
      list: await listFindings(tx, {
        policySet: policies,
        organizationId,
        filters: findingFilters(query),
        sort: query.sort,
        locale,
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
      tenants: tenantMember ? [] : await allTenantChoices(tx, { organizationId }),
      sites: tenantMember ? [] : await siteChoices(tx, { organizationId }),
    };
  });
  return {
    query,
    page,
    total: list.total,
    // The list shows no evidence: it is not sent (a finding's page shows it, as its reader may see it).
    findings: list.rows.map(({ finding: { evidence: _evidence, ...finding }, tenantName }) => ({
      ...finding,
      tenantName,
      policyTitle: policies.byId.get(finding.policyId)?.title ?? null,
    })),
    tenants,
    sites,
    frameworks: catalogue().frameworks.map((f) => ({ id: f.id, name: f.name })),
    policies: policies.policies.map((p) => ({ id: p.id, title: p.title })),
    canAccept: auth.ability.can("update", "Finding"),
    canDecide: auth.ability.can("update", "ExceptionRequest"),
    canReadRequests,
    pendingTab,
    fourEyes,
    pending: pending.map(({ requestedByUserId: _user, ...r }) => ({
      ...r,
      own: isOwnRequest({ ...r, requestedByUserId: _user }, actorOf(auth)),
    })),
    canExport: auth.ability.can("export", "Finding"),
    exportQuery: new URL(request.url).search,
    tenantMember,
    today: clock.today(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "approve" || intent === "refuse" || intent === "withdraw") {
    requirePermission(auth, "update", "ExceptionRequest");
    assertCsrf(request, formData);
    const parsed = DecisionSchema.safeParse(Object.fromEntries(formData));
    const requestId = typeof formData.get("requestId") === "string" ? String(formData.get("requestId")) : null;
    if (!parsed.success)
      return data(
        {
          fieldErrors: null,
          confirm: null,
          outcome: null,
          decided: null,
          decision: { requestId, error: null, fieldErrors: fieldErrorsOf(parsed.error) },
        },
        { status: 400 },
      );
    const outcome = await scoped(context, auth, (tx) =>
      decideException(tx, { organizationId: auth.organization.id, actor: actorOf(auth), decision: parsed.data }),
    );
    if (!outcome.ok) {
      if (outcome.error === "notFound") throw notFound();
      const { key, status } = DECISION_ERROR[outcome.error];
      return data(
        { fieldErrors: null, confirm: null, outcome: null, decided: null, decision: { requestId, error: key, fieldErrors: null } },
        { status },
      );
    }
    await mailAfterCommit(context, request, { organizationId: auth.organization.id, outboxes: [outcome.outbox] });
    return { fieldErrors: null, confirm: null, outcome: null, decided: parsed.data.intent, decision: null };
  }
  requirePermission(auth, "update", "Finding");
  assertCsrf(request, formData);
  const today = clock.today();
  const parsed = exceptionSchema(today).safeParse({
    findingId: formData.getAll("findingId"),
    justification: formData.get("justification") ?? undefined,
    expiresOn: formData.get("expiresOn") || undefined,
  });
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), confirm: null, outcome: null, decided: null, decision: null }, { status: 400 });
  // Two steps, with or without JavaScript: the first submission asks to confirm what will be accepted, the second does it.
  if (intent !== "confirm") return { fieldErrors: null, confirm: parsed.data, outcome: null, decided: null, decision: null };
  // Findings of a four-eyes severity become requests for a second person; the others are accepted at once.
  const { outboxes, ...outcome } = await scoped(context, auth, (tx) =>
    requestException(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      findingIds: parsed.data.findingId,
      justification: parsed.data.justification,
      expiresOn: parsed.data.expiresOn,
    }),
  );
  await mailAfterCommit(context, request, { organizationId: auth.organization.id, outboxes });
  return { fieldErrors: null, confirm: null, outcome, decided: null, decision: null };
}

const DECIDED_MESSAGE = {
  approve: "findings.fourEyes.approved",
  refuse: "findings.fourEyes.refused",
  withdraw: "findings.fourEyes.withdrawn",
} as const;

export default function FindingsPage() {
  const { t, i18n } = useTranslation();
  const {
    query,
    page,
    total,
    findings,
    tenants,
    sites,
    frameworks,
    policies,
    canAccept,
    canDecide,
    canReadRequests,
    pendingTab,
    fourEyes,
    pending,
    canExport,
    exportQuery,
    tenantMember,
    today,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const { search } = useLocation();
  const lang = i18n.language === "fr" ? "fr" : "en";
  const errors = result?.fieldErrors ?? undefined;
  const confirm = result?.confirm ?? null;
  const selectable = canAccept && findings.some((f) => f.status === "open");
  const confirmFourEyes = confirm ? findings.some((f) => confirm.findingId.includes(f.id) && fourEyes.includes(f.severity)) : false;
  return (
    <>
      <PageHeader
        title={t("nav.findings")}
        description={t("sections.findings.description")}
        actions={
          canExport ? (
            <>
              <a className="button" href={`/findings/export.csv${exportQuery}`} download>
                {t("findings.exportCsv")}
              </a>
              <a className="button" href={`/findings/export.xlsx${exportQuery}`} download>
                {t("findings.exportXlsx")}
              </a>
            </>
          ) : undefined
        }
      />
      {tenantMember ? null : <EngineTabs current="findings" />}
      {result?.outcome ? (
        <p className="alert alert-success" role="status">
          {result.outcome.granted.length || !result.outcome.requested.length
            ? t("findings.accepted", { count: result.outcome.granted.length })
            : ""}
          {result.outcome.requested.length ? ` ${t("findings.fourEyes.requested", { count: result.outcome.requested.length })}` : ""}
          {result.outcome.skipped.length ? ` ${t("findings.skipped", { count: result.outcome.skipped.length })}` : ""}
        </p>
      ) : null}
      {result?.decided ? (
        <p className="alert alert-success" role="status">
          {t(DECIDED_MESSAGE[result.decided])}
        </p>
      ) : null}
      {pendingTab ? (
        <>
          <p>
            <Link to="/findings">{t("findings.back")}</Link>
          </p>
          <PendingExceptions rows={pending} canDecide={canDecide} feedback={result?.decision ?? null} />
        </>
      ) : canReadRequests && pending.length > 0 ? (
        <p>
          <Link to="/findings?tab=pending">{t("findings.fourEyes.pendingCaption", { count: pending.length })}</Link>
        </p>
      ) : null}
      {pendingTab ? null : (
        <>
          <FilterForm aria-label={t("findings.filters")}>
            {query.sort.column !== DEFAULT_FINDING_SORT.column || query.sort.direction !== DEFAULT_FINDING_SORT.direction ? (
              <input type="hidden" name="sort" value={sortValue(query.sort)} />
            ) : null}
            <div className="field">
              <label htmlFor="f-status">{t("findings.status")}</label>
              <select id="f-status" name="status" defaultValue={query.status ?? "live"}>
                {(["live", "open", "accepted", "resolved"] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(FINDING_STATUS_LABEL[s])}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-severity">{t("findings.severity")}</label>
              <select id="f-severity" name="severity" defaultValue={query.severity ?? ""}>
                <option value="">{t("inventory.any")}</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(SEVERITY_LABEL[s])}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-framework">{t("findings.framework")}</label>
              <select id="f-framework" name="framework" defaultValue={query.framework ?? ""}>
                <option value="">{t("inventory.any")}</option>
                {frameworks.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name[lang] ?? f.name.en}
                  </option>
                ))}
              </select>
            </div>
            {tenantMember ? null : (
              <div className="field">
                <label htmlFor="f-site">{t("findings.site")}</label>
                <select id="f-site" name="site" defaultValue={query.site ?? ""}>
                  <option value="">{t("inventory.any")}</option>
                  {sites.map((site) => (
                    <option key={site.id} value={site.id}>
                      {site.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {tenantMember ? null : (
              <div className="field">
                <label htmlFor="f-tenant">{t("findings.tenant")}</label>
                <select id="f-tenant" name="tenant" defaultValue={query.tenant ?? ""}>
                  <option value="">{t("inventory.any")}</option>
                  {tenants.map((tenant) => (
                    <option key={tenant.id} value={tenant.id}>
                      {tenant.legalName}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="f-policy">{t("findings.policy")}</label>
              <select id="f-policy" name="policy" defaultValue={query.policy ?? ""}>
                <option value="">{t("inventory.any")}</option>
                {policies.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title[lang]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-q">{t("findings.search")}</label>
              <input id="f-q" name="q" type="search" defaultValue={query.q ?? ""} />
            </div>
            <button type="submit" className="button">
              {t("audit.apply")}
            </button>
          </FilterForm>
          {confirm ? (
            <Form method="post" className="bulk-confirm" aria-labelledby="bulk-confirm-title">
              <CsrfInput />
              <input type="hidden" name="intent" value="confirm" />
              {confirm.findingId.map((id) => (
                <input key={id} type="hidden" name="findingId" value={id} />
              ))}
              <input type="hidden" name="justification" value={confirm.justification} />
              <input type="hidden" name="expiresOn" value={confirm.expiresOn} />
              <h2 id="bulk-confirm-title" tabIndex={-1} ref={(h) => h?.focus()}>
                {t("findings.bulkConfirmTitle", {
                  count: confirm.findingId.length,
                  until: new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(
                    new Date(`${confirm.expiresOn}T00:00:00Z`),
                  ),
                })}
              </h2>
              <p>
                <q>{confirm.justification}</q>
              </p>
              {confirmFourEyes ? <FourEyesNotice severities={fourEyes} /> : null}
              <div className="form-actions">
                <button type="submit" className="button primary" disabled={submitting}>
                  {t("findings.bulkConfirm", { count: confirm.findingId.length })}
                </button>
                <Link to={`/findings${search}`}>{t("common.cancel")}</Link>
              </div>
            </Form>
          ) : null}
          {findings.length === 0 ? (
            <EmptyState title={t("findings.emptyTitle")} body={t("findings.emptyBody")} />
          ) : (
            <BulkSelection key={findings.map((f) => f.id + f.status).join()} formId="bulk-exception">
              {(selection) => (
                <Form method="post" id="bulk-exception" onChange={selection.onChange}>
                  <CsrfInput />
                  {selectable ? (
                    <fieldset className="bulk-exception" aria-describedby="bulk-count">
                      <legend>{t("findings.bulkTitle")}</legend>
                      <p className="field-hint">{t("findings.bulkHint")}</p>
                      <FourEyesNotice severities={fourEyes} />
                      <p id="bulk-count" className="bulk-count" aria-live="polite">
                        {selection.count === null ? null : t("findings.selectedCount", { count: selection.count })}
                      </p>
                      <div className="bulk-fields">
                        <ExceptionFields errors={errors} today={today} rows={2} />
                      </div>
                      <FieldErrors id="findingId-error" errors={errors?.findingId} />
                      <button type="submit" className="button primary" disabled={submitting}>
                        {t("findings.acceptSelected")}
                      </button>
                    </fieldset>
                  ) : null}
                  <table className="table">
                    <caption className="visually-hidden">{t("findings.tableCaption", { total })}</caption>
                    <thead>
                      <tr>
                        {canAccept ? (
                          <th scope="col">
                            {selectable && selection.hydrated ? (
                              <SelectAllBox label={t("findings.selectAll")} state={selection.all} onToggle={selection.toggleAll} />
                            ) : (
                              <span className="visually-hidden">{t("findings.select")}</span>
                            )}
                          </th>
                        ) : null}
                        <SortableHeader column="severity" label={t("findings.severity")} sort={query.sort} firstDirection="desc" />
                        <SortableHeader column="policy" label={t("findings.finding")} sort={query.sort} />
                        <SortableHeader column="resource" label={t("findings.resource")} sort={query.sort} />
                        {tenantMember ? null : <th scope="col">{t("findings.tenant")}</th>}
                        <SortableHeader column="status" label={t("findings.status")} sort={query.sort} />
                        <SortableHeader column="first_seen" label={t("findings.firstSeen")} sort={query.sort} firstDirection="desc" />
                        <SortableHeader column="last_seen" label={t("findings.lastSeen")} sort={query.sort} firstDirection="desc" />
                      </tr>
                    </thead>
                    <tbody>
                      {findings.map((f) => (
                        <tr key={f.id}>
                          {canAccept ? (
                            <td>
                              {f.status === "open" ? (
                                <input
                                  type="checkbox"
                                  name="findingId"
                                  value={f.id}
                                  aria-label={t("findings.selectOne", { name: f.resourceName })}
                                />
                              ) : null}
                            </td>
                          ) : null}
                          <td>
                            <SeverityBadge severity={f.severity} />
                          </td>
                          <td>
                            <Link to={findingHref(f.id, search)}>{f.policyTitle?.[lang] ?? f.policyId}</Link>
                            <div className="muted small">{f.message[lang]}</div>
                          </td>
                          <td>
                            {f.resourceName} <span className="muted">· {t(labelOf(RESOURCE_KIND_LABEL, f.resourceKind))}</span>
                          </td>
                          {tenantMember ? null : <td>{f.tenantName ?? "—"}</td>}
                          <td>{t(FINDING_STATUS_LABEL[f.status])}</td>
                          <td>
                            <DateTime value={f.firstSeenAt} />
                          </td>
                          <td>
                            <DateTime value={f.lastSeenAt} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Form>
              )}
            </BulkSelection>
          )}
          {findings.length ? <Pagination page={page} total={total} /> : null}
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.findings");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
