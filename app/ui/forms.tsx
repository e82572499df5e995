import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { Form, useLocation, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { messageText, type Message } from "../i18n/keys";
import type { loader as rootLoader } from "../root";

/** The hidden CSRF field every non-GET form carries. */
export function CsrfInput() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />;
}

/**
 * An error as a message (a key, or a key with the values it names: an instant, a limit), or as the string a form
 * library carries it in (which `messageText` shows only if it is one of our keys).
 */
export type FieldError = Message | string;

export function FieldErrors({ id, errors }: { id: string; errors: FieldError[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => messageText(t, e)).join(" ")}
    </p>
  );
}

/**
 * Error text and ARIA wiring for a plain form (not conform-driven) whose action answers errors by field name, as
 * i18n keys: `error(name)` renders the message under a field, `described(name)` marks the field invalid and links it.
 */
export function plainFieldErrors(prefix: string, errors: Record<string, FieldError>) {
  const id = (name: string) => `${prefix}-${name}-error`;
  return {
    error: (name: string) => <FieldErrors id={id(name)} errors={errors[name] ? [errors[name]] : undefined} />,
    described: (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": id(name) } : {}),
  };
}

type FieldProps = {
  meta: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
};

function Field({ meta, label, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${meta.id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
}: FieldProps & { type?: "text" | "email" | "password" | "date" | "search"; autoComplete?: string }) {
  const props = getInputProps(meta, { type });
  return (
    <Field meta={meta} label={label} hint={hint}>
      <input {...props} key={props.key} autoComplete={autoComplete} />
    </Field>
  );
}

export function TextAreaField({ meta, label, hint }: FieldProps) {
  const props = getTextareaProps(meta);
  return (
    <Field meta={meta} label={label} hint={hint}>
      <textarea {...props} key={props.key} rows={3} />
    </Field>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
}: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const props = getSelectProps(meta);
  return (
    <Field meta={meta} label={label} hint={hint}>
      <select {...props} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A form-level error (not tied to a field), announced to screen readers. */
export function FormError({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} className="alert alert-error" role="alert">
      {errors.map((e) => messageText(t, e)).join(" ")}
    </div>
  );
}

function focusFirstInvalid(formId: string) {
  document.getElementById(formId)?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * Moves focus to the first invalid field: after the browser-side check refuses a submission, and after the
 * server answers with errors.
 */
export function useFocusFirstError(formId: string, lastResult: unknown) {
  useEffect(() => {
    if (lastResult) focusFirstInvalid(formId);
  }, [formId, lastResult]);
  useEffect(() => {
    const form = document.getElementById(formId);
    // After React has rendered the errors of this submission.
    const onSubmit = () => setTimeout(() => focusFirstInvalid(formId), 0);
    form?.addEventListener("submit", onSubmit);
    return () => form?.removeEventListener("submit", onSubmit);
  }, [formId]);
}

/**
 * A list's filters (a GET form). Its fields hold the query's values as their defaults; navigating to another query of
 * the same page (clearing the filters, following a sort link) keeps the component mounted, so the form is keyed on
 * the query string to show what the list now shows, not what was last typed.
 */
export function FilterForm({ children, ...props }: Omit<FormProps, "method"> & { children: ReactNode }) {
  const { search } = useLocation();
  return (
    <Form key={search} method="get" className="filters" {...props}>
      {children}
    </Form>
  );
}
