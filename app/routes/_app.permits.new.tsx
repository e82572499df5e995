import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { PermitForm } from "../permits/permit-form";
import { PERMIT_STATUSES, PERMIT_TYPES, PermitFormSchema } from "../permits/permit-schema";
import { createPermit, siteChoices } from "../permits/permits.server";
import { PageHeader } from "../ui/layout";

/** What a link may prefill (a finding's remediation: `?site=<id>&type=icpe&status=applied`); anything else is ignored. */
const Prefill = z.object({
  site: z.uuid().optional().catch(undefined),
  type: z.enum(PERMIT_TYPES).optional().catch(undefined),
  status: z.enum(PERMIT_STATUSES).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Permit");
  const sites = await scoped(context, auth, (tx) => siteChoices(tx, { organizationId: auth.organization.id }));
  const prefill = Prefill.parse(Object.fromEntries(new URL(request.url).searchParams));
  // A site is prefilled only when it is one of the organisation's sites.
  const siteId = sites.some((s) => s.id === prefill.site) ? prefill.site : undefined;
  const defaultValue: Record<string, string> = { status: prefill.status ?? "granted" };
  if (siteId) defaultValue.siteId = siteId;
  if (prefill.type) defaultValue.type = prefill.type;
  return { sites, defaultValue };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Permit");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: PermitFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    createPermit(tx, { organizationId: auth.organization.id, actor: actorOf(auth), input: submission.value }),
  );
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return redirect(`/permits/${outcome.value.id}`);
}

export default function NewPermitPage() {
  const { t } = useTranslation();
  const { sites, defaultValue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("permits.new")} />
      <PermitForm
        sites={sites}
        defaultValue={defaultValue}
        lastResult={actionData?.result}
        submitLabel={t("permits.create")}
        cancelTo="/permits"
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "permits.new");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
