import { mailAfterCommit, type PersonalOutbox } from "../deadlines/personal.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Tx } from "../../db/connection.server";
import { subject, type Action } from "../auth/ability";
import { actorOf, notFound, requireAuth, requirePermission, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { findRequirement, localText } from "../controls/catalogue.server";
import type { Locale } from "../i18n/i18n";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { evidenceFieldName, evidenceValue } from "../reports/evidence-text.server";
import { DecisionSchema, exceptionSchema, fieldErrorsOf, findingsListHref, RevokeSchema } from "../policy-engine/finding-schema";
import { kindAt, kindOfResource, namedInFinding, namedKey, resolveNamed, type NamedRecord } from "../policy-engine/evidence-links.server";
import { recordPage, remediationLinks, type Can } from "../policy-engine/remediation.server";
import { findingsSeenBy, getFinding, revokeException } from "../policy-engine/findings.server";
import {
  DECISION_ERROR,
  decideException,
  fourEyesSeverities,
  isOwnRequest,
  listPendingExceptions,
  requestException,
} from "../policy-engine/exception-requests.server";
import { FourEyesNotice, PendingExceptions } from "../policy-engine/exception-requests-ui";
import { ExceptionFields, SeverityBadge } from "../policy-engine/findings-ui";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { CsrfInput, FieldErrors } from "../ui/forms";
import { ActorName, actorText } from "../audit/audit-code";
import { DateTime } from "../ui/format";
import { PageHeader } from "../ui/layout";
import { requireUuidParam } from "../ui/params";
import * as clock from "../config/clock";
import {
  labelOf,
  FINDING_EVENT_LABEL,
  FRAMEWORK_SHORT_LABEL,
  FINDING_EXCEPTION_ENDED_LABEL,
  FINDING_STATUS_LABEL,
  PERMIT_TYPE_LABEL,
  RESOURCE_KIND_LABEL,
} from "../i18n/labels";

async function requireFinding(tx: Tx, auth: Auth, rawId: string | undefined, action: Action) {
  requirePermission(auth, action, "Finding");
  const found = await getFinding(tx, { organizationId: auth.organization.id, findingId: requireUuidParam(rawId) });
  if (!found) throw notFound();
  requirePermission(auth, action, subject("Finding", found.finding));
  return found;
}

/** Pages a tenant member never opens: the operator's inventory, permits and tenant settings. */
const OPERATOR_ONLY: ReadonlySet<NamedRecord["kind"]> = new Set(["asset", "permit", "tenant"]);

/** A record the finding names, as its page shows it: its name, what it is, and its page when the reader may open it. */
function namedLink(record: NamedRecord, auth: Auth) {
  const page = recordPage(record);
  const allowed =
    !(auth.scope.tenantId && OPERATOR_ONLY.has(record.kind)) &&
    auth.ability.can("read", subject(page.subject, record as Record<string, unknown>));
  return {
    kind: record.kind,
    name: record.name,
    /** An asset's kind, a permit's type: what the name is of. */
    what: record.kind === "asset" ? record.assetKind : record.kind === "permit" ? record.type : null,
    href: allowed ? page.href : null,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * One value of the evidence in the reader's words (evidence-text.server.ts: labels, yes/no, numbers, instants), with
 * the records it names by `kind:id` (evidence-links.server.ts) so that the page shows their names and links:
 * an id as the record's name; a list of records (a site's permits, a tenant's agreements) one line each, the record's
 * name first, its other values in words; what the engine left out in words.
 */
function shownEvidence(path: string, value: unknown, lang: Locale, resourceKind: string, named: ReadonlyMap<string, unknown>) {
  const segments = path.split(".");
  const key = segments.at(-1) ?? path;
  const refOf = (id: unknown, at: string, holder: string) => {
    if (typeof id !== "string") return null;
    const kind = kindAt(at, holder);
    return kind && named.has(namedKey(kind, id)) ? namedKey(kind, id) : null;
  };
  const ref = refOf(value, key, segments.at(-2) ?? "");
  if (ref) return { path, text: null, ref, items: null };
  const list = Array.isArray(value) ? value : isRecord(value) && !("not_shown" in value) ? [value] : null;
  if (!list || !list.some(isRecord)) return { path, text: evidenceValue(path, value, lang, resourceKind), ref: null, items: null };
  const items = list.map((item) => {
    if (!isRecord(item) || "not_shown" in item) return { ref: null, text: evidenceValue(path, item, lang, resourceKind) };
    const fields = Object.entries(item).filter(([k]) => k !== "id");
    return {
      ref: refOf(item.id, "id", key),
      text: fields
        .map(([k, v]) => `${evidenceFieldName(k, lang, key)}: ${evidenceValue(`${path}.${k}`, v, lang, resourceKind)}`)
        .join(" · "),
    };
  });
  return { path, text: null, ref: null, items };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const organizationId = auth.organization.id;
  const canReadRequests = !auth.scope.tenantId && auth.ability.can("read", "ExceptionRequest");
  const { found, set, named, pending, fourEyes } = await scoped(context, auth, async (tx) => {
    const stored = await requireFinding(tx, auth, params.findingId, "read");
    // A tenant member reads the evidence as their tenant may see it, whenever the finding was stored.
    const [finding] = await findingsSeenBy(tx, { organizationId, tenantId: auth.membership.tenantId }, [stored.finding]);
    return {
      found: { ...stored, finding: finding! },
      set: await organizationPolicySet(tx, { organizationId }),
      named: await resolveNamed(tx, { organizationId, tenantId: auth.scope.tenantId ?? null, named: namedInFinding(finding!) }),
      pending: canReadRequests ? await listPendingExceptions(tx, { organizationId, findingId: stored.finding.id }) : [],
      fourEyes: canReadRequests ? await fourEyesSeverities(tx, { organizationId }) : [],
    };
  });
  const policy = set.byId.get(found.finding.policyId);
  const lang = await detectLocale(request);
  const { finding } = found;
  const links = new Map([...named].map(([key, record]) => [key, namedLink(record, auth)]));
  const resource = links.get(namedKey(kindOfResource(finding.resourceKind), finding.resourceId));
  const can: Can = (action, name, record) => auth.ability.can(action, record ? subject(name, record) : name);
  return {
    ...found,
    evidence: Object.entries(finding.evidence).map(([path, value]) => shownEvidence(path, value, lang, finding.resourceKind, links)),
    rawEvidence: JSON.stringify(finding.evidence, null, 2),
    named: Object.fromEntries(links),
    policy: policy
      ? {
          id: policy.id,
          title: policy.title,
          description: policy.description,
          remediation: policy.remediation,
          actions: remediationLinks({ policy, finding, named, can }),
          references: policy.references.map((r) => ({
            ...r,
            title: (() => {
              const found = findRequirement(r.framework, r.requirement);
              return found ? localText(found.requirement.title, lang) : null;
            })(),
          })),
        }
      : null,
    resourceHref: resource?.href ?? null,
    backTo: findingsListHref(new URL(request.url).searchParams.get("from")),
    canAccept: auth.ability.can("update", subject("Finding", finding)),
    canDecide: auth.ability.can("update", "ExceptionRequest"),
    /** Accepting this finding needs a second person's approval. */
    needsFourEyes: fourEyes.includes(finding.severity),
    fourEyes,
    pending: pending.map(({ requestedByUserId, ...r }) => ({ ...r, own: isOwnRequest({ ...r, requestedByUserId }, actorOf(auth)) })),
    canReadPolicies: auth.ability.can("read", "Policy"),
    today: clock.today(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const intent = formData.get("intent");
  const organizationId = auth.organization.id;
  // What the change notified, e-mailed once it has committed.
  const outboxes: (PersonalOutbox | null)[] = [];
  const result = await scoped(context, auth, async (tx) => {
    if (intent === "approve" || intent === "refuse" || intent === "withdraw") {
      const { finding } = await requireFinding(tx, auth, params.findingId, "read");
      requirePermission(auth, "update", "ExceptionRequest");
      const requestId = typeof formData.get("requestId") === "string" ? String(formData.get("requestId")) : null;
      const parsed = DecisionSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success)
        return data(
          { intent, fieldErrors: null, decision: { requestId, error: null, fieldErrors: fieldErrorsOf(parsed.error) } },
          { status: 400 },
        );
      // Only a request on this finding is decided from its page.
      const onThis = await listPendingExceptions(tx, { organizationId, findingId: finding.id });
      if (!onThis.some((r) => r.id === parsed.data.requestId)) throw notFound();
      const outcome = await decideException(tx, { organizationId, actor: actorOf(auth), decision: parsed.data });
      if (!outcome.ok) {
        if (outcome.error === "notFound") throw notFound();
        const { key, status } = DECISION_ERROR[outcome.error];
        return data({ intent, fieldErrors: null, decision: { requestId, error: key, fieldErrors: null } }, { status });
      }
      outboxes.push(outcome.outbox);
      return { intent, fieldErrors: null, decision: null };
    }
    const { finding } = await requireFinding(tx, auth, params.findingId, "update");
    if (intent === "revoke") {
      const parsed = RevokeSchema.safeParse({ reason: formData.get("reason") ?? undefined });
      if (!parsed.success) return data({ intent, fieldErrors: fieldErrorsOf(parsed.error), decision: null }, { status: 400 });
      const revoked = await revokeException(tx, {
        organizationId,
        actor: actorOf(auth),
        findingId: finding.id,
        reason: parsed.data.reason,
      });
      if (!revoked) return data({ intent, fieldErrors: { reason: ["findings.noException"] }, decision: null }, { status: 409 });
      return { intent, fieldErrors: null, decision: null };
    }
    const parsed = exceptionSchema(clock.today()).safeParse({
      findingId: [finding.id],
      justification: formData.get("justification") ?? undefined,
      expiresOn: formData.get("expiresOn") || undefined,
    });
    if (!parsed.success) return data({ intent: "accept", fieldErrors: fieldErrorsOf(parsed.error), decision: null }, { status: 400 });
    // A four-eyes severity makes a request for a second person; any other is accepted at once.
    const outcome = await requestException(tx, {
      organizationId,
      actor: actorOf(auth),
      findingIds: [finding.id],
      justification: parsed.data.justification,
      expiresOn: parsed.data.expiresOn,
    });
    if (outcome.granted.length === 0 && outcome.requested.length === 0) {
      const waiting = (await listPendingExceptions(tx, { organizationId, findingId: finding.id })).length > 0;
      const error = waiting ? "findings.fourEyes.alreadyPending" : "findings.notOpen";
      return data({ intent: "accept", fieldErrors: { justification: [error] }, decision: null }, { status: 409 });
    }
    outboxes.push(...outcome.outboxes);
    return { intent: "accept", fieldErrors: null, decision: null };
  });
  await mailAfterCommit(context, request, { organizationId, outboxes });
  return result;
}

export default function FindingPage() {
  const { t, i18n } = useTranslation();
  const {
    finding,
    tenantName,
    events,
    exceptions,
    earlier,
    evidence,
    rawEvidence,
    named,
    policy,
    resourceHref,
    backTo,
    canAccept,
    canDecide,
    needsFourEyes,
    fourEyes,
    pending,
    canReadPolicies,
    today,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = i18n.language === "fr" ? "fr" : "en";
  const errors = (result?.fieldErrors ?? undefined) as Record<string, string[]> | undefined;
  const live = exceptions.find((e) => !e.endedAt);
  const whatOf = (link: (typeof named)[string]) =>
    link.kind === "permit" && link.what
      ? t(labelOf(PERMIT_TYPE_LABEL, link.what))
      : t(labelOf(RESOURCE_KIND_LABEL, link.kind === "asset" ? (link.what ?? "site") : link.kind));
  const Named = ({ refKey }: { refKey: string }) => {
    const link = named[refKey];
    if (!link) return null;
    return link.href ? <Link to={link.href}>{link.name}</Link> : <span>{link.name}</span>;
  };
  return (
    <>
      <PageHeader title={policy?.title[lang] ?? finding.policyId} description={finding.message[lang]} />
      <p>
        <Link to={backTo}>{t("findings.back")}</Link>
      </p>
      <dl className="details">
        <dt>{t("findings.severity")}</dt>
        <dd>
          <SeverityBadge severity={finding.severity} />
        </dd>
        <dt>{t("findings.status")}</dt>
        <dd>{t(FINDING_STATUS_LABEL[finding.status])}</dd>
        <dt>{t("findings.resource")}</dt>
        <dd>
          {resourceHref ? <Link to={resourceHref}>{finding.resourceName}</Link> : finding.resourceName}{" "}
          <span className="muted">· {t(labelOf(RESOURCE_KIND_LABEL, finding.resourceKind))}</span>
        </dd>
        <dt>{t("findings.tenant")}</dt>
        <dd>{tenantName ?? "—"}</dd>
        <dt>{t("findings.firstSeen")}</dt>
        <dd>
          <DateTime value={finding.firstSeenAt} />
        </dd>
        <dt>{t("findings.lastSeen")}</dt>
        <dd>
          <DateTime value={finding.lastSeenAt} />
        </dd>
        {finding.resolvedAt ? (
          <>
            <dt>{t("findings.resolvedAt")}</dt>
            <dd>
              <DateTime value={finding.resolvedAt} />
            </dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="checked">
        <h2 id="checked">{t("findings.checked")}</h2>
        <dl className="details">
          <dt>{t("findings.policy")}</dt>
          <dd>
            {policy?.title[lang] ?? finding.policyId}{" "}
            {canReadPolicies ? (
              <Link to={`/policies/${finding.policyId}`} className="muted">
                <code>{finding.policyId}</code>
              </Link>
            ) : (
              <code className="muted">{finding.policyId}</code>
            )}
          </dd>
          {policy ? (
            <>
              <dt>{t("findings.expected")}</dt>
              <dd>{policy.description[lang]}</dd>
            </>
          ) : null}
          <dt>{t("findings.found")}</dt>
          <dd>{finding.message[lang]}</dd>
        </dl>
      </section>
      <section aria-labelledby="evidence">
        <h2 id="evidence">{t("findings.evidence")}</h2>
        <p className="field-hint">{t("findings.evidenceHint")}</p>
        <dl className="evidence">
          {evidence.map((e) => (
            <div key={e.path} style={{ display: "contents" }}>
              <dt>
                <code>{e.path}</code>
              </dt>
              <dd>
                {e.ref ? <Named refKey={e.ref} /> : null}
                {e.text}
                {e.items ? (
                  <ul className="plain-list">
                    {e.items.map((item, index) => (
                      <li key={index}>
                        {item.ref ? (
                          <>
                            <Named refKey={item.ref} />
                            {item.text ? " — " : null}
                          </>
                        ) : null}
                        {item.text}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
        {Object.keys(named).length ? (
          <>
            <h3 id="named">{t("findings.named")}</h3>
            <ul className="plain-list" aria-labelledby="named">
              {Object.entries(named).map(([key, link]) => (
                <li key={key}>
                  {link.href ? <Link to={link.href}>{link.name}</Link> : link.name} <span className="muted">· {whatOf(link)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <details className="raw-evidence">
          <summary>{t("findings.rawEvidence")}</summary>
          <pre>
            <code>{rawEvidence}</code>
          </pre>
        </details>
      </section>
      {policy ? (
        <section aria-labelledby="remediation">
          <h2 id="remediation">{t("findings.remediation")}</h2>
          <p>{policy.remediation[lang]}</p>
          {policy.actions.length ? (
            <ul className="remediation-actions">
              {policy.actions.map((a) => (
                <li key={a.href}>
                  <Link to={a.href} className="button">
                    {a.kind === "new_permit"
                      ? a.renewal
                        ? t("findings.actions.renewPermit", { kind: t(labelOf(PERMIT_TYPE_LABEL, a.permitType ?? "")), name: a.siteName })
                        : a.permitType
                          ? t("findings.actions.newPermitOfType", { kind: t(labelOf(PERMIT_TYPE_LABEL, a.permitType)), name: a.siteName })
                          : t("findings.actions.newPermit", { name: a.siteName })
                      : a.kind === "new_agreement"
                        ? a.template
                          ? t("findings.actions.newAgreementFrom", { title: a.template[lang] })
                          : t("findings.actions.newAgreement")
                        : a.kind === "control"
                          ? t("findings.actions.control", {
                              framework: t(labelOf(FRAMEWORK_SHORT_LABEL, a.framework)),
                              code: a.requirement,
                            })
                          : t("findings.actions.resource", { name: a.name })}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <h3>{t("findings.why")}</h3>
          <ul>
            {policy.references.map((r) => (
              <li key={`${r.framework}:${r.requirement}`}>
                <Link to={`/controls/${r.framework}/${encodeURIComponent(r.requirement)}`}>
                  {t(labelOf(FRAMEWORK_SHORT_LABEL, r.framework))} {r.requirement}
                </Link>
                {r.title ? ` — ${r.title}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="exceptions">
        <h2 id="exceptions">{t("findings.exceptions")}</h2>
        {exceptions.length === 0 ? <p className="muted">{t("findings.noExceptions")}</p> : null}
        <ul className="plain-list">
          {exceptions.map((e) => (
            <li key={e.id}>
              {t("findings.exceptionLine", { by: actorText(t, e.grantedByLabel), until: e.expiresOn })} — <q>{e.justification}</q>
              {e.endedAt ? <span className="muted"> · {t(FINDING_EXCEPTION_ENDED_LABEL[e.endReason ?? "revoked"])}</span> : null}
            </li>
          ))}
        </ul>
        {pending.length ? (
          <>
            {pending.map((r) => (
              <p key={r.id} className="alert alert-info" role="status">
                {t("findings.fourEyes.pendingOn", { by: actorText(t, r.requestedByLabel), until: r.expiresOn })} — <q>{r.justification}</q>
              </p>
            ))}
            <PendingExceptions rows={pending} canDecide={canDecide} feedback={result?.decision ?? null} showFinding={false} />
          </>
        ) : null}
        {canAccept && finding.status === "open" && pending.length === 0 ? (
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="accept" />
            <h3>{needsFourEyes ? t("findings.fourEyes.requestTitle") : t("findings.acceptTitle")}</h3>
            {needsFourEyes ? <FourEyesNotice severities={fourEyes} /> : null}
            <ExceptionFields errors={errors} today={today} rows={3} />
            <button type="submit" className="button primary">
              {needsFourEyes ? t("findings.fourEyes.request") : t("findings.accept")}
            </button>
          </Form>
        ) : null}
        {canAccept && live ? (
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="revoke" />
            <h3>{t("findings.revokeTitle")}</h3>
            <div className="field">
              <label htmlFor="reason">{t("findings.revokeReason")}</label>
              <input id="reason" name="reason" aria-invalid={errors?.reason ? true : undefined} aria-describedby="reason-error" />
              <FieldErrors id="reason-error" errors={errors?.reason} />
            </div>
            <button type="submit" className="button danger">
              {t("findings.revoke")}
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="history">
        <h2 id="history">{t("findings.history")}</h2>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <DateTime value={e.at} /> · {t(FINDING_EVENT_LABEL[e.kind])} · <ActorName label={e.actorLabel} />
              {typeof e.detail.justification === "string" ? (
                <>
                  {" "}
                  — <q>{e.detail.justification}</q>
                </>
              ) : null}
              {typeof e.detail.reason === "string" ? (
                <>
                  {" "}
                  — <q>{e.detail.reason}</q>
                </>
              ) : null}
            </li>
          ))}
        </ol>
        {earlier.length ? (
          <>
            <h3>{t("findings.earlier")}</h3>
            <ul className="plain-list">
              {earlier.map((f) => (
                <li key={f.id}>
                  <Link to={`/findings/${f.id}`}>
                    <DateTime value={f.firstSeenAt} />
                  </Link>
                  {f.resolvedAt ? (
                    <>
                      {" → "}
                      <DateTime value={f.resolvedAt} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.findings");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
