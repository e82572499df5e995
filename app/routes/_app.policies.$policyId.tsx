import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, desc, eq, inArray } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { policyResults } from "../../db/schema";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { display } from "../policy-engine/cel.server";
import { runFixtures } from "../policy-engine/fixtures";
import { EngineTabs, FailingResources, SeverityBadge } from "../policy-engine/findings-ui";
import { policyStats } from "../policy-engine/findings.server";
import { listOverrides, parseParameterForm, saveOverride } from "../policy-engine/overrides.server";
import type { Tx } from "../../db/connection.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { allTenantChoices } from "../tenants/tenants.server";
import { CsrfInput, FieldErrors } from "../ui/forms";
import { DateTime } from "../ui/format";
import { PageHeader } from "../ui/layout";
import { FRAMEWORK_SHORT_LABEL, labelOf, RESOURCE_KIND_LABEL, RESULT_STATUS_LABEL } from "../i18n/labels";

async function requirePolicy(tx: Tx, organizationId: string, id: string | undefined) {
  const policy = id ? (await organizationPolicySet(tx, { organizationId })).byId.get(id) : undefined;
  if (!policy) throw notFound();
  return policy;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Policy");
  const organizationId = auth.organization.id;
  const { policy, stats, failing, overrides, tenants } = await scoped(context, auth, async (tx) => {
    const policy = await requirePolicy(tx, organizationId, params.policyId);
    return {
      policy,
      stats: (await policyStats(tx, { organizationId })).get(policy.id) ?? { pass: 0, fail: 0, error: 0, not_applicable: 0 },
      failing: await tx
        .select()
        .from(policyResults)
        .where(
          and(
            eq(policyResults.organizationId, organizationId),
            eq(policyResults.policyId, policy.id),
            inArray(policyResults.status, ["fail", "error"]),
          ),
        )
        .orderBy(desc(policyResults.evaluatedAt))
        .limit(50),
      overrides: await listOverrides(tx, { organizationId, policyId: policy.id }),
      tenants: await allTenantChoices(tx, { organizationId }),
    };
  });
  return {
    policy: {
      id: policy.id,
      file: policy.file,
      title: policy.title,
      description: policy.description,
      remediation: policy.remediation,
      severity: policy.severity,
      kinds: policy.kinds,
      references: policy.references,
      match: policy.match,
      assert: policy.assert,
      message: policy.message,
      custom: policy.pack === "custom",
      params: Object.entries(policy.params).map(([name, value]) => ({
        name,
        value: display(value),
        raw: Array.isArray(value) ? value.join(", ") : String(value),
        kind: typeof value === "boolean" ? "boolean" : Array.isArray(value) ? "list" : typeof value,
      })),
    },
    stats,
    fixtures: runFixtures([policy]).map((f) => ({
      name: f.fixture,
      expected: f.expected,
      status: f.result.status,
      ok: f.ok,
      message: f.result.message,
    })),
    failing: failing.map((r) => ({
      resourceId: r.resourceId,
      resourceName: r.resourceName,
      resourceKind: r.resourceKind,
      status: r.status,
      message: r.message,
      error: r.error,
      evaluatedAt: r.evaluatedAt,
    })),
    overrides: overrides.map(({ override, tenantName }) => ({
      id: override.id,
      tenantName,
      tenantId: override.tenantId,
      params: Object.entries(override.params)
        .map(([k, v]) => `${k} = ${display(v)}`)
        .join("; "),
      by: override.updatedByLabel,
      at: override.updatedAt,
    })),
    tenants,
    canEdit: auth.ability.can("update", "Policy"),
  };
}

