import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getAuth, signIn } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { localeCookie } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { safeRedirect } from "../auth/safe-redirect";
import { CsrfInput, FormError, TextField, useFocusFirstError } from "../ui/forms";
import { AuthCard } from "../ui/auth-card";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getAuth(request, context.db)) throw redirect("/");
  return null;
}

const LoginSchema = z.object({
  email: z.email({ error: "validation.email" }).max(254, { error: "validation.tooLong" }),
  password: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }).max(1024),
  redirectTo: z.string().optional(),
});

const FAILURES = {
  throttled: { status: 429, message: "login.errors.throttled" },
  invalid: { status: 401, message: "login.errors.invalid" },
  noAccess: { status: 403, message: "login.errors.noAccess" },
} as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  assertCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const outcome = await signIn(context.db, { ...submission.value, ip: context.clientIp });
  if (!outcome.ok) {
    context.log?.warn({ event: "login_failed", reason: outcome.reason }, "sign-in refused");
    return data(
      { result: submission.reply({ formErrors: [FAILURES[outcome.reason].message], hideFields: ["password"] }) },
      { status: FAILURES[outcome.reason].status },
    );
  }
  context.log?.info({ event: "login", userId: outcome.userId }, "signed in");
  const headers = new Headers({ "Set-Cookie": outcome.setCookie });
  // The language chosen on another browser follows the user.
  if (outcome.locale) headers.append("Set-Cookie", await localeCookie.serialize(outcome.locale));
  return redirect(safeRedirect(submission.value.redirectTo), { headers });
}

export default function LoginPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  return (
    <AuthCard title={t("login.title")} intro={t("login.intro")}>
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <FormError id={form.errorId} errors={form.errors} />
        <TextField meta={fields.email} label={t("login.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
    </AuthCard>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export { StandaloneErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
