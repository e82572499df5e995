import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getAuth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { PasswordSchema } from "../auth/password-rules";
import { passwordWeaknesses } from "../auth/password-strength.server";
import { pageTitle } from "../i18n/meta";
import { acceptInvitationSignedIn, acceptInvitationWithNewAccount, describeInvitation } from "../members/invitations.server";
import { CsrfInput, FormError, TextField, useFocusFirstError } from "../ui/forms";
import { AuthCard } from "../ui/auth-card";
import { labelOf, ROLE_LABEL } from "../i18n/labels";

// This page never takes the password of an existing account and never says whether the invited address has one:
// an anonymous visitor sees the same page whatever the address (sign in to accept, or create an account); a
// signed-in user accepts in one click when the invitation is made out to their address.

async function requireInvitation(token: string | undefined, context: LoaderFunctionArgs["context"]) {
  const invitation = token ? await describeInvitation(context.db, token) : null;
  if (!invitation) throw new Response("Invitation not found", { status: 404 });
  return invitation;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = await requireInvitation(params.token, context);
  const auth = await getAuth(request, context.db);
  const signedInAs = auth ? auth.user.email : null;
  return { invitation, signedInAs, loginHref: `/login?redirectTo=${encodeURIComponent(`/invite/${params.token}`)}` };
}

const NewAccountSchema = z
  .object({
    name: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(200),
    password: PasswordSchema,
    confirmPassword: z.string({ error: "validation.required" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "validation.passwordsDiffer" });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const invitation = await requireInvitation(params.token, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const auth = await getAuth(request, context.db);
  if (formData.get("intent") === "accept") {
    if (!auth) throw redirect(`/login?redirectTo=${encodeURIComponent(`/invite/${params.token}`)}`);
    const outcome = await acceptInvitationSignedIn(context.db, { token: params.token!, user: auth.user, sessionId: auth.sessionId });
    if (!outcome) throw new Response("Invitation not found", { status: 404 });
    if (!outcome.ok)
      return data({ result: { status: "error" as const, error: { "": [outcome.formError ?? "invite.otherAccount"] } } }, { status: 403 });
    return redirect("/");
  }
  if (auth) return data({ result: { status: "error" as const, error: { "": ["invite.signOutToCreate"] } } }, { status: 400 });
  const submission = parseWithZod(formData, { schema: NewAccountSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password", "confirmPassword"] }) }, { status: 400 });
  }
  const weaknesses = passwordWeaknesses(submission.value.password, [invitation.email, submission.value.name]);
  if (weaknesses.length) {
    return data(
      { result: submission.reply({ fieldErrors: { password: weaknesses }, hideFields: ["password", "confirmPassword"] }) },
      { status: 400 },
    );
  }
  const outcome = await acceptInvitationWithNewAccount(context.db, { token: params.token!, ...submission.value });
  if (!outcome) throw new Response("Invitation not found", { status: 404 });
  if (!outcome.ok) {
    const formErrors = outcome.formError ? [outcome.formError] : [];
    return data(
      { result: submission.reply({ formErrors, fieldErrors: outcome.fieldErrors ?? {}, hideFields: ["password", "confirmPassword"] }) },
      { status: 400 },
    );
  }
  return redirect("/", { headers: { "Set-Cookie": outcome.value.setCookie } });
}

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { invitation, signedInAs, loginHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "accept-invitation",
    lastResult: actionData?.result,
    constraint: getZodConstraint(NewAccountSchema),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewAccountSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  const sameAddress = signedInAs?.toLowerCase() === invitation.email.toLowerCase();
  return (
    <AuthCard
      title={t("invite.title", { organization: invitation.organizationName })}
      intro={t("invite.intro", { email: invitation.email, role: t(labelOf(ROLE_LABEL, invitation.role)) })}
    >
      {signedInAs ? (
        <Form method="post" {...getFormProps(form)}>
          <CsrfInput />
          <FormError id={form.errorId} errors={form.errors} />
          {sameAddress ? (
            <>
              <p>{t("invite.signedInAs", { email: signedInAs })}</p>
              <button type="submit" name="intent" value="accept" className="button primary">
                {t("invite.submit")}
              </button>
            </>
          ) : (
            <p role="alert">{t("invite.otherAccountAs", { email: signedInAs, invited: invitation.email })}</p>
          )}
        </Form>
      ) : (
        <>
          <p>
            {t("invite.haveAccount")} <Link to={loginHref}>{t("invite.signIn")}</Link>
          </p>
          <h2>{t("invite.newAccount")}</h2>
          <Form method="post" {...getFormProps(form)}>
            <CsrfInput />
            <FormError id={form.errorId} errors={form.errors} />
            <TextField meta={fields.name} label={t("invite.name")} autoComplete="name" />
            <TextField
              meta={fields.password}
              label={t("invite.newPassword")}
              hint={t("invite.passwordRules")}
              type="password"
              autoComplete="new-password"
            />
            <TextField meta={fields.confirmPassword} label={t("invite.confirmPassword")} type="password" autoComplete="new-password" />
            <button type="submit" className="button primary">
              {t("invite.submit")}
            </button>
          </Form>
        </>
      )}
    </AuthCard>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invite.pageTitle");

export { StandaloneErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