const Scope = z.object({ tenant: z.union([z.literal(""), z.uuid()]).default(""), intent: z.enum(["save", "reset"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Policy");
  const form = await request.formData();
  assertCsrf(request, form);
  const scope = Scope.safeParse({ tenant: form.get("tenant") ?? "", intent: form.get("intent") });
  if (!scope.success)
    return data({ errors: { tenant: ["validation.required"] } as Record<string, string[]>, saved: false }, { status: 400 });
  const tenantId = scope.data.tenant || null;
  const organizationId = auth.organization.id;
  const parsed = await scoped(context, auth, async (tx) => {
    const policy = await requirePolicy(tx, organizationId, params.policyId);
    if (tenantId && !(await allTenantChoices(tx, { organizationId })).some((t) => t.id === tenantId)) throw notFound();
    const parsed = scope.data.intent === "reset" ? ({ ok: true, params: null } as const) : parseParameterForm(policy, form);
    if (parsed.ok) await saveOverride(tx, { organizationId, actor: actorOf(auth), policyId: policy.id, tenantId, values: parsed.params });
    return parsed;
  });
  if (!parsed.ok) return data({ errors: parsed.errors, saved: false }, { status: 400 });
  return { errors: null, saved: true };
}

export default function PolicyPage() {
  const { t, i18n } = useTranslation();
  const { policy, stats, fixtures, failing, overrides, tenants, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = i18n.language === "fr" ? "fr" : "en";
  const errors = result?.errors ?? undefined;
  return (
    <>
      <PageHeader title={policy.title[lang]} description={policy.description[lang]} />
      <EngineTabs current="policies" />
      {policy.custom ? (
        <p>
          <Link to={`/policies/custom/${encodeURIComponent(policy.id)}`}>{t("customPolicies.editLink")}</Link>
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("policies.id")}</dt>
        <dd>
          <code>{policy.id}</code> <span className="muted">· policies/{policy.file}</span>
        </dd>
        <dt>{t("findings.severity")}</dt>
        <dd>
          <SeverityBadge severity={policy.severity} />
        </dd>
        <dt>{t("policies.appliesTo")}</dt>
        <dd>{policy.kinds.map((k) => t(RESOURCE_KIND_LABEL[k])).join(", ")}</dd>
        <dt>{t("policies.references")}</dt>
        <dd>
          {policy.references.map((r, i) => (
            <span key={`${r.framework}:${r.requirement}`}>
              {i > 0 ? ", " : ""}
              <Link to={`/controls/${r.framework}/${encodeURIComponent(r.requirement)}`}>
                {t(labelOf(FRAMEWORK_SHORT_LABEL, r.framework))} {r.requirement}
              </Link>
            </span>
          ))}
        </dd>
        <dt>{t("policies.latestResults")}</dt>
        <dd>{t("policies.resultCounts", stats)}</dd>
      </dl>
      <section aria-labelledby="expressions">
        <h2 id="expressions">{t("policies.expressions")}</h2>
        <h3>match</h3>
        <pre className="expression">{policy.match}</pre>
        <h3>assert</h3>
        <pre className="expression">{policy.assert}</pre>
        <h3>{t("findings.remediation")}</h3>
        <p>{policy.remediation[lang]}</p>
      </section>
      <section aria-labelledby="parameters">
        <h2 id="parameters">{t("policies.parameters")}</h2>
        {policy.params.length === 0 ? (
          <p className="muted">{t("policies.noParameters")}</p>
        ) : (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("policies.parameter")}</th>
                  <th scope="col">{t("policies.default")}</th>
                </tr>
              </thead>
              <tbody>
                {policy.params.map((p) => (
                  <tr key={p.name}>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>{p.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t("policies.overrides")}</h3>
            {overrides.length === 0 ? <p className="muted">{t("policies.noOverrides")}</p> : null}
            <ul className="plain-list">
              {overrides.map((o) => (
                <li key={o.id}>
                  <strong>{o.tenantName ?? t("policies.wholeOrganization")}</strong>: {o.params}{" "}
                  <span className="muted">
                    · {o.by} · <DateTime value={o.at} />
                  </span>
                </li>
              ))}
            </ul>
            {canEdit ? (
              <Form method="post" className="stack" aria-labelledby="override-title">
                <CsrfInput />
                <h3 id="override-title">{t("policies.setParameters")}</h3>
                {result?.saved ? (
                  <p className="alert alert-success" role="status">
                    {t("policies.saved")}
                  </p>
                ) : null}
                <div className="field">
                  <label htmlFor="tenant">{t("policies.scope")}</label>
                  <select id="tenant" name="tenant" defaultValue="">
                    <option value="">{t("policies.wholeOrganization")}</option>
                    {tenants.map((tenant) => (
                      <option key={tenant.id} value={tenant.id}>
                        {tenant.legalName}
                      </option>
                    ))}
                  </select>
                </div>
                {policy.params.map((p) => (
                  <div className="field" key={p.name}>
                    <label htmlFor={`param-${p.name}`}>
                      <code>{p.name}</code>
                    </label>
                    {p.kind === "boolean" ? (
                      <select id={`param-${p.name}`} name={`param.${p.name}`} defaultValue={p.raw}>
                        <option value="true">{t("policies.yes")}</option>
                        <option value="false">{t("policies.no")}</option>
                      </select>
                    ) : (
                      <input
                        id={`param-${p.name}`}
                        name={`param.${p.name}`}
                        defaultValue={p.raw}
                        inputMode={p.kind === "number" ? "decimal" : undefined}
                        aria-invalid={errors?.[p.name] ? true : undefined}
                        aria-describedby={`param-${p.name}-error`}
                      />
                    )}
                    {p.kind === "list" ? <p className="field-hint">{t("policies.listHint")}</p> : null}
                    <FieldErrors id={`param-${p.name}-error`} errors={errors?.[p.name]} />
                  </div>
                ))}
                <div className="actions">
                  <button type="submit" name="intent" value="save" className="button primary">
                    {t("policies.save")}
                  </button>
                  <button type="submit" name="intent" value="reset" className="button">
                    {t("policies.reset")}
                  </button>
                </div>
              </Form>
            ) : null}
          </>
        )}
      </section>
      <section aria-labelledby="failing">
        <h2 id="failing">{t("policies.failingResources")}</h2>
        <FailingResources
          rows={failing.map((r) => ({
            id: r.resourceId,
            name: r.resourceName,
            kind: r.resourceKind,
            status: r.status,
            detail: r.message?.[lang] ?? r.error,
          }))}
        />
      </section>
      <section aria-labelledby="fixtures">
        <h2 id="fixtures">{t("policies.fixtures")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("policies.fixture")}</th>
              <th scope="col">{t("policies.expected")}</th>
              <th scope="col">{t("policies.got")}</th>
            </tr>
          </thead>
          <tbody>
            {fixtures.map((f) => (
              <tr key={f.name}>
                <td>
                  {f.name}
                  {/* What the policy would say of the fixture's made-up resource ("Fixture rack"): sample output. */}
                  {f.message ? (
                    <div className="muted small">
                      <samp>{f.message[lang]}</samp>
                    </div>
                  ) : null}
                </td>
                <td>{t(RESULT_STATUS_LABEL[f.expected])}</td>
                <td>{f.ok ? `✓ ${t(RESULT_STATUS_LABEL[f.status])}` : `✗ ${t(RESULT_STATUS_LABEL[f.status])}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policies.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
