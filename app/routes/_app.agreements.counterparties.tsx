import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listCounterparties, saveCounterparty, setCounterpartyArchived } from "../agreements/agreements.server";
import { CounterpartyFormSchema } from "../agreements/counterparty-schema";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { countryName, countryOptions } from "../i18n/countries";
import { pageTitle } from "../i18n/meta";
import { CsrfInput, FormError, SelectField, TextAreaField, TextField, useFocusFirstError } from "../ui/forms";
import { EmptyState, PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Agreement");
  if (auth.scope.tenantId) throw new Response("Forbidden", { status: 403 });
  const rows = await scoped(context, auth, (tx) => listCounterparties(tx, { organizationId: auth.organization.id }));
  return { counterparties: rows, canEdit: auth.ability.can("create", "Agreement") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Agreement");
  const formData = await request.formData();
  assertCsrf(request, formData);
  const id = z
    .uuid()
    .optional()
    .safeParse(formData.get("id") || undefined);
  if (!id.success) throw notFound();
  const intent = formData.get("intent");
  if ((intent === "archive" || intent === "restore") && id.data) {
    const counterpartyId = id.data;
    const done = await scoped(context, auth, (tx) =>
      setCounterpartyArchived(tx, {
        organizationId: auth.organization.id,
        actor: actorOf(auth),
        counterpartyId,
        archived: intent === "archive",
      }),
    );
    if (!done) throw notFound();
    return redirect("/agreements/counterparties");
  }
  const submission = parseWithZod(formData, { schema: CounterpartyFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await scoped(context, auth, (tx) =>
    saveCounterparty(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      ...(id.data ? { counterpartyId: id.data } : {}),
      input: submission.value,
    }),
  );
  if (!outcome) throw notFound();
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors ?? {} }) }, { status: 400 });
  return { result: submission.reply({ resetForm: true }) };
}

function CounterpartyForm({ editing }: { editing: { id: string; defaults: Record<string, string> } | null }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof CounterpartyFormSchema>, z.output<typeof CounterpartyFormSchema>>({
    id: editing ? `counterparty-${editing.id}` : "counterparty",
    lastResult: actionData?.result,
    defaultValue: editing?.defaults ?? { registrationCountry: "FR", headquartersCountry: "FR" },
    constraint: getZodConstraint(CounterpartyFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CounterpartyFormSchema }),
  });
  useFocusFirstError(form.id, actionData?.result);
  const countries = countryOptions(i18n.language).map((c) => ({ value: c.code, label: c.name }));
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <CsrfInput />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <FormError id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label={t("counterparties.name")} />
      <SelectField meta={fields.registrationCountry} label={t("counterparties.registrationCountry")} options={countries} />
      <SelectField
        meta={fields.headquartersCountry}
        label={t("counterparties.headquartersCountry")}
        hint={t("counterparties.headquartersHint")}
        options={countries}
      />
      <TextAreaField meta={fields.subProcessors} label={t("counterparties.subProcessors")} hint={t("counterparties.subProcessorsHint")} />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {editing ? t("common.save") : t("counterparties.add")}
        </button>
        {editing ? <Link to="/agreements/counterparties">{t("common.cancel")}</Link> : null}
      </div>
    </Form>
  );
}

export default function CounterpartiesPage() {
  const { t, i18n } = useTranslation();
  const { counterparties, canEdit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const editing = counterparties.find((c) => c.id === params.get("edit"));
  const archiving = counterparties.find((c) => c.id === params.get("archive") && !c.archivedAt);
  return (
    <>
      <PageHeader title={t("counterparties.title")} description={t("counterparties.description")} />
      {archiving && canEdit ? (
        <Form method="post" className="confirm" aria-labelledby="archive-title">
          <CsrfInput />
          <input type="hidden" name="id" value={archiving.id} />
          <h2 id="archive-title">{t("counterparties.archiveTitle", { name: archiving.name })}</h2>
          <p>{t("counterparties.archiveBody")}</p>
          <div className="actions">
            <button type="submit" name="intent" value="archive" className="button danger">
              {t("counterparties.archive")}
            </button>
            <Link to="/agreements/counterparties">{t("common.cancel")}</Link>
          </div>
        </Form>
      ) : null}
      {counterparties.length === 0 ? (
        <EmptyState title={t("counterparties.emptyTitle")} body={t("counterparties.emptyBody")} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("counterparties.name")}</th>
              <th scope="col">{t("counterparties.registrationCountry")}</th>
              <th scope="col">{t("counterparties.headquartersCountry")}</th>
              <th scope="col">{t("counterparties.subProcessors")}</th>
              {canEdit ? <th scope="col">{t("common.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {counterparties.map((c) => (
              <tr key={c.id} className={c.archivedAt ? "muted" : undefined}>
                <td>
                  {c.name}
                  {c.archivedAt ? <span className="badge"> {t("counterparties.archived")}</span> : null}
                </td>
                <td>{countryName(c.registrationCountry, i18n.language)}</td>
                <td>{countryName(c.headquartersCountry, i18n.language)}</td>
                <td>{c.subProcessors.map((s) => `${s.name} (${s.country})`).join(", ") || "—"}</td>
                {canEdit ? (
                  <td>
                    <Link to={`?edit=${c.id}`} aria-label={t("members.editLabel", { name: c.name })}>
                      {t("common.edit")}
                    </Link>{" "}
                    {c.archivedAt ? (
                      <Form method="post" className="inline-form">
                        <CsrfInput />
                        <input type="hidden" name="id" value={c.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="restore"
                          className="link-button"
                          aria-label={t("counterparties.restoreLabel", { name: c.name })}
                        >
                          {t("counterparties.restore")}
                        </button>
                      </Form>
                    ) : (
                      <Link to={`?archive=${c.id}`} aria-label={t("counterparties.archiveLabel", { name: c.name })}>
                        {t("counterparties.archive")}
                      </Link>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit ? (
        <section aria-labelledby="counterparty-form">
          <h2 id="counterparty-form">{editing ? t("counterparties.editTitle", { name: editing.name }) : t("counterparties.add")}</h2>
          <CounterpartyForm
            key={editing?.id ?? "new"}
            editing={
              editing
                ? {
                    id: editing.id,
                    defaults: {
                      name: editing.name,
                      registrationCountry: editing.registrationCountry,
                      headquartersCountry: editing.headquartersCountry,
                      subProcessors: editing.subProcessors.map((s) => `${s.name}; ${s.country}; ${s.access}`).join("\n"),
                    },
                  }
                : null
            }
          />
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "counterparties.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
