import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { customPolicyHistory, saveCustomPolicy, setCustomPolicyEnabled } from "../policy-engine/custom-policies.server";
import { EngineTabs } from "../policy-engine/findings-ui";
import { PolicyEditor } from "../policy-engine/policy-editor";
import { CsrfInput } from "../ui/forms";
import { DateTime } from "../ui/format";
import { PageHeader } from "../ui/layout";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Policy");
  const history = await scoped(context, auth, (tx) =>
    customPolicyHistory(tx, { organizationId: auth.organization.id, policyId: params.policyId ?? "" }),
  );
  if (!history) throw notFound();
  return { ...history, canEdit: auth.ability.can("update", "Policy") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Policy");
  const form = await request.formData();
  assertCsrf(request, form);
  const policyId = params.policyId ?? "";
  const organizationId = auth.organization.id;
  const intent = form.get("intent");
  if (intent === "enable" || intent === "disable") {
    const done = await scoped(context, auth, (tx) =>
      setCustomPolicyEnabled(tx, { organizationId, actor: actorOf(auth), policyId, enabled: intent === "enable" }),
    );
    if (!done) throw notFound();
    return { error: null, source: null };
  }
  const source = String(form.get("source") ?? "");
  const note = String(form.get("note") ?? "")
    .trim()
    .slice(0, 500);
  const outcome = await scoped(context, auth, async (tx) => {
    if (!(await customPolicyHistory(tx, { organizationId, policyId }))) throw notFound();
    return saveCustomPolicy(tx, { organizationId, actor: actorOf(auth), source, note, expectedPolicyId: policyId });
  });
  if (!outcome.ok)
    return data({ error: `${outcome.field}${outcome.line ? ` (line ${outcome.line})` : ""}: ${outcome.reason}`, source }, { status: 400 });
  return redirect(`/policies/${encodeURIComponent(outcome.policyId)}`);
}

export default function EditCustomPolicy() {
  const { t } = useTranslation();
  const { policy, versions, canEdit } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const current = versions[0]!;
  return (
    <>
      <PageHeader
        title={t("customPolicies.editTitle", { id: policy.policyId })}
        description={t("customPolicies.versionLine", {
          version: policy.currentVersion,
          state: policy.enabled ? t("customPolicies.enabled") : t("customPolicies.disabled"),
        })}
      />
      <EngineTabs current="policies" />
      <p>
        <Link to={`/policies/${encodeURIComponent(policy.policyId)}`}>{t("customPolicies.results")}</Link>
      </p>
      {canEdit ? (
        <>
          <Form method="post" className="actions">
            <CsrfInput />
            <button type="submit" name="intent" value={policy.enabled ? "disable" : "enable"} className="button">
              {policy.enabled ? t("customPolicies.disable") : t("customPolicies.enable")}
            </button>
          </Form>
          <PolicyEditor
            initialSource={failed?.source ?? current.source}
            saveLabel={t("customPolicies.saveVersion")}
            saveError={failed?.error ?? null}
          />
        </>
      ) : (
        <pre className="expression">{current.source}</pre>
      )}
      <section aria-labelledby="versions">
        <h2 id="versions">{t("customPolicies.versions")}</h2>
        <ol className="timeline" reversed>
          {versions.map((v) => (
            <li key={v.id}>
              <details>
                <summary>
                  v{v.version} · {v.authorLabel} · <DateTime value={v.createdAt} />
                  {v.note ? ` — ${v.note}` : ""}
                </summary>
                <pre className="expression">{v.source}</pre>
              </details>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policies.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
