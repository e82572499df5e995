import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { assertCsrf } from "../auth/csrf.server";
import { PasswordSchema } from "../auth/password-rules";
import { pageTitle } from "../i18n/meta";
import { acceptInvitation, describeInvitation } from "../members/invitations.server";
import { CsrfInput, FormError, TextField, useFocusFirstError } from "../ui/forms";
import { AuthCard } from "../ui/auth-card";

async function requireInvitation(token: string | undefined, context: LoaderFunctionArgs["context"]) {
  const invitation = token ? await describeInvitation(context.db, token) : null;
  if (!invitation) throw new Response("Invitation not found", { status: 404 });
  return invitation;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await requireInvitation(params.token, context);
  return { invitation };
}

const NewAccountSchema = z
  .object({
    name: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(200),
    password: PasswordSchema,
    confirmPassword: z.string({ error: "validation.required" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "validation.passwordsDiffer" });

const ExistingAccountSchema = z.object({
  password: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const invitation = await requireInvitation(params.token, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const schema = invitation.existingUser ? ExistingAccountSchema : NewAccountSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password", "confirmPassword"] }) }, { status: 400 });
  }
  const value = submission.value as { password: string; name?: string };
  const outcome = await acceptInvitation(context.db, { token: params.token!, name: value.name, password: value.password });
  if (!outcome) throw new Response("Invitation not found", { status: 404 });
  if (!outcome.ok) {
    return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {}, hideFields: ["password"] }) }, { status: 400 });
  }
  return redirect("/", { headers: { "Set-Cookie": outcome.value.setCookie } });
}

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = invitation.existingUser ? ExistingAccountSchema : NewAccountSchema;
  const [form, fields] = useForm({
    id: "accept-invitation",
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  const f = fields as unknown as Record<"name" | "password" | "confirmPassword", Parameters<typeof TextField>[0]["meta"]>;
  return (
    <AuthCard
      title={t("invite.title", { organization: invitation.organizationName })}
      intro={t("invite.intro", { email: invitation.email, role: t(`roles.${invitation.role}`) })}
    >
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <FormError id={form.errorId} errors={form.errors} />
        {invitation.existingUser ? (
          <TextField meta={f.password} label={t("invite.currentPassword")} type="password" autoComplete="current-password" />
        ) : (
          <>
            <TextField meta={f.name} label={t("invite.name")} autoComplete="name" />
            <TextField
              meta={f.password}
              label={t("invite.newPassword")}
              hint={t("invite.passwordRules")}
              type="password"
              autoComplete="new-password"
            />
            <TextField meta={f.confirmPassword} label={t("invite.confirmPassword")} type="password" autoComplete="new-password" />
          </>
        )}
        <button type="submit" className="button primary">
          {t("invite.submit")}
        </button>
      </Form>
    </AuthCard>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invite.pageTitle");

export { StandaloneErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
