import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { pageTitle } from "../i18n/meta";
import { runFixtures } from "../policy-engine/fixtures";
import { EngineTabs, SeverityBadge } from "../policy-engine/findings-ui";
import { policyStats } from "../policy-engine/findings.server";
import { organizationPolicySet } from "../policy-engine/custom-policies.server";
import { PageHeader } from "../ui/layout";
import { FRAMEWORK_SHORT_LABEL, labelOf, POLICY_PACK_LABEL, RESOURCE_KIND_LABEL } from "../i18n/labels";
import { useNumbers } from "../ui/format";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Policy");
  const { stats, set } = await scoped(context, auth, async (tx) => ({
    stats: await policyStats(tx, { organizationId: auth.organization.id }),
    set: await organizationPolicySet(tx, { organizationId: auth.organization.id }),
  }));
  const fixtures = runFixtures(set.policies);
  const packs = new Map<string, unknown[]>();
  const policies = set.policies.map((p) => {
    const s = stats.get(p.id) ?? { pass: 0, fail: 0, error: 0, not_applicable: 0 };
    const checked = s.pass + s.fail + s.error;
    const own = fixtures.filter((f) => f.policy === p.id);
    return {
      id: p.id,
      pack: p.pack,
      title: p.title,
      severity: p.severity,
      kinds: p.kinds,
      references: p.references,
      ...s,
      passRate: checked ? Math.round((s.pass / checked) * 1000) / 10 : null,
      fixtures: { total: own.length, ok: own.filter((f) => f.ok).length },
    };
  });
  for (const p of policies) packs.set(p.pack, [...(packs.get(p.pack) ?? []), p]);
  return {
    packs: [...packs.entries()].map(([pack, list]) => ({ pack, policies: list as typeof policies })),
    hash: set.hash,
    count: policies.length,
    canCreate: auth.ability.can("create", "Policy"),
  };
}

export default function PoliciesPage() {
  const { t, i18n } = useTranslation();
  const n = useNumbers();
  const { packs, hash, count, canCreate } = useLoaderData<typeof loader>();
  const lang = i18n.language === "fr" ? "fr" : "en";
  return (
    <>
      <PageHeader
        title={t("policies.title")}
        description={t("policies.description", { count, hash: hash.slice(0, 12) })}
        actions={
          canCreate ? (
            <Link to="/policies/custom/new" className="button primary">
              {t("customPolicies.new")}
            </Link>
          ) : undefined
        }
      />
      <EngineTabs current="policies" />
      {packs.map(({ pack, policies }) => (
        <section key={pack} aria-labelledby={`pack-${pack}`}>
          <h2 id={`pack-${pack}`}>{t(labelOf(POLICY_PACK_LABEL, pack), { defaultValue: pack })}</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("policies.policy")}</th>
                <th scope="col">{t("findings.severity")}</th>
                <th scope="col">{t("policies.appliesTo")}</th>
                <th scope="col">{t("policies.passRate")}</th>
                <th scope="col">{t("policies.failing")}</th>
                <th scope="col">{t("policies.fixtures")}</th>
              </tr>
            </thead>
            <tbody>
              {policies.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/policies/${p.id}`}>{p.title[lang]}</Link>
                    <div className="muted small">
                      <code>{p.id}</code> ·{" "}
                      {p.references.map((r) => `${t(labelOf(FRAMEWORK_SHORT_LABEL, r.framework))} ${r.requirement}`).join(", ")}
                    </div>
                  </td>
                  <td>
                    <SeverityBadge severity={p.severity} />
                  </td>
                  <td>{p.kinds.map((k) => t(RESOURCE_KIND_LABEL[k])).join(", ")}</td>
                  <td>
                    {p.passRate === null ? <span className="muted">{t("policies.notChecked")}</span> : n.percent(p.passRate / 100, 1)}
                  </td>
                  <td>
                    {p.fail + p.error > 0 ? (
                      <Link to={`/findings?policy=${encodeURIComponent(p.id)}`}>{n.number(p.fail + p.error)}</Link>
                    ) : (
                      0
                    )}
                    {p.error > 0 ? <span className="badge severity-high"> {t("policies.errors", { count: p.error })}</span> : null}
                  </td>
                  <td>{t("policies.fixturesPassing", { ok: p.fixtures.ok, total: p.fixtures.total })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policies.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
