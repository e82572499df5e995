import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Tx } from "../../db/connection.server";
import { subject, type Action, type SubjectName } from "../auth/ability";
import { actorOf, notFound, requireAuth, requirePermission, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { findRequirement, localText } from "../controls/catalogue.server";
import type { Locale } from "../i18n/i18n";
import { detectLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { display } from "../policy-engine/cel.server";
import { evidenceValue } from "../reports/evidence-text.server";
import { exceptionSchema, fieldErrorsOf, RevokeSchema } from "../policy-engine/finding-schema";
import { findingsSeenBy, getFinding, grantException, revokeException } from "../policy-engine/findings.server";
import { SeverityBadge } from "../policy-engine/findings-ui";
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
  RESOURCE_KIND_LABEL,
} from "../i18n/labels";

async function requireFinding(tx: Tx, auth: Auth, rawId: string | undefined, action: Action) {
  requirePermission(auth, action, "Finding");
  const found = await getFinding(tx, { organizationId: auth.organization.id, findingId: requireUuidParam(rawId) });
  if (!found) throw notFound();
  requirePermission(auth, action, subject("Finding", found.finding));
  return found;
}

/** Where a finding's resource has its page, and what one must be allowed to read to open it. */
function resourcePage(kind: string, id: string): { href: string; subject: SubjectName } {
  if (kind === "permit") return { href: `/permits/${id}`, subject: "Permit" };
  if (kind === "agreement") return { href: `/agreements/${id}`, subject: "Agreement" };
  if (kind === "tenant") return { href: `/settings/tenants/${id}`, subject: "Tenant" };
  return { href: `/inventory/${id}`, subject: "Inventory" };
}

const LEFT_OUT = /^… \d+ more$/;

/**
 * One value of the evidence for the page: a value or a list of values in the reader's words (labels, yes/no, numbers);
 * records (a site's permits, a tenant's agreements) as the engine read them, as code, with the count of what the engine
 * left out in words.
 */
function shownEvidence(path: string, value: unknown, lang: Locale, resourceKind: string) {
  const isRecord = (v: unknown) => typeof v === "object" && v !== null;
  if (!isRecord(value) || (Array.isArray(value) && !value.some(isRecord)))
    return { path, text: evidenceValue(path, value, lang, resourceKind) };
  const last = Array.isArray(value) ? value.at(-1) : undefined;
  if (typeof last === "string" && LEFT_OUT.test(last))
    return { path, code: display((value as unknown[]).slice(0, -1)), text: evidenceValue(path, last, lang, resourceKind) };
  return { path, code: display(value) };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { found, set } = await scoped(context, auth, async (tx) => {
    const stored = await requireFinding(tx, auth, params.findingId, "read");
    // A tenant member reads the evidence as their tenant may see it, whenever the finding was stored.
    const [finding] = await findingsSeenBy(tx, { organizationId: auth.organization.id, tenantId: auth.membership.tenantId }, [
      stored.finding,
    ]);
    return {
      found: { ...stored, finding: finding! },
      set: await organizationPolicySet(tx, { organizationId: auth.organization.id }),
    };
  });
  const policy = set.byId.get(found.finding.policyId);
  const lang = await detectLocale(request);
  const page = resourcePage(found.finding.resourceKind, found.finding.resourceId);
  return {
    ...found,
    evidence: Object.entries(found.finding.evidence).map(([path, value]) => shownEvidence(path, value, lang, found.finding.resourceKind)),
    policy: policy
      ? {
          id: policy.id,
          title: policy.title,
          description: policy.description,
          remediation: policy.remediation,
          references: policy.references.map((r) => ({
            ...r,
            title: (() => {
              const found = findRequirement(r.framework, r.requirement);
              return found ? localText(found.requirement.title, lang) : null;
            })(),
          })),
        }
      : null,
    resourceHref: auth.ability.can("read", page.subject) ? page.href : null,
    canAccept: auth.ability.can("update", subject("Finding", found.finding)),
    canReadPolicies: auth.ability.can("read", "Policy"),
    today: clock.today(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const intent = formData.get("intent");
  return scoped(context, auth, async (tx) => {
    const { finding } = await requireFinding(tx, auth, params.findingId, "update");
    const organizationId = auth.organization.id;
    if (intent === "revoke") {
      const parsed = RevokeSchema.safeParse({ reason: formData.get("reason") ?? undefined });
      if (!parsed.success) return data({ intent, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
      const revoked = await revokeException(tx, {
        organizationId,
        actor: actorOf(auth),
        findingId: finding.id,
        reason: parsed.data.reason,
      });
      if (!revoked) return data({ intent, fieldErrors: { reason: ["findings.noException"] } }, { status: 409 });
      return { intent, fieldErrors: null };
    }
    const parsed = exceptionSchema(clock.today()).safeParse({
      findingId: [finding.id],
      justification: formData.get("justification") ?? undefined,
      expiresOn: formData.get("expiresOn") || undefined,
    });
    if (!parsed.success) return data({ intent: "accept", fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
    const outcome = await grantException(tx, {
      organizationId,
      actor: actorOf(auth),
      findingIds: [finding.id],
      justification: parsed.data.justification,
      expiresOn: parsed.data.expiresOn,
    });
    if (outcome.granted.length === 0)
      return data({ intent: "accept", fieldErrors: { justification: ["findings.notOpen"] } }, { status: 409 });
    return { intent: "accept", fieldErrors: null };
  });
}

export default function FindingPage() {
  const { t, i18n } = useTranslation();
  const { finding, tenantName, events, exceptions, earlier, evidence, policy, resourceHref, canAccept, canReadPolicies, today } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = i18n.language === "fr" ? "fr" : "en";
  const errors = (result?.fieldErrors ?? undefined) as Record<string, string[]> | undefined;
  const live = exceptions.find((e) => !e.endedAt);
  return (
    <>
      <PageHeader title={policy?.title[lang] ?? finding.policyId} description={finding.message[lang]} />
      <p>
        <Link to="/findings">{t("findings.back")}</Link>
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
        <dt>{t("findings.policy")}</dt>
        <dd>
          {canReadPolicies ? (
            <Link to={`/policies/${finding.policyId}`}>
              <code>{finding.policyId}</code>
            </Link>
          ) : (
            <code>{finding.policyId}</code>
          )}
        </dd>
      </dl>
      {policy ? (
        <section aria-labelledby="why">
          <h2 id="why">{t("findings.why")}</h2>
          <p>{policy.description[lang]}</p>
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
          <h3>{t("findings.remediation")}</h3>
          <p>{policy.remediation[lang]}</p>
        </section>
      ) : null}
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
                {"code" in e ? <code>{e.code}</code> : null}
                {"code" in e && e.text ? " " : null}
                {e.text}
              </dd>
            </div>
          ))}
        </dl>
      </section>
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
        {canAccept && finding.status === "open" ? (
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="accept" />
            <h3>{t("findings.acceptTitle")}</h3>
            <div className="field">
              <label htmlFor="justification">{t("findings.justification")}</label>
              <textarea
                id="justification"
                name="justification"
                rows={3}
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
            <button type="submit" className="button primary">
              {t("findings.accept")}
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
