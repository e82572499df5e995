import type { ActionFunctionArgs } from "@remix-run/node";
import { requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { checkSource, dryRun, MAX_SOURCE_BYTES } from "../policy-engine/custom-policies.server";

/** The policy editor's live check (as one types) and dry run (on demand): nothing is written. */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Policy");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_SOURCE_BYTES * 4)
    return Response.json({ ok: false, field: "(file)", reason: "too large", line: null, fixtures: [], dryRun: null }, { status: 413 });
  const form = await request.formData();
  assertCsrf(request, form);
  const check = checkSource(String(form.get("source") ?? ""));
  const fixtures = check.fixtures.map((f) => ({ name: f.fixture, expected: f.expected, got: f.result.status, ok: f.ok }));
  if (!check.ok) return Response.json({ ok: false, field: check.field, reason: check.reason, line: check.line, fixtures, dryRun: null });
  const result =
    form.get("intent") === "dry-run"
      ? await scoped(context, auth, (tx) => dryRun(tx, { organizationId: auth.organization.id, policy: check.policy, limit: 50 }))
      : null;
  return Response.json({ ok: true, field: null, reason: null, line: null, fixtures, dryRun: result, id: check.policy.id });
}
